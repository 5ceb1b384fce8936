// Case throughput time: from the first event (its start, when known) to the last completion,
// in calendar hours and — through the working-day calendar — in working days.
import type { EventLog } from '../model.js';
import { round, summarize, type Summary } from '../stats.js';
import { MissingCalendarData, workdaysOrNaN, type WorkingTimeCalendar } from './calendar.js';

export interface CaseTimes {
  /** Epoch ms of the first and last instant of each case (NaN when the case has no timestamps). */
  first: Float64Array;
  last: Float64Array;
  hours: Float64Array;
  /** Working days, NaN without a calendar or where it has no data. */
  workdays: Float64Array;
  missingCalendarData: MissingCalendarData;
}

export function caseTimes(log: EventLog, calendar?: WorkingTimeCalendar): CaseTimes {
  const n = log.caseIds.length;
  const first = new Float64Array(n).fill(NaN);
  const last = new Float64Array(n).fill(NaN);
  const hours = new Float64Array(n).fill(NaN);
  const workdays = new Float64Array(n).fill(NaN);
  const missing = new MissingCalendarData();
  const ts = log.timestamp;
  const st = log.startTimestamp;
  for (let c = 0; c < n; c++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
      const t = ts[e];
      if (t < lo) lo = t;
      if (t > hi) hi = t;
      if (st) {
        const s = st[e];
        if (s < lo) lo = s;
      }
    }
    if (lo === Infinity) continue;
    first[c] = lo;
    last[c] = hi;
    hours[c] = (hi - lo) / 3_600_000;
    if (calendar) workdays[c] = workdaysOrNaN(calendar, lo, hi, missing);
  }
  return { first, last, hours, workdays, missingCalendarData: missing };
}

export interface Throughput {
  cases: number;
  meanHours: number | null;
  medianHours: number | null;
  p90Hours: number | null;
  maxHours: number | null;
  /** Null without a calendar. */
  meanWorkdays: number | null;
  medianWorkdays: number | null;
  p90Workdays: number | null;
  maxWorkdays: number | null;
  calendarHours: Summary;
  workdays: Summary | null;
  /** Cases the calendar could not measure (years without official data). */
  missingCalendarData: { cases: number; years: number[] } | null;
}

export function throughput(log: EventLog, calendar?: WorkingTimeCalendar, times = caseTimes(log, calendar)): Throughput {
  const h = summarize(times.hours);
  const w = calendar ? summarize(times.workdays) : null;
  return {
    cases: h.count,
    meanHours: round(h.mean),
    medianHours: round(h.median),
    p90Hours: round(h.p90),
    maxHours: round(h.max),
    meanWorkdays: w ? round(w.mean) : null,
    medianWorkdays: w ? round(w.median) : null,
    p90Workdays: w ? round(w.p90) : null,
    maxWorkdays: w ? round(w.max) : null,
    calendarHours: h,
    workdays: w,
    missingCalendarData: calendar ? times.missingCalendarData.toJSON() : null,
  };
}
