// A send task publishes its message and goes on.
import type { ElementProcessor } from '../processor.js';
import { handleBoundaryTrigger } from '../behavior/activity.js';
import { sendMessage } from '../behavior/definitions/message.js';

/** Publishes its message (to a waiting instance of the region, or a message start) and goes on. */
export const sendTaskProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    sendMessage(ctx, ei, node);
    ctx.complete(ei);
  },
  onTrigger(ctx, ei, _node, t) {
    handleBoundaryTrigger(ctx, ei, t);
  },
};
