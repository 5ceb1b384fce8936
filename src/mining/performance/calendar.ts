// What mining needs from the working-day calendar (src/calendar): business time between two
// instants. The calendar fails closed for years without official data; mining records
// those cases instead of guessing.

import { CalendarDataMissingError, type WorkCalendar } from '../../calendar/index.js';

/** The part of the calendar mining uses (any WorkCalendar fits). */
export type WorkingTimeCalendar = Pick<WorkCalendar, 'workdaysBetweenInstants' | 'businessSecondsBetween'>;

/** True for the calendar's "no official data for this year" error. */
export function isCalendarDataMissing(err: unknown): err is Error & { year?: number } {
  return err instanceof CalendarDataMissingError || (err instanceof Error && (err as { code?: string }).code === 'calendar_data_missing');
}

/** Collects the years a calendar could not answer for. */
export class MissingCalendarData {
  cases = 0;
  readonly years = new Set<number>();
  note(err: unknown, fallbackYear: number): void {
    if (!isCalendarDataMissing(err)) throw err;
    this.cases++;
    this.years.add(typeof err.year === 'number' ? err.year : fallbackYear);
  }
  toJSON(): { cases: number; years: number[] } {
    return { cases: this.cases, years: [...this.years].sort((a, b) => a - b) };
  }
}

/** Working days from a to b, or NaN (recorded in `missing`) where the calendar has no data. */
export function workdaysOrNaN(calendar: WorkingTimeCalendar, a: number, b: number, missing: MissingCalendarData): number {
  try {
    return calendar.workdaysBetweenInstants(new Date(a), new Date(b));
  } catch (err) {
    missing.note(err, new Date(a).getUTCFullYear());
    return NaN;
  }
}
