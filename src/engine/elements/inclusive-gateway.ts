// An inclusive gateway leaves by every flow whose condition holds (else its default); with
// several incoming flows it joins, deciding only when nothing else moves in the instance:
// it goes on when no other token of its scope can still reach it (../behavior/join.ts).
import type { ElementProcessor } from '../processor.js';
import { matchingFlows } from '../behavior/flows.js';
import { arriveAtJoin, canFireInclusiveJoin, consumeJoin } from '../behavior/join.js';

export const inclusiveGatewayProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    ctx.complete(ei, matchingFlows(ctx, ei, node, false));
  },
  onTokenArrived(ctx, node, scopeKey, flowId) {
    arriveAtJoin(ctx, node.id, scopeKey, flowId);
    return false;
  },
  joinsWhenIdle(ctx, node, scopeKey, key) {
    if (!canFireInclusiveJoin(ctx, node, scopeKey, key)) return false;
    consumeJoin(ctx, key, [...new Set(ctx.state.joins[key])]);
    return true;
  },
};
