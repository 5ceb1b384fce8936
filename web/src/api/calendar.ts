// The working-day calendar's years (GET/POST /api/calendar/years), as src/http/routes/calendar.ts serves them.
import { request } from './client.js';
import type { Arrangement, Coverage } from '../../../src/calendar/model.js';
import type { NextYearWarning } from '../../../src/calendar/status.js';
import type { LoadedYear as SavedYear } from '../../../src/calendar/official-year.js';

export type { Arrangement, Coverage };

export interface CalendarYears {
  coverage: Coverage;
  /** From October: next year has no official arrangement yet. */
  warning: NextYearWarning | null;
  loaded: Array<Arrangement & { loadedAt: string }>;
}

/** A loaded year as the route answers it: whether it replaced one, and the coverage now. */
export interface LoadedYear extends Omit<SavedYear, 'replaced'> {
  replaced: boolean;
  coverage: Coverage;
}

export const calendarApi = {
  years: (signal?: AbortSignal) => request<CalendarYears>('GET', '/api/calendar/years', undefined, { signal }),
  load: (arrangement: Arrangement) => request<LoadedYear>('POST', '/api/calendar/years', arrangement),
};

/** '2004–2026, 2028' */
export function describeYears(years: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < years.length;) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j] + 1) j++;
    runs.push(i === j ? String(years[i]) : `${years[i]}–${years[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/** Dates typed or pasted in any separator (spaces, commas, 、, new lines). */
export function parseDateList(text: string): string[] {
  return text.split(/[\s,，、;；]+/).filter((s) => s !== '');
}
