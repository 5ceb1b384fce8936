// What every activity shares: a timer, message or condition aimed at one of its boundary events
// (rather than at the activity itself) fires that boundary event.
import type { Trigger } from '../processor.js';
import type { ElementInstance } from '../state.js';
import type { ElementContext } from '../processor.js';
import { triggerBoundary } from './events.js';
import { setVariables } from './variables.js';

export function handleBoundaryTrigger(ctx: ElementContext, ei: ElementInstance, t: Trigger): boolean {
  if ((t.kind === 'timer' || t.kind === 'message' || t.kind === 'condition') && t.target !== ei.elementId) {
    if (t.kind === 'message') setVariables(ctx.state.variables, t.variables);
    triggerBoundary(ctx, ei, t.target);
    return true;
  }
  return false;
}

/** Variables given when an activity completes: local to a multi-instance inner instance, else the process's. */
export function applyOutput(ctx: ElementContext, ei: ElementInstance, variables: Record<string, unknown>): void {
  if (ei.inner) setVariables((ei.vars ??= {}), variables);
  else setVariables(ctx.state.variables, variables);
}
