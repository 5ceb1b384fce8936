// Starting an instance: at the none start event, or at the start event of a message, a signal,
// a timer or a condition; the event sub-processes of the process start listening first.
import { InvalidInputError } from '../errors.js';
import type { ProcessModel } from '../model.js';
import type { Actor, InstanceState } from '../state.js';
import { Context, type EngineOptions } from '../core.js';
import { setVariables } from '../behavior/variables.js';
import { armEventSubProcesses } from '../behavior/event-sub-processes.js';
import { LoopLimitError } from '../bounds.js';
import type { CommandResult } from './bounded.js';

export interface StartOptions {
  instanceId: string;
  deploymentId: string;
  variables?: Record<string, unknown>;
  businessKey?: string;
  /** A message start event (by message name); default the none start event. */
  messageName?: string;
  /** A signal start event (by signal name). */
  signalName?: string;
  /** A timer or conditional start event of the process (by id). */
  startEventId?: string;
  /** A timer start: the job that fired, for the history. */
  timer?: { jobId: string; dueAt: string };
  parent?: { instanceId: string; elementKey: string };
  actor?: Actor;
}

function freshState(model: ProcessModel, opts: StartOptions, now: Date): InstanceState {
  const state: InstanceState = {
    id: opts.instanceId,
    processId: model.id,
    deploymentId: opts.deploymentId,
    status: 'active',
    variables: {},
    elements: {},
    nextKey: 1,
    joins: {},
    startedAt: now.toISOString(),
  };
  if (opts.businessKey) state.businessKey = opts.businessKey;
  if (opts.parent) state.parent = opts.parent;
  setVariables(state.variables, opts.variables ?? {});
  return state;
}

function beginStart(state: InstanceState, model: ProcessModel, opts: StartOptions, now: Date, options: EngineOptions): Context {
  const ctx = new Context(state, model, now, options);
  ctx.record('process.started', null, {
    actor: opts.actor?.username,
    department: opts.actor?.departmentCode,
    data: {
      businessKey: opts.businessKey ?? null,
      variables: { ...state.variables },
      ...(opts.parent ? { parentInstanceId: opts.parent.instanceId } : {}),
      ...(opts.timer ? { timer: opts.timer } : {}),
      ...(opts.startEventId ? { startEvent: opts.startEventId } : {}),
    },
  });
  return ctx;
}

export function startInstance(model: ProcessModel, opts: StartOptions, now: Date, options: EngineOptions = {}): CommandResult {
  const startId = opts.startEventId
    ? [...(model.timerStarts ?? []), ...(model.conditionalStarts ?? [])].find((id) => id === opts.startEventId)
    : opts.messageName
      ? model.messageStarts[opts.messageName]
      : opts.signalName
        ? model.signalStarts?.[opts.signalName]
        : model.startEvent;
  if (!startId) {
    throw new InvalidInputError(
      opts.startEventId
        ? `process ${model.id} has no timer or conditional start event ${opts.startEventId}`
        : opts.messageName
          ? `process ${model.id} has no start event for message "${opts.messageName}"`
          : opts.signalName
            ? `process ${model.id} has no start event for signal "${opts.signalName}"`
            : `process ${model.id} has no none start event`,
    );
  }
  const state = freshState(model, opts, now);
  try {
    const ctx = beginStart(state, model, opts, now, options);
    if (model.eventSubProcesses) armEventSubProcesses(ctx, null, model.eventSubProcesses);
    ctx.enqueueActivate(startId, null);
    ctx.run();
    return { state, effects: ctx.effects };
  } catch (err) {
    if (!(err instanceof LoopLimitError)) throw err;
    // The instance starts, and waits at its start event with the incident; resolving re-runs it.
    const again = freshState(model, opts, now);
    const ctx = beginStart(again, model, opts, now, options);
    ctx.raiseIncident(ctx.enter(startId, null), err.message, undefined, 'activate');
    return { state: again, effects: ctx.effects };
  }
}
