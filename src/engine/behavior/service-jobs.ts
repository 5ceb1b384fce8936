// The job of a service task: created when the task is activated (or its incident resolved),
// run by the job executor with the handler registered for its type; a failed run is retried
// after a back-off that doubles each time, and raises an incident when no retries are left.
import type { FlowNode } from '../model.js';
import type { ElementInstance, JobRecord } from '../state.js';
import type { ElementContext } from '../processor.js';
import { durationMs } from '../time.js';

/** A service job due now, with the task's full retries. */
export function addServiceJob(ctx: ElementContext, ei: ElementInstance, node: FlowNode, serviceType = node.serviceType): void {
  ctx.addJob(ei, { kind: 'service', dueAt: ctx.nowIso, serviceType, retries: node.retries ?? 3 });
}

/** A service job's handler failed (the job is already withdrawn): retried later, or an incident. */
export function serviceJobFailed(ctx: ElementContext, ei: ElementInstance, node: FlowNode, job: JobRecord, message: string): void {
  const retries = (job.retries ?? 1) - 1;
  ctx.record('job.failed', ei, { data: { jobId: job.id, message, retriesLeft: retries } });
  if (retries > 0) {
    const attempt = (node.retries ?? 3) - retries; // 1 after the first failure
    const base = durationMs(node.retryBackoff ?? 'PT10S');
    const due = new Date(ctx.now.getTime() + base * 2 ** Math.max(0, attempt - 1));
    ctx.addJob(ei, { kind: 'service', dueAt: due.toISOString(), serviceType: job.serviceType, retries });
  } else {
    ctx.raiseIncident(ei, message, job);
  }
}
