// Civil-date arithmetic on day numbers (days since 1970-01-01), independent of the process
// time zone: no Date getters except getTime. Asia/Shanghai is UTC+8 all year.
import { CalendarInputError, type IsoDate } from './model.js';

export const MS_PER_DAY = 86_400_000;
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** [year, month 1–12, day 1–31] of a day number. */
export function civilFromDays(z: number): [number, number, number] {
  z += 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function yearOfDay(day: number): number {
  return civilFromDays(day)[0];
}

/** 0 = Sunday ... 6 = Saturday. */
export function weekdayOfDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isWeekend(day: number): boolean {
  const w = weekdayOfDay(day);
  return w === 0 || w === 6;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of 'YYYY-MM-DD'; throws CalendarInputError naming `field` when malformed or not a real date. */
export function parseIsoDate(value: unknown, field = 'date'): number {
  if (typeof value !== 'string') throw new CalendarInputError(`expected a date 'YYYY-MM-DD', got ${describe(value)}`, field);
  const m = ISO_DATE.exec(value);
  if (!m) throw new CalendarInputError(`expected a date 'YYYY-MM-DD', got '${value}'`, field);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new CalendarInputError(`'${value}' is not a date in the calendar`, field);
  return daysFromCivil(y, mo, d);
}

export function isIsoDate(value: unknown): value is IsoDate {
  try {
    parseIsoDate(value);
    return true;
  } catch {
    return false;
  }
}

export function formatDay(day: number): IsoDate {
  const [y, m, d] = civilFromDays(day);
  const yy = y >= 0 && y <= 9999 ? String(y).padStart(4, '0') : String(y);
  return `${yy}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Asia/Shanghai day number and milliseconds into that day of an instant. */
export function shanghaiDayAndMs(instant: Date, field = 'instant'): { day: number; ms: number } {
  const t = instant instanceof Date ? instant.getTime() : NaN;
  if (!Number.isFinite(t)) throw new CalendarInputError(`expected a valid instant, got ${describe(instant)}`, field);
  const local = t + SHANGHAI_OFFSET_MS;
  const day = Math.floor(local / MS_PER_DAY);
  return { day, ms: local - day * MS_PER_DAY };
}

export function instantFromShanghai(day: number, ms: number): Date {
  return new Date(day * MS_PER_DAY + ms - SHANGHAI_OFFSET_MS);
}

/** The Asia/Shanghai civil date of an instant. */
export function shanghaiDate(instant: Date): IsoDate {
  return formatDay(shanghaiDayAndMs(instant).day);
}

/** Parses 'HH:MM' (00:00–24:00) into minutes after midnight. */
export function parseClock(value: unknown, field: string): number {
  if (typeof value !== 'string' || !/^\d{2}:\d{2}$/.test(value)) throw new CalendarInputError(`expected a time 'HH:MM', got ${describe(value)}`, field);
  const h = Number(value.slice(0, 2));
  const min = Number(value.slice(3));
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) throw new CalendarInputError(`'${value}' is not a time of day`, field);
  return h * 60 + min;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : value.toISOString();
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : String(value);
}
