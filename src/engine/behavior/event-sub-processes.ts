// Event sub-processes: a scope (the process, a sub-process) listens for the timer, message,
// signal and conditional starts of its event sub-processes while it runs — each a listener
// element instance owned by the scope, withdrawn with it; error and escalation starts are
// found when something is thrown (./errors.ts). Started, an interrupting one first ends
// everything else in its scope.
import type { ElementInstance } from '../state.js';
import type { ElementContext } from '../processor.js';
import { armEvent } from './events.js';

/** Arms the timer, message, signal and conditional starts of the event sub-processes of a scope (listeners owned by the scope). */
export function armEventSubProcesses(ctx: ElementContext, scopeKey: string | null, subs: string[] | undefined): void {
  for (const id of subs ?? []) {
    const startId = ctx.model.nodes[id].startEvent;
    const start = startId ? ctx.model.nodes[startId] : undefined;
    const kind = start?.event?.kind;
    if (!start || (kind !== 'timer' && kind !== 'message' && kind !== 'signal' && kind !== 'conditional')) continue;
    const listener: ElementInstance = { key: ctx.newKey(), elementId: start.id, kind: 'startEvent', scopeKey, enteredAt: ctx.nowIso, listener: true };
    ctx.state.elements[listener.key] = listener;
    ctx.guard(listener, () => armEvent(ctx, listener, start, start.id));
  }
}

/** Starts the event sub-process of `startId` in a scope; an interrupting one ends everything else there first. */
export function startEventSubProcess(ctx: ElementContext, scopeKey: string | null, startId: string, interrupting: boolean): void {
  if (interrupting) {
    ctx.terminateScope(scopeKey);
    ctx.dropQueued(scopeKey);
  }
  ctx.activateNow(ctx.model.nodes[startId].scope, scopeKey);
}
