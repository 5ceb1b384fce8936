// Waiting versus processing. An activity instance has a start and an end: either from a
// start-timestamp column (CSV) or from pairing `start` and `complete` lifecycle events of
// the same activity in a case (first start with first complete). Processing is end − start;
// waiting is the time from the previous completion in the case to the start.
import type { EventLog } from '../model.js';
import { round, summarize, type Summary } from '../stats.js';

export interface ActivityInstance {
  case: number;
  activity: number;
  start: number;
  end: number;
  /** Completion of the preceding instance in the case (NaN for the first). */
  previousEnd: number;
}

/** Activity instances with both a start and an end; empty when the log records neither source. */
export function activityInstances(log: EventLog): ActivityInstance[] {
  const out: ActivityInstance[] = [];
  const startId = log.lifecycleNames.indexOf('start');
  const completeId = log.lifecycleNames.indexOf('complete');
  for (let c = 0; c < log.caseIds.length; c++) {
    const from = log.caseOffsets[c];
    const to = log.caseOffsets[c + 1];
    const caseInstances: ActivityInstance[] = [];
    if (log.startTimestamp) {
      for (let e = from; e < to; e++) {
        const s = log.startTimestamp[e];
        if (!Number.isNaN(s) && !Number.isNaN(log.timestamp[e])) caseInstances.push({ case: c, activity: log.activity[e], start: s, end: log.timestamp[e], previousEnd: NaN });
      }
    } else if (startId >= 0) {
      const open = new Map<number, number[]>();
      for (let e = from; e < to; e++) {
        const lc = log.lifecycle[e];
        const a = log.activity[e];
        if (lc === startId) {
          let q = open.get(a);
          if (!q) open.set(a, (q = []));
          q.push(log.timestamp[e]);
        } else if (lc === completeId || lc < 0) {
          const q = open.get(a);
          if (q && q.length > 0) caseInstances.push({ case: c, activity: a, start: q.shift()!, end: log.timestamp[e], previousEnd: NaN });
        }
      }
    }
    caseInstances.sort((x, y) => x.start - y.start || x.end - y.end);
    // previous completion: the latest end of any event of the case at or before this start
    for (const inst of caseInstances) {
      let prev = NaN;
      for (let e = from; e < to; e++) {
        const t = log.timestamp[e];
        if (t <= inst.start && (Number.isNaN(prev) || t > prev) && (startId < 0 || log.lifecycle[e] !== startId)) prev = t;
      }
      inst.previousEnd = prev;
      out.push(inst);
    }
  }
  return out;
}

export interface WorkTimeByActivity {
  activity: string;
  instances: number;
  processingSeconds: Summary;
  waitingSeconds: Summary;
}

export interface WorkTime {
  /** False when the log has neither start timestamps nor start/complete pairs. */
  available: boolean;
  instances: number;
  /** Over cases: union of processing intervals, and the rest of the throughput time. */
  medianCaseProcessingHours: number | null;
  medianCaseWaitingHours: number | null;
  /** Total processing / total throughput over the cases that have instances. */
  processingShare: number | null;
  byActivity: WorkTimeByActivity[];
}

export function workTime(log: EventLog): WorkTime {
  const instances = activityInstances(log);
  if (instances.length === 0) return { available: false, instances: 0, medianCaseProcessingHours: null, medianCaseWaitingHours: null, processingShare: null, byActivity: [] };
  const per = new Map<number, { p: number[]; w: number[] }>();
  const byCase = new Map<number, ActivityInstance[]>();
  for (const inst of instances) {
    let a = per.get(inst.activity);
    if (!a) per.set(inst.activity, (a = { p: [], w: [] }));
    a.p.push((inst.end - inst.start) / 1000);
    if (!Number.isNaN(inst.previousEnd)) a.w.push(Math.max(0, inst.start - inst.previousEnd) / 1000);
    let list = byCase.get(inst.case);
    if (!list) byCase.set(inst.case, (list = []));
    list.push(inst);
  }
  const proc: number[] = [];
  const wait: number[] = [];
  let totalProc = 0;
  let totalThroughput = 0;
  for (const [c, list] of byCase) {
    // union of [start, end] intervals (list is sorted by start)
    let union = 0;
    let curS = -Infinity;
    let curE = -Infinity;
    for (const i of list) {
      if (i.start > curE) {
        if (curE > curS) union += curE - curS;
        curS = i.start;
        curE = i.end;
      } else if (i.end > curE) curE = i.end;
    }
    if (curE > curS) union += curE - curS;
    let lo = Infinity;
    let hi = -Infinity;
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
      const t = log.timestamp[e];
      if (t < lo) lo = t;
      if (t > hi) hi = t;
      if (log.startTimestamp && log.startTimestamp[e] < lo) lo = log.startTimestamp[e];
    }
    const through = hi - lo;
    proc.push(union / 3_600_000);
    wait.push(Math.max(0, through - union) / 3_600_000);
    totalProc += union;
    totalThroughput += through;
  }
  const byActivity = [...per.entries()]
    .map(([a, v]) => ({ activity: log.activityNames[a], instances: v.p.length, processingSeconds: summarize(v.p), waitingSeconds: summarize(v.w) }))
    .sort((x, y) => y.instances - x.instances || x.activity.localeCompare(y.activity));
  return {
    available: true,
    instances: instances.length,
    medianCaseProcessingHours: round(summarize(proc).median),
    medianCaseWaitingHours: round(summarize(wait).median),
    processingShare: totalThroughput > 0 ? round(totalProc / totalThroughput, 4) : null,
    byActivity,
  };
}
