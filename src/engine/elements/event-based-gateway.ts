// An event-based gateway waits for the first of the events after it; that one wins, the
// others are withdrawn.
import type { ElementProcessor } from '../processor.js';
import { armEvent } from '../behavior/events.js';
import { setVariables } from '../behavior/variables.js';

export const eventBasedGatewayProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    for (const fid of node.outgoing) {
      const target = ctx.model.nodes[ctx.model.flows[fid].target];
      armEvent(ctx, ei, target, target.id);
    }
  },
  onTrigger(ctx, ei, _node, t) {
    if (t.kind !== 'timer' && t.kind !== 'message' && t.kind !== 'condition') return;
    if (t.kind === 'message') setVariables(ctx.state.variables, t.variables);
    const scopeKey = ei.scopeKey;
    ctx.complete(ei, []);
    ctx.triggered.add(t.target);
    ctx.activateNow(t.target, scopeKey);
  },
};
