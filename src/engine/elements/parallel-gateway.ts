// A parallel gateway forks over every outgoing flow; with several incoming flows it joins,
// going on once a token has arrived over each.
import type { ElementProcessor } from '../processor.js';
import { arriveAtJoin, consumeJoin, joinKey } from '../behavior/join.js';

export const parallelGatewayProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    ctx.complete(ei, node.outgoing);
  },
  onTokenArrived(ctx, node, scopeKey, flowId) {
    const arrived = arriveAtJoin(ctx, node.id, scopeKey, flowId);
    if (!node.incoming.every((f) => arrived.includes(f))) return false;
    consumeJoin(ctx, joinKey(scopeKey, node.id), node.incoming);
    return true;
  },
};
