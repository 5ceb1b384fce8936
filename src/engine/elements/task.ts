// Plain and manual tasks pass straight through (a boundary event aimed at one still fires).
import type { ElementProcessor } from '../processor.js';
import { handleBoundaryTrigger } from '../behavior/activity.js';

export const passThroughTaskProcessor: ElementProcessor = {
  onActivate(ctx, ei) {
    ctx.complete(ei);
  },
  onTrigger(ctx, ei, _node, t) {
    handleBoundaryTrigger(ctx, ei, t);
  },
};
