// The compensation event definition. A completed activity with a compensation handler is
// remembered in its scope (the instance's `compensable` list); a compensation throw or end
// event runs the handlers of its scope — all, or those of its activityRef — one after the
// other, latest first, and goes on when the last one has completed. A handler has no outgoing
// flows: when it completes, its thrower goes on with the next one.
import type { FlowNode } from '../../model.js';
import type { CompensableRecord, ElementInstance } from '../../state.js';
import type { ElementContext } from '../../processor.js';
import { maxMultiInstance } from '../../bounds.js';

/**
 * A completed activity that can be compensated is remembered in its scope. A completed
 * sub-process hands what completed inside it to its own scope, unless it has a handler of
 * its own, which then stands for them (BPMN's default compensation of a sub-process).
 */
export function rememberCompensable(ctx: ElementContext, ei: ElementInstance, node: FlowNode): void {
  if (ei.inner || !(node.compensationHandler || (ei.kind === 'subProcess' && ctx.state.compensable))) return;
  let list = ctx.state.compensable ?? [];
  if (ei.kind === 'subProcess') {
    list = node.compensationHandler ? list.filter((r) => r.scopeKey !== ei.key) : list.map((r) => (r.scopeKey === ei.key ? { ...r, scopeKey: ei.scopeKey } : r));
  }
  if (node.compensationHandler) list.push({ elementId: ei.elementId, handler: node.compensationHandler, scopeKey: ei.scopeKey });
  // Bounded like everything a loop can grow: the oldest records go first.
  const max = maxMultiInstance(ctx.options);
  if (list.length > max) list = list.slice(list.length - max);
  if (list.length) ctx.state.compensable = list;
  else delete ctx.state.compensable;
}

/** What completed inside an interrupted sub-process can no longer be compensated. */
export function forgetCompensable(ctx: ElementContext, ei: ElementInstance): void {
  if (!ctx.state.compensable || ei.kind !== 'subProcess') return;
  ctx.state.compensable = ctx.state.compensable.filter((r) => r.scopeKey !== ei.key);
  if (!ctx.state.compensable.length) delete ctx.state.compensable;
}

/**
 * A compensation throw or end event: the completed activities of its scope (of the scope
 * around it when it sits in an event sub-process) that have handlers — all, or those of its
 * activityRef — are compensated one after the other, latest first; it goes on when the last
 * handler has completed.
 */
export function compensate(ctx: ElementContext, thrower: ElementInstance, node: FlowNode): void {
  let scopeKey = thrower.scopeKey;
  const scope = scopeKey ? ctx.state.elements[scopeKey] : null;
  if (scope && ctx.model.nodes[scope.elementId].eventSubProcess) scopeKey = scope.scopeKey;
  const ref = node.event?.activityRef;
  const chosen: CompensableRecord[] = [];
  const kept: CompensableRecord[] = [];
  for (const r of ctx.state.compensable ?? []) (r.scopeKey === scopeKey && (!ref || r.elementId === ref) ? chosen : kept).push(r);
  if (kept.length) ctx.state.compensable = kept;
  else delete ctx.state.compensable;
  thrower.compensating = chosen.reverse();
  ctx.record('compensation.thrown', thrower, { data: { activities: chosen.map((r) => r.elementId) } });
  compensateNext(ctx, thrower);
}

/** A compensation handler completed: its thrower (if it is still there) goes on with the next one. */
export function handlerCompleted(ctx: ElementContext, handler: ElementInstance): void {
  const thrower = ctx.state.elements[handler.compensates!];
  if (thrower) compensateNext(ctx, thrower);
}

/** Starts the next compensation handler of a thrower, or lets the thrower go on when none is left. */
function compensateNext(ctx: ElementContext, thrower: ElementInstance): void {
  const next = thrower.compensating?.shift();
  if (!next) {
    delete thrower.compensating;
    ctx.complete(thrower);
    return;
  }
  if (next.scopeKey !== null && !ctx.state.elements[next.scopeKey]) {
    compensateNext(ctx, thrower);
    return;
  }
  ctx.activateNow(next.handler, next.scopeKey, { compensates: thrower.key });
}
