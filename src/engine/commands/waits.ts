// The commands that deliver what an element waits for: a task completed, a timer due, an
// asynchronous continuation, a service handler's result (done, failed, or a BPMN error), a
// message or signal correlated, a called process ended. Each consumes what delivered it (the
// task, job or subscription) and hands the trigger to the element's processor.
import { ConflictError } from '../errors.js';
import type { ProcessModel } from '../model.js';
import type { Actor, ElementInstance, InstanceState, JobRecord, SubscriptionRecord, TaskRecord } from '../state.js';
import { Context, type EngineOptions } from '../core.js';
import { processorFor } from '../elements/index.js';
import { validateForm } from '../behavior/form.js';
import { keepsListening, rearmCycle } from '../behavior/events.js';
import { serviceJobFailed } from '../behavior/service-jobs.js';
import { bounded, requireElement, throwBounded, trigger, type CommandResult } from './bounded.js';

export interface CompleteTaskOptions {
  variables?: Record<string, unknown>;
  actor?: Actor;
}

/** Completes a user task. A task that is no longer open gives a ConflictError (HTTP 409). */
export function completeTask(state: InstanceState, model: ProcessModel, task: TaskRecord, opts: CompleteTaskOptions, now: Date, options: EngineOptions = {}): CommandResult {
  const ei = requireElement(state, task.elementKey, `task ${task.id}`);
  if (ei.taskId !== task.id) throw new ConflictError(`task ${task.id} is no longer open`);
  const variables = opts.variables ?? {};
  const node = model.nodes[ei.elementId];
  validateForm(node.form, variables);
  return trigger(state, model, ei.key, { kind: 'task', variables }, now, options, (ctx, ei) => {
    ctx.effects.tasksClosed.push({ id: task.id, status: 'completed' });
    ctx.record('task.completed', ei, {
      taskId: task.id,
      actor: opts.actor?.username,
      department: opts.actor?.departmentCode ?? task.candidates.departments[0],
      data: Object.keys(variables).length ? { variables } : undefined,
    });
  });
}

/** A timer job fell due. A job whose element has moved on gives a ConflictError. */
export function fireTimer(state: InstanceState, model: ProcessModel, job: JobRecord, now: Date, options: EngineOptions = {}): CommandResult {
  const ei = requireElement(state, job.elementKey, `timer ${job.id}`);
  if (!ei.jobs?.includes(job.id)) throw new ConflictError(`timer ${job.id} is no longer scheduled`);
  return trigger(state, model, ei.key, { kind: 'timer', target: job.target ?? ei.elementId }, now, options, (ctx, ei) => {
    ei.jobs = ei.jobs!.filter((j) => j !== job.id);
    ctx.effects.jobsRemoved.push(job.id);
    ctx.record('timer.fired', ei, { data: { jobId: job.id, target: job.target ?? ei.elementId, dueAt: job.dueAt } });
    // A repeating cycle on a non-interrupting boundary schedules its next firing first.
    const target = model.nodes[job.target ?? ei.elementId];
    if (keepsListening(target) && target.event?.timer?.type === 'cycle') ctx.guard(ei, () => rearmCycle(ctx, ei, target, job.fired ?? 0), 'trigger');
  });
}

/** An asynchronous continuation: the activity that waited for it starts now. */
export function runContinuation(state: InstanceState, model: ProcessModel, job: JobRecord, now: Date, options: EngineOptions = {}): CommandResult {
  const found = requireElement(state, job.elementKey, `continuation ${job.id}`);
  if (!found.jobs?.includes(job.id)) throw new ConflictError(`continuation ${job.id} is no longer scheduled`);
  const begin = (): [Context, ElementInstance] => {
    const ctx = new Context(state, model, now, options);
    const ei = state.elements[job.elementKey];
    ei.jobs = ei.jobs!.filter((j) => j !== job.id);
    ctx.effects.jobsRemoved.push(job.id);
    return [ctx, ei];
  };
  return bounded(
    state,
    model,
    options,
    () => {
      const [ctx, ei] = begin();
      ctx.guard(ei, () => processorFor(ei.kind).onActivate(ctx, ei, model.nodes[ei.elementId]));
      ctx.run();
      return { state, effects: ctx.effects };
    },
    (err) => {
      const [ctx, ei] = begin();
      ctx.raiseIncident(ei, err.message, undefined, 'activate');
      return { state, effects: ctx.effects };
    },
  );
}

