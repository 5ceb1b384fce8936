// Waiting for events: each event definition (./definitions: timer, message, signal,
// conditional) arms a wait owned by an element instance (the catch event itself, the activity
// carrying boundary events, the event-based gateway, or a scope listening for its event
// sub-processes), withdrawn when that instance ends. Errors, escalations and compensation are
// thrown by their own definitions (./definitions/error.ts, escalation.ts, compensation.ts) and
// caught as ./errors.ts says.
import type { FlowNode } from '../model.js';
import type { ElementInstance } from '../state.js';
import type { ElementContext } from '../processor.js';
import { armTimer } from './definitions/timer.js';
import { armMessage } from './definitions/message.js';
import { armSignal } from './definitions/signal.js';
import { armConditional } from './definitions/conditional.js';

export { computeTimerDue, rearmCycle, startTimerDue } from './definitions/timer.js';
export { sendMessage } from './definitions/message.js';
export { sendSignal, signalSubscription } from './definitions/signal.js';

/** Arms the event of `eventNode` on behalf of `owner` (timer job, message or signal subscription, condition). */
export function armEvent(ctx: ElementContext, owner: ElementInstance, eventNode: FlowNode, target: string): void {
  switch (eventNode.event?.kind) {
    case 'timer':
      return armTimer(ctx, owner, eventNode, target);
    case 'message':
      return armMessage(ctx, owner, eventNode, target);
    case 'signal':
      return armSignal(ctx, owner, eventNode, target);
    case 'conditional':
      return armConditional(owner, target);
  }
}

export function subscribeBoundaries(ctx: ElementContext, host: ElementInstance, node: FlowNode): void {
  for (const b of node.boundaries ?? []) {
    const bn = ctx.model.nodes[b];
    const kind = bn.event?.kind;
    if (kind === 'timer' || kind === 'message' || kind === 'signal' || kind === 'conditional') armEvent(ctx, host, bn, b);
  }
}

export function clearOwnedWaits(ctx: ElementContext, ei: ElementInstance): void {
  if (ei.jobs?.length) ctx.effects.jobsRemoved.push(...ei.jobs);
  if (ei.subscriptions?.length) ctx.effects.subscriptionsRemoved.push(...ei.subscriptions);
  delete ei.jobs;
  delete ei.subscriptions;
  delete ei.conds;
}

/** A non-interrupting boundary event or event sub-process start keeps its wait after it fired (a cycle re-arms, a subscription stays). */
export function keepsListening(target: FlowNode): boolean {
  return (target.kind === 'boundaryEvent' || target.kind === 'startEvent') && target.cancelActivity === false;
}

/** A boundary event fired on `host`: interrupting ones end the host first. */
export function triggerBoundary(ctx: ElementContext, host: ElementInstance, boundaryId: string, variables: Record<string, unknown> = {}): void {
  const b = ctx.model.nodes[boundaryId];
  if (b.cancelActivity !== false) ctx.terminate(host);
  ctx.activateNow(boundaryId, host.scopeKey, Object.keys(variables).length ? { vars: variables } : {});
}
