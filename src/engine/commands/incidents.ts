// Resolving an incident: the failed service job is tried again, or the element is run again
// from where it failed (activated, completed, or its trigger or thrown error delivered again)
// with the corrected variables. Refused, changing nothing, if it runs into the step bound again.
import { ConflictError, InvalidInputError } from '../errors.js';
import type { ProcessModel } from '../model.js';
import type { Trigger } from '../processor.js';
import type { InstanceState } from '../state.js';
import { Context, type EngineOptions } from '../core.js';
import { processorFor } from '../elements/index.js';
import { setVariables } from '../behavior/variables.js';
import { armEvent, clearOwnedWaits, subscribeBoundaries } from '../behavior/events.js';
import { throwError } from '../behavior/definitions/error.js';
import { addServiceJob } from '../behavior/service-jobs.js';
import { bounded, requireElement, type CommandResult } from './bounded.js';

/** Resolves an incident: retries the failed job, or re-runs the element with the (corrected) variables. */
export function resolveIncident(
  state: InstanceState,
  model: ProcessModel,
  incident: { id: string; elementKey: string; jobId?: string; serviceType?: string },
  variables: Record<string, unknown>,
  now: Date,
  options: EngineOptions = {},
): CommandResult {
  const found = requireElement(state, incident.elementKey, `incident ${incident.id}`);
  if (found.incidentId !== incident.id) throw new ConflictError(`incident ${incident.id} is already resolved`);
  return bounded(
    state,
    model,
    options,
    () => resolveNow(state, model, incident, variables, now, options),
    (err) => {
      // Refused, and nothing changes: the incident stays open until the data lets the model through.
      throw new InvalidInputError(`resolving incident ${incident.id} runs into the bound again: ${err.message}`);
    },
  );
}

function resolveNow(
  state: InstanceState,
  model: ProcessModel,
  incident: { id: string; elementKey: string; jobId?: string; serviceType?: string },
  variables: Record<string, unknown>,
  now: Date,
  options: EngineOptions,
): CommandResult {
  const ei = state.elements[incident.elementKey];
  const ctx = new Context(state, model, now, options);
  setVariables(state.variables, variables);
  delete ei.incidentId;
  ctx.effects.incidentsResolved.push(incident.id);
  ctx.record('incident.resolved', ei, { data: { incidentId: incident.id } });
  const node = model.nodes[ei.elementId];
  const phase = ei.incidentPhase ?? 'activate';
  delete ei.incidentPhase;
  if (incident.jobId) {
    addServiceJob(ctx, ei, node, incident.serviceType ?? node.serviceType);
  } else if (phase === 'retry') {
    const retry = ei.retry ?? {};
    delete ei.retry;
    if (retry.trigger) {
      // The trigger's variables are delivered again, and what the resolver corrects wins.
      const t: Trigger = 'variables' in retry.trigger ? { ...retry.trigger, variables: { ...retry.trigger.variables, ...variables } } : retry.trigger;
      ctx.guard(ei, () => processorFor(ei.kind).onTrigger?.(ctx, ei, node, t), 'trigger');
    } else throwError(ctx, ei, retry.errorCode ?? undefined);
  } else if (phase === 'complete') {
    ctx.complete(ei);
  } else if (phase === 'activate') {
    if (ei.listener) {
      // An event sub-process start that could not be armed (its correlation key or timer): arm it again.
      clearOwnedWaits(ctx, ei);
      ctx.guard(ei, () => armEvent(ctx, ei, node, node.id));
    } else {
      clearOwnedWaits(ctx, ei);
      if (node.boundaries?.length && !ei.inner && !ctx.guard(ei, () => subscribeBoundaries(ctx, ei, node))) {
        ctx.run();
        return { state, effects: ctx.effects };
      }
      ctx.guard(ei, () => processorFor(ei.kind).onActivate(ctx, ei, node));
    }
  }
  // phase 'trigger': the element waits again for its task, timer, message or called process.
  ctx.run();
  return { state, effects: ctx.effects };
}
