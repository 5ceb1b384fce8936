// What mining needs from the working-day calendar (src/calendar): business time between two
// instants. The calendar fails closed for years without official data; mining records
// those cases instead of guessing.

export interface WorkingTimeCalendar {
  workdaysBetweenInstants(a: Date, b: Date): number;
  businessSecondsBetween(a: Date, b: Date): number;
}

/** True for the calendar's "no official data for this year" error. */
export function isCalendarDataMissing(err: unknown): err is Error & { year?: number } {
  return err instanceof Error && ((err as { code?: string }).code === 'calendar_data_missing' || err.name === 'CalendarDataMissingError');
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
