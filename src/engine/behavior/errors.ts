// Where a thrown BPMN error or escalation is caught. Looking outwards from the element that
// threw: its own boundary events; then, at each enclosing sub-process, the event sub-processes
// inside it (they catch what happens in their scope first) and then its boundary events; last
// the process's own event sub-processes. A catch with a code catches only that code, one
// without catches everything of its kind; a matching code wins over a catch-all at the same place.
// Thrown by ./definitions/error.ts and ./definitions/escalation.ts.
import type { ElementInstance } from '../state.js';
import type { ElementContext } from '../processor.js';
import { startEventSubProcess } from './event-sub-processes.js';

export type Catch = { host: ElementInstance; boundaryId: string } | { scopeKey: string | null; startId: string };

type Kind = 'error' | 'escalation';

const codeOf = (kind: Kind, ev: { errorCode?: string; escalationCode?: string }) => (kind === 'error' ? ev.errorCode : ev.escalationCode);

function pick(ctx: ElementContext, kind: Kind, code: string | undefined, candidates: string[]): string | null {
  let catchAll: string | null = null;
  for (const id of candidates) {
    const ev = ctx.model.nodes[id]?.event;
    if (ev?.kind !== kind) continue;
    const c = codeOf(kind, ev);
    if (c === undefined) catchAll ??= id;
    else if (c === code) return id;
  }
  return catchAll;
}

/** The start events of the event sub-processes directly inside a scope (a sub-process id, or null for the process), minus those the throw comes from. */
function eventStarts(ctx: ElementContext, scopeElementId: string | null, within: Set<string>): string[] {
  const subs = scopeElementId === null ? ctx.model.eventSubProcesses : ctx.model.nodes[scopeElementId]?.eventSubProcesses;
  const out: string[] = [];
  for (const id of subs ?? []) {
    if (within.has(id)) continue; // a throw inside an event sub-process goes to the scope around it
    const start = ctx.model.nodes[id].startEvent;
    if (start) out.push(start);
  }
  return out;
}

export function findCatch(ctx: ElementContext, from: ElementInstance, kind: Kind, code: string | undefined): Catch | null {
  const within = new Set<string>();
  for (let e: ElementInstance | undefined = from; e; e = e.scopeKey ? ctx.state.elements[e.scopeKey] : undefined) {
    within.add(e.elementId);
    if (e !== from && e.kind === 'subProcess') {
      const start = pick(ctx, kind, code, eventStarts(ctx, e.elementId, within));
      if (start) return { scopeKey: e.key, startId: start };
    }
    if (e.inner) continue; // boundaries of a multi-instance activity sit on its body
    const node = ctx.model.nodes[e.elementId];
    if (e.kind === 'boundaryEvent' || e.kind === 'endEvent' || e.kind === 'intermediateThrowEvent') continue;
    const b = pick(ctx, kind, code, node.boundaries ?? []);
    if (b) return { host: e, boundaryId: b };
  }
  const start = pick(ctx, kind, code, eventStarts(ctx, null, within));
  return start ? { scopeKey: null, startId: start } : null;
}

/** Runs a catch: a boundary event (ending its host when it interrupts), or an event sub-process in its scope. */
export function catchAt(ctx: ElementContext, c: Catch, interrupting: boolean, vars?: Record<string, unknown>): void {
  if ('boundaryId' in c) {
    if (interrupting) ctx.terminate(c.host);
    ctx.activateNow(c.boundaryId, c.host.scopeKey, vars ? { vars } : {});
    return;
  }
  startEventSubProcess(ctx, c.scopeKey, c.startId, interrupting);
}
