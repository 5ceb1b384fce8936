// The working-day calendar's years (GET/POST /api/calendar/years), as src/http/routes/calendar.ts serves them.
import { request } from './client.js';
import type { Bilingual } from './types.js';

export interface Arrangement {
  year: number;
  daysOff: string[];
  makeUpWorkdays: string[];
  source?: string;
}

export interface CalendarYears {
  coverage: { from: number; to: number; loaded: number[]; years: number[]; provisional: number[] };
  /** From October: next year has no official arrangement yet. */
  warning: { year: number; message: Bilingual } | null;
  loaded: Array<Arrangement & { loadedAt: string }>;
}

export interface LoadedYear {
  arrangement: Arrangement;
  replaced: boolean;
  coverage: CalendarYears['coverage'];
  recomputed: Array<{ kind: string; id: number | string; before: string; after: string; provisional: boolean }>;
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
