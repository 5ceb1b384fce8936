// Deadlines: events done after the due date the log records for them (BPIC15's `dueDate`),
// and cases that took longer than a promised time limit counted in working days.
import type { EventLog } from '../model.js';
import { round } from '../stats.js';
import type { WorkingTimeCalendar } from './calendar.js';
import { caseTimes, type CaseTimes } from './throughput.js';

export interface DueDateFindings {
  attribute: string;
  /** Events that carry a due date. */
  events: number;
  late: number;
  lateShare: number;
  /** Cases with at least one late event. */
  lateCases: number;
  byActivity: Array<{ activity: string; events: number; late: number; medianDelayHours: number | null }>;
}

export interface PromisedLimitFindings {
  limitWorkdays: number;
  /** Cases the calendar could measure. */
  cases: number;
  late: number;
  lateShare: number;
  /** Up to 100 late case ids, the longest first. */
  lateCaseIds: string[];
  missingCalendarData: { cases: number; years: number[] };
}

export interface Deadlines {
  due: DueDateFindings | null;
  promised: PromisedLimitFindings | null;
}

export interface DeadlineOptions {
  /** Event attribute holding the due date (a date); default `dueDate`. */
  dueAttribute?: string;
  /** Promised time limit in working days; needs a calendar. */
  promisedWorkdays?: number;
  calendar?: WorkingTimeCalendar;
  times?: CaseTimes;
}

export function deadlines(log: EventLog, options: DeadlineOptions = {}): Deadlines {
  const key = options.dueAttribute ?? 'dueDate';
  const col = log.eventAttributes.get(key);
  let due: DueDateFindings | null = null;
  if (col) {
    const per = new Map<number, { events: number; late: number; delays: number[] }>();
    let events = 0;
    let late = 0;
    let lateCases = 0;
    for (let c = 0; c < log.caseIds.length; c++) {
      let caseLate = false;
      for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
        const d = col.values[e];
        const t = log.timestamp[e];
        if (typeof d !== 'number' || Number.isNaN(t)) continue;
        events++;
        let a = per.get(log.activity[e]);
        if (!a) per.set(log.activity[e], (a = { events: 0, late: 0, delays: [] }));
        a.events++;
        if (t > d) {
          late++;
          a.late++;
          a.delays.push((t - d) / 3_600_000);
          caseLate = true;
        }
      }
      if (caseLate) lateCases++;
    }
    const median = (xs: number[]) => {
      if (xs.length === 0) return null;
      const s = [...xs].sort((x, y) => x - y);
      const m = s.length >> 1;
      return round(s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2);
    };
    due = {
      attribute: key,
      events,
      late,
      lateShare: events ? late / events : 0,
      lateCases,
      byActivity: [...per.entries()]
        .map(([a, v]) => ({ activity: log.activityNames[a], events: v.events, late: v.late, medianDelayHours: median(v.delays) }))
        .sort((x, y) => y.late - x.late || x.activity.localeCompare(y.activity)),
    };
  }
  let promised: PromisedLimitFindings | null = null;
  if (options.promisedWorkdays !== undefined) {
    if (!options.calendar) throw new Error('a promised time limit in working days needs a calendar');
    const times = options.times ?? caseTimes(log, options.calendar);
    const lateCases: Array<[string, number]> = [];
    let measured = 0;
    for (let c = 0; c < log.caseIds.length; c++) {
      const w = times.workdays[c];
      if (Number.isNaN(w)) continue;
      measured++;
      if (w > options.promisedWorkdays) lateCases.push([log.caseIds[c], w]);
    }
    lateCases.sort((x, y) => y[1] - x[1]);
    promised = {
      limitWorkdays: options.promisedWorkdays,
      cases: measured,
      late: lateCases.length,
      lateShare: measured ? lateCases.length / measured : 0,
      lateCaseIds: lateCases.slice(0, 100).map(([id]) => id),
      missingCalendarData: times.missingCalendarData.toJSON(),
    };
  }
  return { due, promised };
}
