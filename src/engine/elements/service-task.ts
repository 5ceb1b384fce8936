// A service task waits for its registered handler, run by the job executor (../behavior/service-jobs.ts).
import type { ElementProcessor } from '../processor.js';
import { applyOutput, handleBoundaryTrigger } from '../behavior/activity.js';
import { addServiceJob } from '../behavior/service-jobs.js';

export const serviceTaskProcessor: ElementProcessor = {
  onActivate(ctx, ei, node) {
    addServiceJob(ctx, ei, node);
  },
  onTrigger(ctx, ei, _node, t) {
    if (handleBoundaryTrigger(ctx, ei, t)) return;
    if (t.kind !== 'job') return;
    applyOutput(ctx, ei, t.variables);
    ctx.complete(ei);
  },
};
