// Validation of what is loaded from outside: a year's arrangement (JSON file, API body,
// database row), business hours and extra days off. Errors name the offending field.
import { CalendarInputError, type Arrangement, type BusinessHours, type IsoDate } from './model.js';
import { describe, isWeekend, parseClock, parseIsoDate, weekdayOfDay, yearOfDay } from './dates.js';

export const MIN_YEAR = 1949;
export const MAX_YEAR = 2200;

const ARRANGEMENT_FIELDS = new Set(['year', 'daysOff', 'makeUpWorkdays', 'source']);
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * Validates one year's arrangement: `{ year, daysOff, makeUpWorkdays, source? }`. Every date
 * must be a real date in `year`; a make-up workday must be a Saturday or Sunday; no date
 * may be both; at least one day off (every official year has New Year's Day). Unknown fields
 * are rejected so that a misspelt key cannot silently drop a list. Dates come back sorted
 * and without duplicates.
 */
export function parseArrangement(json: unknown): Arrangement {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new CalendarInputError(`an arrangement must be a JSON object {year, daysOff, makeUpWorkdays, source?}, got ${describe(json)}`);
  }
  const obj = json as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!ARRANGEMENT_FIELDS.has(key)) throw new CalendarInputError(`unknown field (allowed: year, daysOff, makeUpWorkdays, source)`, key);
  }
  const year = obj.year;
  if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new CalendarInputError(`expected a year between ${MIN_YEAR} and ${MAX_YEAR}, got ${describe(year)}`, 'year');
  }
  const daysOff = dateList(obj.daysOff, 'daysOff', year);
  const makeUpWorkdays = dateList(obj.makeUpWorkdays, 'makeUpWorkdays', year);
  if (daysOff.size === 0) throw new CalendarInputError(`must list at least one day off (New Year's Day is always one)`, 'daysOff');
  for (const [day, i] of makeUpWorkdays) {
    if (!isWeekend(day)) {
      throw new CalendarInputError(
        `${(obj.makeUpWorkdays as IsoDate[])[i]} is a ${WEEKDAY_NAMES[weekdayOfDay(day)]}; a make-up workday is a Saturday or Sunday`,
        `makeUpWorkdays[${i}]`,
      );
    }
    if (daysOff.has(day)) throw new CalendarInputError(`${(obj.makeUpWorkdays as IsoDate[])[i]} is also listed in daysOff`, `makeUpWorkdays[${i}]`);
  }
  let source: string | undefined;
  if (obj.source !== undefined && obj.source !== null) {
    if (typeof obj.source !== 'string' || obj.source.length > 500) throw new CalendarInputError(`expected a text of at most 500 characters, got ${describe(obj.source)}`, 'source');
    source = obj.source.trim() || undefined;
  }
  const toIso = (field: string, m: Map<number, number>) => [...m.entries()].sort((a, b) => a[0] - b[0]).map(([, i]) => (obj[field] as IsoDate[])[i]);
  return { year, daysOff: toIso('daysOff', daysOff), makeUpWorkdays: toIso('makeUpWorkdays', makeUpWorkdays), ...(source ? { source } : {}) };
}

/** day number → index of its first occurrence in the list. */
function dateList(value: unknown, field: string, year: number): Map<number, number> {
  if (!Array.isArray(value)) throw new CalendarInputError(`expected an array of dates 'YYYY-MM-DD', got ${describe(value)}`, field);
  const out = new Map<number, number>();
  value.forEach((v, i) => {
    const day = parseIsoDate(v, `${field}[${i}]`);
    if (yearOfDay(day) !== year) throw new CalendarInputError(`${v} is not in ${year}`, `${field}[${i}]`);
    if (!out.has(day)) out.set(day, i);
  });
  return out;
}

/** Validates business hours: 1–8 periods 'HH:MM'–'HH:MM', each non-empty, ascending, not overlapping. */
export function parseBusinessHours(json: unknown, field = 'businessHours'): BusinessHours {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new CalendarInputError(`expected {periods: [{start, end}, ...]}, got ${describe(json)}`, field);
  const obj = json as Record<string, unknown>;
  for (const key of Object.keys(obj)) if (key !== 'periods') throw new CalendarInputError(`unknown field (allowed: periods)`, `${field}.${key}`);
  const periods = obj.periods;
  if (!Array.isArray(periods) || periods.length === 0 || periods.length > 8) {
    throw new CalendarInputError(`expected 1 to 8 periods [{start: 'HH:MM', end: 'HH:MM'}], got ${describe(periods)}`, `${field}.periods`);
  }
  let prevEnd = -1;
  const out: BusinessHours = { periods: [] };
  periods.forEach((p, i) => {
    const f = `${field}.periods[${i}]`;
    if (typeof p !== 'object' || p === null || Array.isArray(p)) throw new CalendarInputError(`expected {start, end}, got ${describe(p)}`, f);
    const rec = p as Record<string, unknown>;
    for (const key of Object.keys(rec)) if (key !== 'start' && key !== 'end') throw new CalendarInputError(`unknown field (allowed: start, end)`, `${f}.${key}`);
    const start = parseClock(rec.start, `${f}.start`);
    const end = parseClock(rec.end, `${f}.end`);
    if (end <= start) throw new CalendarInputError(`ends (${rec.end as string}) before or when it starts (${rec.start as string})`, f);
    if (start < prevEnd) throw new CalendarInputError(`starts before the previous period ends; list periods in order without overlap`, f);
    prevEnd = end;
    out.periods.push({ start: rec.start as string, end: rec.end as string });
  });
  return out;
}

/** Validates a region's extra days off: an array of dates; sorted, without duplicates. */
export function parseExtraDaysOff(json: unknown, field = 'extraDaysOff'): IsoDate[] {
  if (!Array.isArray(json)) throw new CalendarInputError(`expected an array of dates 'YYYY-MM-DD', got ${describe(json)}`, field);
  const seen = new Map<number, IsoDate>();
  json.forEach((v, i) => {
    const day = parseIsoDate(v, `${field}[${i}]`);
    if (!seen.has(day)) seen.set(day, v as IsoDate);
  });
  return [...seen.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}
