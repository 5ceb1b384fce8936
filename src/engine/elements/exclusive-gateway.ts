// An exclusive gateway leaves by the first flow whose condition holds, else its default.
import type { ElementProcessor } from '../processor.js';
import { matchingFlows } from '../behavior/flows.js';

export const exclusiveGatewayProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    ctx.complete(ei, matchingFlows(ctx, ei, node, true));
  },
};
