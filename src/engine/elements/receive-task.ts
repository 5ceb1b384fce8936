// A receive task waits for its message (or was fired already by an event-based gateway).
import type { ElementProcessor } from '../processor.js';
import { handleBoundaryTrigger } from '../behavior/activity.js';
import { armEvent } from '../behavior/events.js';
import { setVariables } from '../behavior/variables.js';

export const receiveTaskProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    if (ctx.triggered.delete(node.id)) {
      ctx.complete(ei);
      return;
    }
    armEvent(ctx, ei, node, node.id);
  },
  onTrigger(ctx, ei, node, t) {
    if (handleBoundaryTrigger(ctx, ei, t)) return;
    if (t.kind === 'message') setVariables(ctx.state.variables, t.variables);
    ctx.complete(ei);
    void node;
  },
};
