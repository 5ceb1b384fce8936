// Before/after: the same figures for two logs (or one log split at a date), side by side,
// with the change. This is how a reform shows it shortened a process.
import type { EventLog } from './model.js';
import { selectCases } from './model.js';
import type { WorkingTimeCalendar } from './performance/calendar.js';
import { caseTimes, throughput } from './performance/throughput.js';
import { rework } from './performance/rework.js';
import { variants } from './variants.js';
import { dfgCounts } from './discover/dfg.js';

export interface Figure {
  name: string;
  before: number | null;
  after: number | null;
  /** after − before */
  change: number | null;
  /** (after − before) / before */
  relativeChange: number | null;
}

export interface Comparison {
  before: { cases: number; from: string | null; to: string | null };
  after: { cases: number; from: string | null; to: string | null };
  figures: Figure[];
  /** Activities present only before / only after. */
  activitiesRemoved: string[];
  activitiesAdded: string[];
  byActivity: Array<{ activity: string; beforePerCase: number; afterPerCase: number }>;
}

function figuresOf(log: EventLog, calendar?: WorkingTimeCalendar): Record<string, number | null> {
  const t = throughput(log, calendar);
  const v = variants(log);
  const r = rework(log);
  const { counts } = dfgCounts(log);
  return {
    cases: log.caseIds.length,
    events: log.activity.length,
    eventsPerCase: log.caseIds.length ? log.activity.length / log.caseIds.length : null,
    activities: new Set(log.activity).size,
    variants: v.length,
    topVariantShare: v[0]?.share ?? null,
    directlyFollowsEdges: counts.size,
    reworkShare: r.share,
    medianHours: t.medianHours,
    meanHours: t.meanHours,
    p90Hours: t.p90Hours,
    medianWorkdays: t.medianWorkdays,
    meanWorkdays: t.meanWorkdays,
    p90Workdays: t.p90Workdays,
  };
}

function period(log: EventLog): { cases: number; from: string | null; to: string | null } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const t of log.timestamp) {
    if (t < lo) lo = t;
    if (t > hi) hi = t;
  }
  return { cases: log.caseIds.length, from: lo === Infinity ? null : new Date(lo).toISOString(), to: hi === -Infinity ? null : new Date(hi).toISOString() };
}

export function compareLogs(before: EventLog, after: EventLog, calendar?: WorkingTimeCalendar): Comparison {
  const a = figuresOf(before, calendar);
  const b = figuresOf(after, calendar);
  const figures = Object.keys(a).map((name) => {
    const x = a[name];
    const y = b[name];
    const change = x === null || y === null ? null : y - x;
    return { name, before: x, after: y, change, relativeChange: change === null || !x ? null : change / x };
  });
  const perCase = (log: EventLog) => {
    const m = new Map<string, number>();
    for (const act of log.activity) {
      const name = log.activityNames[act];
      m.set(name, (m.get(name) ?? 0) + 1);
    }
    for (const [k, v] of m) m.set(k, log.caseIds.length ? v / log.caseIds.length : 0);
    return m;
  };
  const pa = perCase(before);
  const pb = perCase(after);
  const names = [...new Set([...pa.keys(), ...pb.keys()])].sort();
  return {
    before: period(before),
    after: period(after),
    figures,
    activitiesRemoved: names.filter((n) => !pb.has(n)),
    activitiesAdded: names.filter((n) => !pa.has(n)),
    byActivity: names.map((activity) => ({ activity, beforePerCase: pa.get(activity) ?? 0, afterPerCase: pb.get(activity) ?? 0 })),
  };
}

/** Splits one log at an instant: a case belongs to "before" when it started before `at`. */
export function splitAt(log: EventLog, at: Date): { before: EventLog; after: EventLog } {
  const { first } = caseTimes(log);
  const t = at.getTime();
  return { before: selectCases(log, (c) => first[c] < t), after: selectCases(log, (c) => !(first[c] < t)) };
}
