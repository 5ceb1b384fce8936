// The figures of one log in one object: what `zaizao mine LOG` prints and the UI shows.
import { discoverDfg, type Dfg } from './discover/dfg.js';
import type { EventLog } from './model.js';
import type { WorkingTimeCalendar } from './performance/calendar.js';
import { deadlines, type Deadlines } from './performance/deadlines.js';
import { handover, type Handover } from './performance/handover.js';
import { rework, type Rework } from './performance/rework.js';
import { activityStatistics, resourceStatistics, type ActivityStatistics, type ResourceStatistics } from './performance/statistics.js';
import { caseTimes, throughput, type Throughput } from './performance/throughput.js';
import { workTime, type WorkTime } from './performance/work.js';
import { variants, type Variant } from './variants.js';

export interface LogSummary {
  cases: number;
  events: number;
  activities: number;
  resources: number;
  period: { from: string | null; to: string | null };
  variants: Variant[];
  dfg: Dfg;
  throughput: Throughput;
  work: WorkTime;
  rework: Rework;
  handover: Handover;
  activityStatistics: ActivityStatistics[];
  resourceStatistics: ResourceStatistics[];
  deadlines: Deadlines;
}

export interface SummaryOptions {
  calendar?: WorkingTimeCalendar;
  promisedWorkdays?: number;
  dueAttribute?: string;
  departmentAttribute?: string;
}

export function summarizeLog(log: EventLog, options: SummaryOptions = {}): LogSummary {
  let lo = Infinity;
  let hi = -Infinity;
  for (let e = 0; e < log.timestamp.length; e++) {
    const t = log.timestamp[e];
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  const times = caseTimes(log, options.calendar);
  return {
    cases: log.caseIds.length,
    events: log.activity.length,
    activities: log.activityNames.length,
    resources: log.resourceNames.length,
    period: { from: lo === Infinity ? null : new Date(lo).toISOString(), to: hi === -Infinity ? null : new Date(hi).toISOString() },
    variants: variants(log),
    dfg: discoverDfg(log),
    throughput: throughput(log, options.calendar, times),
    work: workTime(log),
    rework: rework(log),
    handover: handover(log, { departmentAttribute: options.departmentAttribute }),
    activityStatistics: activityStatistics(log),
    resourceStatistics: resourceStatistics(log),
    deadlines: deadlines(log, { dueAttribute: options.dueAttribute, promisedWorkdays: options.promisedWorkdays, calendar: options.calendar, times }),
  };
}