/** A service task's handler returned. */
export function completeJob(state: InstanceState, model: ProcessModel, job: JobRecord, variables: Record<string, unknown>, now: Date, options: EngineOptions = {}): CommandResult {
  const ei = requireElement(state, job.elementKey, `job ${job.id}`);
  if (!ei.jobs?.includes(job.id)) throw new ConflictError(`job ${job.id} is no longer active`);
  return trigger(state, model, ei.key, { kind: 'job', variables }, now, options, (ctx, ei) => {
    ei.jobs = ei.jobs!.filter((j) => j !== job.id);
    ctx.effects.jobsRemoved.push(job.id);
  });
}

/** A service task's handler failed: retry after a back-off, or raise an incident when no retries are left. */
export function failJob(state: InstanceState, model: ProcessModel, job: JobRecord, message: string, now: Date, options: EngineOptions = {}): CommandResult {
  const ei = requireElement(state, job.elementKey, `job ${job.id}`);
  if (!ei.jobs?.includes(job.id)) throw new ConflictError(`job ${job.id} is no longer active`);
  const ctx = new Context(state, model, now, options);
  ei.jobs = ei.jobs.filter((j) => j !== job.id);
  ctx.effects.jobsRemoved.push(job.id);
  serviceJobFailed(ctx, ei, model.nodes[ei.elementId], job, message);
  ctx.run();
  return { state, effects: ctx.effects };
}

/** A service task's handler threw a BPMN error with a code: caught by an error boundary or raised further. */
export function throwJobError(state: InstanceState, model: ProcessModel, job: JobRecord, errorCode: string, now: Date, options: EngineOptions = {}): CommandResult {
  const ei = requireElement(state, job.elementKey, `job ${job.id}`);
  if (!ei.jobs?.includes(job.id)) throw new ConflictError(`job ${job.id} is no longer active`);
  return throwBounded(state, model, ei.key, errorCode, now, options, (ctx, e) => {
    e.jobs = e.jobs!.filter((j) => j !== job.id);
    ctx.effects.jobsRemoved.push(job.id);
  });
}

/** Delivers a message to a subscription of this instance. */
export function correlateMessage(
  state: InstanceState,
  model: ProcessModel,
  sub: SubscriptionRecord,
  variables: Record<string, unknown>,
  now: Date,
  options: EngineOptions = {},
  actor?: Actor,
): CommandResult {
  const ei = requireElement(state, sub.elementKey, `message ${sub.messageName}`);
  if (!ei.subscriptions?.includes(sub.id)) throw new ConflictError(`subscription ${sub.id} is closed`);
  return trigger(state, model, ei.key, { kind: 'message', target: sub.target, variables }, now, options, (ctx, ei) => {
    if (!keepsListening(model.nodes[sub.target])) {
      ei.subscriptions = ei.subscriptions!.filter((s) => s !== sub.id);
      ctx.effects.subscriptionsRemoved.push(sub.id);
    }
    ctx.record('message.correlated', ei, {
      actor: actor?.username,
      department: actor?.departmentCode,
      data: { messageName: sub.messageName, correlationKey: sub.correlationKey, target: sub.target },
    });
  });
}

/** A process started by a call activity ended. */
export function completeCallActivity(
  state: InstanceState,
  model: ProcessModel,
  notice: { elementKey: string; outcome: 'completed' | 'error'; variables: Record<string, unknown>; errorCode?: string },
  now: Date,
  options: EngineOptions = {},
): CommandResult {
  const ei = requireElement(state, notice.elementKey, 'called process');
  if (ei.kind !== 'callActivity') throw new ConflictError(`element ${ei.elementId} is not a call activity`);
  if (notice.outcome === 'error') {
    return throwBounded(state, model, ei.key, notice.errorCode, now, options, (_ctx, e) => {
      delete e.childInstanceId;
    });
  }
  return trigger(state, model, ei.key, { kind: 'child', variables: notice.variables }, now, options);
}
