// Cancelling an instance, and setting its variables from outside.
import { ConflictError } from '../errors.js';
import type { ProcessModel } from '../model.js';
import type { Actor, InstanceState } from '../state.js';
import { Context, type EngineOptions } from '../core.js';
import { setVariables } from '../behavior/variables.js';
import type { CommandResult } from './bounded.js';

/** Cancels a running instance: every element is terminated, tasks and jobs withdrawn. */
export function cancelInstance(state: InstanceState, model: ProcessModel, now: Date, opts: { actor?: Actor; reason?: string } = {}, options: EngineOptions = {}): CommandResult {
  if (state.status !== 'active') throw new ConflictError(`the process instance is already ${state.status}`);
  const ctx = new Context(state, model, now, options);
  ctx.terminateScope(null);
  state.status = 'cancelled';
  state.endedAt = ctx.nowIso;
  ctx.record('process.cancelled', null, { actor: opts.actor?.username, department: opts.actor?.departmentCode, data: opts.reason ? { reason: opts.reason } : undefined });
  return { state, effects: ctx.effects };
}

/** Sets process variables (no other effect). */
export function setInstanceVariables(state: InstanceState, variables: Record<string, unknown>): void {
  setVariables(state.variables, variables);
}
