// How a command runs on an instance: on a live element (refused with a ConflictError when the
// instance or the element has moved on), and bounded — a command that runs over the step
// bound is rolled back and leaves its element waiting with an incident instead.
import { ConflictError, InvalidInputError } from '../errors.js';
import type { ProcessModel } from '../model.js';
import type { Trigger } from '../processor.js';
import type { Effects, ElementInstance, InstanceState } from '../state.js';
import { Context, type EngineOptions } from '../core.js';
import { throwError } from '../behavior/definitions/error.js';
import { LoopLimitError, mayRunAway } from '../bounds.js';

export interface CommandResult {
  state: InstanceState;
  effects: Effects;
}

/** The element a command is aimed at, if the instance runs and the element is still there. */
export function requireElement(state: InstanceState, key: string, what: string): ElementInstance {
  if (state.status !== 'active') throw new ConflictError(`${what}: the process instance is ${state.status}`);
  const ei = state.elements[key];
  if (!ei) throw new ConflictError(`${what}: the element has already moved on`);
  return ei;
}

/**
 * Commands that may activate elements run bounded: when one runs over the step bound it is
 * rolled back — the state is restored to what it was before (a copy is kept only for models
 * that can run away at all, see ../bounds.ts) — and the command leaves something else instead,
 * normally its own element waiting with an incident. `snapshot` is taken before the command,
 * `rollBack` after it threw; written without closures, as they are on every command's path.
 */
export function snapshot(state: InstanceState, model: ProcessModel, options: EngineOptions): string | null {
  return mayRunAway(model, options) ? JSON.stringify(state) : null;
}

export function rollBack(err: unknown, state: InstanceState, saved: string | null): LoopLimitError {
  if (!(err instanceof LoopLimitError)) throw err;
  // Unreachable for models mayRunAway clears; refused rather than half-applied if it ever is.
  if (saved === null) throw new InvalidInputError(err.message);
  const before = JSON.parse(saved) as InstanceState;
  for (const k of Object.keys(state)) delete (state as unknown as Record<string, unknown>)[k];
  Object.assign(state, before);
  return err;
}

export function bounded(
  state: InstanceState,
  model: ProcessModel,
  options: EngineOptions,
  run: () => CommandResult,
  onLoop: (err: LoopLimitError) => CommandResult,
): CommandResult {
  const saved = snapshot(state, model, options);
  try {
    return run();
  } catch (err) {
    return onLoop(rollBack(err, state, saved));
  }
}

/**
 * Delivers a trigger to an element. `before` consumes what delivered it (the task, the job,
 * the subscription) and records it; over the step bound that much stays done and the element
 * waits with an incident holding the trigger, delivered again when the incident is resolved.
 */
export function trigger(
  state: InstanceState,
  model: ProcessModel,
  key: string,
  t: Trigger,
  now: Date,
  options: EngineOptions,
  before?: (ctx: Context, ei: ElementInstance) => void,
): CommandResult {
  const saved = snapshot(state, model, options);
  try {
    const ctx = new Context(state, model, now, options);
    const ei = state.elements[key];
    before?.(ctx, ei);
    ctx.deliver(ei, t);
    ctx.run();
    return { state, effects: ctx.effects };
  } catch (err) {
    const loop = rollBack(err, state, saved);
    const ctx = new Context(state, model, now, options);
    const ei = state.elements[key];
    before?.(ctx, ei);
    ei.retry = { trigger: t };
    ctx.raiseIncident(ei, loop.message, undefined, 'retry');
    return { state, effects: ctx.effects };
  }
}

/** Throws a BPMN error from an element, bounded like every command (see trigger). */
export function throwBounded(
  state: InstanceState,
  model: ProcessModel,
  key: string,
  errorCode: string | undefined,
  now: Date,
  options: EngineOptions,
  before: (ctx: Context, ei: ElementInstance) => void,
): CommandResult {
  return bounded(
    state,
    model,
    options,
    () => {
      const ctx = new Context(state, model, now, options);
      const ei = state.elements[key];
      before(ctx, ei);
      throwError(ctx, ei, errorCode);
      ctx.run();
      return { state, effects: ctx.effects };
    },
    (err) => {
      const ctx = new Context(state, model, now, options);
      const ei = state.elements[key];
      before(ctx, ei);
      ei.retry = { errorCode: errorCode ?? null };
      ctx.raiseIncident(ei, err.message, undefined, 'retry');
      return { state, effects: ctx.effects };
    },
  );
}
