// A boundary event, once its host fired it (see ../behavior/activity.ts), goes on at once.
import type { ElementProcessor } from '../processor.js';

export const boundaryEventProcessor: ElementProcessor = {
  onActivate(ctx, ei) {
    ctx.complete(ei);
  },
};
