// Timer arithmetic: ISO-8601 durations, dates and repeating cycles, on plain clock time or on
// a working-day calendar. A timer names its calendar with zaizao:calendar="cn-workday"; there
// `P2D` means two working days and ends when the office closes on the second one, `PT4H` four
// business hours (office hours only), and `P1DT2H` one working day then two business hours.
// Timers and user task due dates count the same way, so a timer set for a task's limit fires
// at the instant the task falls due, and a limit counted in days never ends at the hour the
// clock started (such as 06:13). Years and months have no working-day meaning and are refused
// on a calendar; a week there is five working days.
//
// The calendar itself is the platform's (src/calendar); the engine only needs this slice.

export interface WorkdayCalendar {
  addWorkdaysToInstant(instant: Date, n: number): Date;
  addBusinessSeconds(instant: Date, seconds: number): Date;
  /** The close of office hours on the n-th working day after the instant's date. */
  workdayDeadline?(instant: Date, n: number): Date;
  /** The first provisional (暂定) year between two instants, else null. */
  provisionalIn?(a: Date, b: Date): number | null;
}

/** How a due date was counted: a duration on a named calendar, recounted when the calendar changes. */
export interface DueRule {
  duration: string;
  calendar: string;
}

/** Calendar name → calendar. */
export type CalendarResolver = (name: string) => WorkdayCalendar | undefined;

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION_RE =
  /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseIsoDuration(text: string): IsoDuration | null {
  const m = DURATION_RE.exec(text.trim());
  if (!m) return null;
  const n = (i: number) => (m[i] ? Number(m[i]) : 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

export interface IsoCycle {
  /** Number of repetitions; Infinity for `R/...`. */
  repetitions: number;
  start?: Date;
  duration: IsoDuration;
  durationText: string;
}

export function parseIsoCycle(text: string): IsoCycle | null {
  const parts = text.trim().split('/');
  const r = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!r || parts.length < 2 || parts.length > 3) return null;
  const repetitions = r[1] === '' ? Infinity : Number(r[1]);
  let start: Date | undefined;
  let durationText = parts[1];
  if (parts.length === 3) {
    start = new Date(parts[1]);
    if (Number.isNaN(start.getTime())) return null;
    durationText = parts[2];
  }
  const duration = parseIsoDuration(durationText);
  if (!duration) return null;
  return { repetitions, start, duration, durationText };
}

export class TimerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimerError';
  }
}

// China has no daylight saving: Asia/Shanghai is always UTC+8.
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** Adds a duration on plain clock time (calendar months and years in Asia/Shanghai). */
export function addDuration(from: Date, d: IsoDuration): Date {
  const local = new Date(from.getTime() + SHANGHAI_OFFSET_MS);
  if (d.years || d.months) {
    const wholeMonths = Math.trunc(d.years * 12 + d.months);
    const day = local.getUTCDate();
    local.setUTCDate(1);
    local.setUTCMonth(local.getUTCMonth() + wholeMonths);
    const lastDay = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + 1, 0)).getUTCDate();
    local.setUTCDate(Math.min(day, lastDay));
  }
  const ms = ((d.weeks * 7 + d.days) * 86400 + d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000;
  return new Date(local.getTime() + ms - SHANGHAI_OFFSET_MS);
}

/** Adds a duration on a working-day calendar. */
export function addWorkDuration(from: Date, d: IsoDuration, calendar: WorkdayCalendar, closeOfDay = true): Date {
  if (d.years || d.months) throw new TimerError('years and months are not allowed on a working-day calendar; use days');
  const days = d.weeks * 5 + d.days;
  if (!Number.isInteger(days)) throw new TimerError('working days must be whole');
  try {
    const seconds = d.hours * 3600 + d.minutes * 60 + d.seconds;
    // Whole days (a due date or a timer) end at the close of office hours of the last day. Days
    // with hours keep the time of day, then the hours run through office hours only.
    if (closeOfDay && days > 0 && !seconds && calendar.workdayDeadline) return calendar.workdayDeadline(from, days);
    let at = days ? calendar.addWorkdaysToInstant(from, days) : from;
    if (seconds) at = calendar.addBusinessSeconds(at, seconds);
    return at;
  } catch (err) {
    // The calendar fails closed (a year without official data): the timer cannot be set.
    throw new TimerError(`working-day calendar: ${(err as Error).message}`);
  }
}

/**
 * A duration from `from`, on a working-day calendar when one is given: whole working days end
 * when the office closes on the last one. `closeOfDay: false` keeps the time of day instead (the
 * dry run's simulated working time, not a limit).
 */
export function durationFrom(from: Date, text: string, calendar: WorkdayCalendar | undefined, closeOfDay = true): Date {
  const d = parseIsoDuration(text);
  if (!d) throw new TimerError(`"${text}" is not an ISO-8601 duration`);
  return calendar ? addWorkDuration(from, d, calendar, closeOfDay) : addDuration(from, d);
}

/** Milliseconds of a duration on plain clock time (for retry back-off). */
export function durationMs(text: string): number {
  const d = parseIsoDuration(text);
  if (!d) throw new TimerError(`"${text}" is not an ISO-8601 duration`);
  return addDuration(new Date(0), d).getTime();
}

/**
 * When a timer falls due. `type` is the BPMN timer kind; `value` its ISO text (already
 * evaluated when it was an expression); `fired` how many times a cycle has fired so far.
 * Returns null when a cycle has no repetitions left. On a working-day calendar a duration of
 * whole days ends at the close of office hours of its last day, the instant a user task's due
 * date of the same duration ends: a timer guarding a task's limit fires when the task falls due.
 */
export function timerDueAt(type: 'duration' | 'date' | 'cycle', value: string, from: Date, calendar: WorkdayCalendar | undefined, fired = 0): Date | null {
  if (type === 'date') {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) throw new TimerError(`"${value}" is not an ISO-8601 date`);
    return at;
  }
  if (type === 'duration') return durationFrom(from, value, calendar);
  const cycle = parseIsoCycle(value);
  if (!cycle) throw new TimerError(`"${value}" is not an ISO-8601 repeating interval`);
  if (fired >= cycle.repetitions) return null;
  // A cycle anchored at a start instant repeats at the time of day its modeller chose.
  const anchored = cycle.start !== undefined;
  if (anchored && fired === 0) return cycle.start!.getTime() >= from.getTime() ? cycle.start! : durationFrom(from, cycle.durationText, calendar, false);
  return durationFrom(from, cycle.durationText, calendar, !anchored);
}
