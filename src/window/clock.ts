// Deadlines of the window, in working days of the platform calendar (src/calendar): the
// intake deadline (行政许可法 第三十二条: decide on intake, or tell once what is missing,
// within five days), the promised date of an accepted application, and each task's clock —
// yellow at 80 % of its limit, red when overdue. Pure: the calendar and `now` come in.
import type { WorkCalendar } from '../calendar/index.js';
import { shanghaiDate } from '../calendar/index.js';

/** Working days the window has to accept, reject or send the one supplement notice. */
export const INTAKE_WORKDAYS = 5;
/** The share of a limit after which a task turns yellow. */
export const WARN_SHARE = 0.8;

export type ClockLevel = 'green' | 'yellow' | 'red';

/** The working day an instant belongs to for counting: itself when a working day, else the next. */
function workingDayOf(calendar: WorkCalendar, instant: Date): string {
  const d = shanghaiDate(instant);
  return calendar.isWorkday(d) ? d : calendar.addWorkdays(d, 1);
}

/** Intake deadline: five working days after submission, moved on by the days the clock stood still. */
export function intakeDue(calendar: WorkCalendar, submittedAt: Date, pausedWorkdays: number): string {
  return calendar.addWorkdays(shanghaiDate(submittedAt), INTAKE_WORKDAYS + pausedWorkdays);
}

/** The promised date: `workdays` (rounded up) working days after acceptance; 0 is the day of acceptance (当场办结). */
export function promisedDate(calendar: WorkCalendar, acceptedAt: Date, workdays: number): string {
  const n = Math.ceil(workdays);
  return n === 0 ? workingDayOf(calendar, acceptedAt) : calendar.addWorkdays(shanghaiDate(acceptedAt), n);
}

/** Working days a clock stood still between two instants (whole days, the first not counted). */
export function pausedWorkdays(calendar: WorkCalendar, from: Date, to: Date): number {
  return Math.max(0, calendar.workdaysBetween(shanghaiDate(from), shanghaiDate(to)));
}

/** Closing time (end of the last business period) of a civil date, as an instant. */
function closing(calendar: WorkCalendar, date: string): Date {
  const periods = calendar.businessHours.periods;
  return new Date(`${date}T${periods[periods.length - 1].end}:00+08:00`);
}

export interface TaskClock {
  dueAt: Date;
  limitWorkdays: number;
  /** Share of the limit used (business time), 0 … ≥ 1. */
  used: number;
  level: ClockLevel;
  /** Counted across a holiday year without its official arrangement (暂定). */
  provisional?: true;
  /** The clock stands still (the applicant is supplementing). */
  stopped?: boolean;
}

/**
 * A task's clock: a limit of `workdays` working days (fractions are business hours) from its
 * creation; a limit of 0 (on the spot) ends at the close of the working day.
 */
export function taskClock(calendar: WorkCalendar, createdAt: Date, workdays: number, now: Date, pause: PauseEffect = NO_PAUSE): TaskClock {
  let dueAt: Date;
  if (workdays > 0) dueAt = calendar.addBusinessSeconds(createdAt, (workdays + pause.extraWorkdays) * calendar.businessSecondsPerDay);
  else {
    let day = workingDayOf(calendar, createdAt);
    if (createdAt.getTime() >= closing(calendar, day).getTime()) day = calendar.addWorkdays(day, 1);
    if (pause.extraWorkdays > 0) day = calendar.addWorkdays(day, pause.extraWorkdays);
    dueAt = closing(calendar, day);
  }
  return clockAt(calendar, createdAt, dueAt, workdays, pause.stoppedAt ?? now, pause.stoppedAt !== null);
}

/**
 * A clock that ends at the close of a civil date (the promised date of an application, already
 * moved on by the closed pauses); while the clock stands still it reads as at `stoppedAt`.
 */
export function dateClock(calendar: WorkCalendar, startedAt: Date, dueDate: string, workdays: number, now: Date, stoppedAt: Date | null = null): TaskClock {
  return clockAt(calendar, startedAt, closing(calendar, dueDate), workdays, stoppedAt ?? now, stoppedAt !== null);
}

/** A stop of the promised-time clock while the applicant supplements during handling; `to` null while it lasts. */
export interface ClockPause {
  from: string;
  to: string | null;
  workdays: number;
}

/**
 * The promised date once handling supplements are answered: each closed pause moved it on by
 * the working days the clock stood still (`handling_pauses`, as stored); an open pause not yet.
 */
export function promisedAfterPauses(calendar: WorkCalendar, promised: string, pauses: unknown): string {
  const list = (typeof pauses === 'string' ? JSON.parse(pauses) : (pauses ?? [])) as ClockPause[];
  const extra = list.reduce((n, p) => n + (p.to !== null ? p.workdays : 0), 0);
  return extra > 0 ? calendar.addWorkdays(promised, extra) : promised;
}

export interface PauseEffect {
  /** Working days the clock stood still (closed pauses) since the clock started. */
  extraWorkdays: number;
  /** The instant the clock stopped, while it still stands still. */
  stoppedAt: Date | null;
}

export const NO_PAUSE: PauseEffect = { extraWorkdays: 0, stoppedAt: null };

/** What the application's pauses mean for a clock started at `start` (only their part after it counts). */
export function pauseEffect(calendar: WorkCalendar, pauses: readonly ClockPause[], start: Date): PauseEffect {
  let extraWorkdays = 0;
  let stoppedAt: Date | null = null;
  for (const p of pauses) {
    const from = new Date(Math.max(Date.parse(p.from), start.getTime()));
    if (p.to === null) stoppedAt = from;
    else if (Date.parse(p.to) > from.getTime()) extraWorkdays += pausedWorkdays(calendar, from, new Date(p.to));
  }
  return { extraWorkdays, stoppedAt };
}

function clockAt(calendar: WorkCalendar, start: Date, dueAt: Date, workdays: number, now: Date, stopped = false): TaskClock {
  const limit = Math.max(1, calendar.businessSecondsBetween(start, dueAt));
  const used = Math.max(0, calendar.businessSecondsBetween(start, now)) / limit;
  const level: ClockLevel = now.getTime() > dueAt.getTime() ? 'red' : used >= WARN_SHARE ? 'yellow' : 'green';
  return {
    dueAt,
    limitWorkdays: workdays,
    used: Math.round(used * 1000) / 1000,
    level,
    ...(calendar.provisionalIn(start, dueAt) !== null ? { provisional: true as const } : {}),
    ...(stopped ? { stopped: true } : {}),
  };
}
