// The provisional arrangement of a year without the State Council's notice: the statutory
// holidays of 《全国年节及纪念日放假办法》 (as amended in 2024) and nothing else — weekends
// off, no days in lieu, no make-up workdays. Dates computed on it are marked provisional
// (暂定) and recomputed when the official arrangement is loaded.
//
//   元旦 1 day (1 January)           劳动节 2 days (1–2 May)
//   春节 4 days (除夕 to 正月初三)      端午节 1 day (五月初五)
//   清明节 1 day (the solar term)      中秋节 1 day (八月十五)
//   国庆节 3 days (1–3 October)
import { daysFromCivil, formatDay } from './dates.js';
import { LUNAR_TO, lunarNewYear, lunarToDay, qingmingDay } from './lunar.js';
import type { Arrangement } from './model.js';

/**
 * Years that may be provisional: from 2025, when the 2024 amendment took effect (earlier years
 * had other statutory holidays; one without data fails closed), to the end of the lunar table.
 */
export const PROVISIONAL_FROM = 2025;
export const PROVISIONAL_TO = LUNAR_TO;
export const PROVISIONAL_SOURCE = '《全国年节及纪念日放假办法》 (provisional)';

export interface StatutoryHoliday {
  name: { zh: string; en: string };
  days: string[];
}

/** The statutory holidays of a year, by festival (2000–2099). */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  const span = (first: number, n: number) => Array.from({ length: n }, (_, i) => formatDay(first + i));
  const springEve = lunarNewYear(year) - 1; // 除夕: the last day of the previous lunar year
  return [
    { name: { zh: '元旦', en: 'New Year’s Day' }, days: span(daysFromCivil(year, 1, 1), 1) },
    { name: { zh: '春节', en: 'Spring Festival' }, days: span(springEve, 4) },
    { name: { zh: '清明节', en: 'Qingming Festival' }, days: span(qingmingDay(year), 1) },
    { name: { zh: '劳动节', en: 'Labour Day' }, days: span(daysFromCivil(year, 5, 1), 2) },
    { name: { zh: '端午节', en: 'Dragon Boat Festival' }, days: span(lunarToDay(year, 5, 5), 1) },
    { name: { zh: '中秋节', en: 'Mid-Autumn Festival' }, days: span(lunarToDay(year, 8, 15), 1) },
    { name: { zh: '国庆节', en: 'National Day' }, days: span(daysFromCivil(year, 10, 1), 3) },
  ];
}

const cache = new Map<number, Arrangement>();

/** The provisional arrangement of a year (the calendar uses it for PROVISIONAL_FROM..PROVISIONAL_TO). */
export function provisionalArrangement(year: number): Arrangement {
  let a = cache.get(year);
  if (!a) {
    const daysOff = [...new Set(statutoryHolidays(year).flatMap((h) => h.days))].sort(); // 中秋 may fall on National Day
    a = { year, daysOff, makeUpWorkdays: [], source: PROVISIONAL_SOURCE };
    cache.set(year, a);
  }
  return a;
}
