// A service task waits for its registered handler, run by the job executor.
import type { ElementProcessor } from '../processor.js';
import { applyOutput, handleBoundaryTrigger } from '../behavior/activity.js';

export const serviceTaskProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    ctx.addJob(ei, { kind: 'service', dueAt: ctx.nowIso, serviceType: node.serviceType, retries: node.retries ?? 3 });
  },
  onTrigger(ctx, ei, _node, t) {
    if (handleBoundaryTrigger(ctx, ei, t)) return;
    if (t.kind !== 'job') return;
    applyOutput(ctx, ei, t.variables);
    ctx.complete(ei);
  },
};
