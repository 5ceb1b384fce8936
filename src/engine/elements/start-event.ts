// A start event goes on at once; as the start of an event sub-process it waits (a listener of its scope) and starts it.
import type { ElementProcessor } from '../processor.js';
import { setVariables } from '../behavior/variables.js';
import { startEventSubProcess } from '../behavior/event-sub-processes.js';

export const startEventProcessor: ElementProcessor = {
  onActivate(ctx, ei) {
    ctx.complete(ei);
  },
  /** The timer, message, signal or condition of an event sub-process's start event (a listener of its scope). */
  onTrigger(ctx, ei, node, t) {
    if (t.kind === 'message') setVariables(ctx.state.variables, t.variables);
    startEventSubProcess(ctx, ei.scopeKey, node.id, node.cancelActivity !== false);
  },
};
