// An embedded sub-process (or an event sub-process once started): a scope of its own,
// completed when the last path inside it has ended.
import type { ElementProcessor } from '../processor.js';
import { handleBoundaryTrigger } from '../behavior/activity.js';
import { IncidentError } from '../errors.js';
import { armEventSubProcesses } from '../behavior/event-sub-processes.js';

export const subProcessProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    if (!node.startEvent) throw new IncidentError(`sub-process ${node.id} has no start event`);
    armEventSubProcesses(ctx, ei.key, node.eventSubProcesses);
    ctx.enqueueActivate(node.startEvent, ei.key);
  },
  onTrigger(ctx, ei, _node, t) {
    handleBoundaryTrigger(ctx, ei, t);
  },
  afterExecutionPathCompleted(ctx, sub) {
    ctx.complete(sub);
  },
};
