// Start events that belong to a deployed process rather than to an instance: timer starts
// (a job owned by the deployment starts an instance each time it falls due) and conditional
// starts (an instance starts when variables offered to the process make its condition hold).
// No clock (the caller gives the instant) and no I/O: the in-memory engine and the durable engine
// keep the jobs; this decides them.
import { evaluateCondition, ExpressionError } from '../expression.js';
import type { ProcessModel, UnsupportedElement } from '../model.js';
import type { JobRecord } from '../state.js';
import { TimerError, type CalendarResolver } from '../time.js';
import { lookupIn } from './variables.js';
import { startTimerDue } from './definitions/timer.js';

const DAY_MS = 86_400_000;

/**
 * The first start job of each timer start event of a process deployed at `now`. A first
 * firing that cannot be computed (a working-day timer in a year without calendar data, an
 * unknown calendar) is a problem of the deployment, by element id: it is refused.
 */
export function firstStartJobs(
  model: ProcessModel,
  deploymentId: string,
  now: Date,
  options: { calendars?: CalendarResolver },
  newId: () => string,
): { jobs: JobRecord[]; problems: UnsupportedElement[] } {
  const jobs: JobRecord[] = [];
  const problems: UnsupportedElement[] = [];
  for (const startId of model.timerStarts ?? []) {
    try {
      const due = startTimerDue(model.nodes[startId], now, options.calendars, 0);
      if (due) jobs.push({ id: newId(), instanceId: '', elementKey: '', elementId: startId, kind: 'start', dueAt: due.toISOString(), fired: 0, deploymentId, processId: model.id });
    } catch (err) {
      if (!(err instanceof TimerError)) throw err;
      problems.push({
        id: startId,
        type: 'bpmn:StartEvent',
        reason: `timer start: ${err.message}`,
        hint: 'give the timer a time the calendar can count (calendar data for that year, or no zaizao:calendar)',
      });
    }
  }
  return { jobs, problems };
}

/**
 * The job that follows a start job once it has run at `now`: the next firing of a cycle
 * (counted from when the last one was due, so that a late executor does not shift the cycle;
 * from now when that is already past), null when the timer fires no more. A firing that cannot
 * be computed is tried again a day later by a job that carries the reason and starts nothing.
 */
export function nextStartJob(model: ProcessModel, job: JobRecord, now: Date, options: { calendars?: CalendarResolver }, id: string): JobRecord | null {
  const node = model.nodes[job.elementId];
  if (!node) return null;
  const fired = job.error ? (job.fired ?? 0) : (job.fired ?? 0) + 1;
  const base = { id, instanceId: '', elementKey: '', elementId: job.elementId, kind: 'start' as const, fired, deploymentId: job.deploymentId, processId: job.processId };
  try {
    let due = startTimerDue(node, job.error ? now : new Date(job.dueAt), options.calendars, fired);
    if (due && due.getTime() <= now.getTime()) due = startTimerDue(node, now, options.calendars, fired);
    return due ? { ...base, dueAt: due.toISOString() } : null;
  } catch (err) {
    if (!(err instanceof TimerError)) throw err;
    return { ...base, dueAt: new Date(now.getTime() + DAY_MS).toISOString(), error: err.message };
  }
}

/** The conditional start events of a process whose condition holds for `variables`; one that cannot be evaluated on them is in `failed`. */
export function conditionalStartsHolding(
  model: ProcessModel,
  variables: Record<string, unknown>,
  failed: Array<{ processId: string; elementId: string; message: string }> = [],
): string[] {
  const out: string[] = [];
  for (const id of model.conditionalStarts ?? []) {
    try {
      if (evaluateCondition(model.nodes[id].event?.condition ?? '', (name: string) => lookupIn(variables, name))) out.push(id);
    } catch (err) {
      if (!(err instanceof ExpressionError)) throw err;
      failed.push({ processId: model.id, elementId: id, message: err.message });
    }
  }
  return out;
}
