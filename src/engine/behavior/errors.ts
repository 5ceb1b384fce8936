// Where a thrown BPMN error is caught: the nearest error boundary event matching its code,
// looking first at the element that threw, then outwards through its enclosing scopes.
// A boundary without an error code catches every error; one with a code only that code.
import type { ElementInstance } from '../state.js';
import type { Context } from '../core.js';

export function findErrorCatch(ctx: Context, from: ElementInstance, errorCode: string | undefined): { host: ElementInstance; boundaryId: string } | null {
  for (let e: ElementInstance | undefined = from; e; e = e.scopeKey ? ctx.state.elements[e.scopeKey] : undefined) {
    if (e.inner) continue; // boundaries of a multi-instance activity sit on its body
    const node = ctx.model.nodes[e.elementId];
    if (e.kind === 'boundaryEvent' || e.kind === 'endEvent') continue;
    let catchAll: string | null = null;
    for (const b of node.boundaries ?? []) {
      const ev = ctx.model.nodes[b].event;
      if (ev?.kind !== 'error') continue;
      if (ev.errorCode === undefined) catchAll ??= b;
      else if (ev.errorCode === errorCode) return { host: e, boundaryId: b };
    }
    if (catchAll) return { host: e, boundaryId: catchAll };
  }
  return null;
}
