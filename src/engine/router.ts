// The effect router: what a command asks of other instances — cancel the process a call
// activity started, start a called process, tell the caller its process ended, publish a
// message, broadcast a signal — carried out in one order by both engines. The router decides
// what happens and in which order; an engine says only how it finds and runs the instances
// (the memory engine in its maps, the durable one in the command's transaction, within the
// region). The routes are a lazy sequence, so the memory engine runs them one by one as they
// come and the durable engine awaits each before asking for the next.
import { Context, type EngineOptions } from './core.js';
import { cancelInstance, completeCallActivity, type CommandResult } from './commands/index.js';
import type { ProcessModel } from './model.js';
import type { ChildStart, Effects, InstanceState, ParentNotice, SentMessage, SentSignal } from './state.js';

/** How an engine carries each kind of route; `R` is void (in memory) or a promise (durable). */
export interface EffectRoutes<R> {
  /** The process a call activity started must end (the call activity ended first). */
  cancelChild(instanceId: string): R;
  /** A call activity starts its called process. */
  startChild(child: ChildStart): R;
  /** A called process ended: its call activity goes on (or catches its error). */
  notifyParent(notice: ParentNotice): R;
  publishMessage(message: SentMessage): R;
  broadcastSignal(signal: SentSignal): R;
}

/** True when a command's effects reach other instances (calls, their ends, messages, cancellations). */
export function reachesOthers(fx: Effects): boolean {
  return fx.childrenStarted.length > 0 || fx.childrenCancelled.length > 0 || fx.parentNotice !== undefined || fx.messagesSent.length > 0 || fx.signalsSent.length > 0;
}

/**
 * The routes of a command's effects, in order: cancellations first (a call activity that was
 * interrupted), then called processes started, the caller told, messages, signals.
 */
export function* routeEffects<R>(fx: Effects, to: EffectRoutes<R>): Generator<R> {
  for (const id of fx.childrenCancelled) yield to.cancelChild(id);
  for (const c of fx.childrenStarted) yield to.startChild(c);
  if (fx.parentNotice) yield to.notifyParent(fx.parentNotice);
  for (const m of fx.messagesSent) yield to.publishMessage(m);
  for (const s of fx.signalsSent) yield to.broadcastSignal(s);
}

/** Carries the routes at once, one after the other (the memory engine). */
export function routeNow(fx: Effects, to: EffectRoutes<void>): void {
  const routes = routeEffects(fx, to);
  while (!routes.next().done);
}

/** Carries the routes one after the other, each awaited before the next is asked for (the durable engine). */
export async function routeInTurn(fx: Effects, to: EffectRoutes<Promise<void>>): Promise<void> {
  for (const done of routeEffects(fx, to)) await done;
}

// ---- the commands a route runs on the instance it reaches ----------------------------------

/** Cancels a called process whose call activity ended; null when it has ended already. */
export function cancelCalledProcess(child: InstanceState, model: ProcessModel, now: Date, options: EngineOptions): CommandResult | null {
  if (child.status !== 'active') return null;
  return cancelInstance(child, model, now, { reason: 'parent ended' }, options);
}

/** The call activity hears its process ended; null when the caller or the call activity has moved on. */
export function notifyCaller(parent: InstanceState, model: ProcessModel, notice: ParentNotice, now: Date, options: EngineOptions): CommandResult | null {
  if (parent.status !== 'active' || !parent.elements[notice.elementKey]) return null;
  return completeCallActivity(parent, model, notice, now, options);
}

/** A call activity whose called process is not deployed waits with an incident; null when it has moved on. */
export function calledProcessMissing(caller: InstanceState, model: ProcessModel, child: ChildStart, now: Date, options: EngineOptions): CommandResult | null {
  const ei = caller.elements[child.parent.elementKey];
  if (!ei) return null;
  const ctx = new Context(caller, model, now, options);
  ctx.raiseIncident(ei, `called process ${child.processId} is not deployed`);
  return { state: caller, effects: ctx.effects };
}
