// Intermediate catch events: they wait for their timer, message, signal or condition.
import type { ElementProcessor } from '../processor.js';
import { armEvent } from '../behavior/events.js';
import { setVariables } from '../behavior/variables.js';

/** Intermediate timer, message, signal and conditional catch events. */
export const catchEventProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    if (ctx.triggered.delete(node.id)) {
      ctx.complete(ei);
      return;
    }
    armEvent(ctx, ei, node, node.id);
  },
  onTrigger(ctx, ei, _node, t) {
    if (t.kind === 'message') setVariables(ctx.state.variables, t.variables);
    ctx.complete(ei);
  },
};
