// Which outgoing flows an element takes when it completes. Gateways decide for themselves
// (see ../elements); every other element takes its unconditional flows, the conditional
// ones whose condition holds, and its default flow only when no conditional flow holds.
import { evaluateCondition } from '../expression.js';
import { IncidentError } from '../errors.js';
import type { FlowNode } from '../model.js';
import type { ElementInstance } from '../state.js';
import type { ElementContext } from '../processor.js';

export function selectOutgoing(ctx: ElementContext, ei: ElementInstance, node: FlowNode): string[] {
  if (node.outgoing.length <= 1) return node.outgoing;
  const scope = ctx.lookup(ei);
  const taken: string[] = [];
  let conditionalTaken = false;
  for (const fid of node.outgoing) {
    if (fid === node.defaultFlow) continue;
    const flow = ctx.model.flows[fid];
    if (!flow.condition) taken.push(fid);
    else if (evaluateCondition(flow.condition, scope)) {
      taken.push(fid);
      conditionalTaken = true;
    }
  }
  if (!conditionalTaken && node.defaultFlow) taken.push(node.defaultFlow);
  return taken;
}

/** The flows whose conditions hold, in document order; the default flow when none does. */
export function matchingFlows(ctx: ElementContext, ei: ElementInstance, node: FlowNode, firstOnly: boolean): string[] {
  const scope = ctx.lookup(ei);
  const taken: string[] = [];
  for (const fid of node.outgoing) {
    if (fid === node.defaultFlow) continue;
    const flow = ctx.model.flows[fid];
    if (!flow.condition || evaluateCondition(flow.condition, scope)) {
      taken.push(fid);
      if (firstOnly) break;
    }
  }
  if (taken.length === 0 && node.defaultFlow) taken.push(node.defaultFlow);
  if (taken.length === 0 && node.outgoing.length > 0) throw new IncidentError(`no outgoing flow of ${node.id} matches and it has no default flow`);
  return taken;
}
