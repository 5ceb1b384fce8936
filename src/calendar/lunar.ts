// Chinese lunisolar dates for the provisional calendar: the Gregorian date of a lunar date
// (正月初一, 五月初五, 八月十五) and of the Qingming solar term, for 2000–2099. Pure integer
// arithmetic on day numbers, independent of the process time zone.
//
// LUNAR_INFO is the standard public table of lunar years (the same table chinese-days uses,
// MIT): per year, bits 15..4 say whether months 1..12 have 30 days (else 29), bits 3..0 name
// the leap month (0: none), bit 16 whether the leap month has 30 days.
import { daysFromCivil } from './dates.js';

/** First and last year for which lunar dates and Qingming are computed. */
export const LUNAR_FROM = 2000;
export const LUNAR_TO = 2099;

// prettier-ignore
const LUNAR_INFO = [
  0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552, 0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5, // 2000
  0x0a950, 0x0b4a0, 0x0baa4, 0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930, // 2010
  0x07954, 0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65, 0x0d530, // 2020
  0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6, 0x0d250, 0x0d520, 0x0dd45, // 2030
  0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577, 0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0, // 2040
  0x14b63, 0x09370, 0x049f8, 0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06b20, 0x1a6c4, 0x0aae0, // 2050
  0x0a2e0, 0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0, 0x055d4, // 2060
  0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0, 0x0aba4, 0x0a5b0, 0x052b0, // 2070
  0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50, 0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160, // 2080
  0x0e968, 0x0d520, 0x0daa0, 0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a2d0, 0x0d150, 0x0f252, // 2090
  0x0d520, // 2100
];

/** 正月初一 of the lunar year 2000 was 2000-02-05. */
const NEW_YEAR_2000 = daysFromCivil(2000, 2, 5);

function info(year: number): number {
  return LUNAR_INFO[year - 2000];
}

function monthDays(year: number, month: number): number {
  return info(year) & (0x10000 >> month) ? 30 : 29;
}

function leapMonth(year: number): number {
  return info(year) & 0xf;
}

function yearDays(year: number): number {
  let days = 0;
  for (let m = 1; m <= 12; m++) days += monthDays(year, m);
  if (leapMonth(year)) days += info(year) & 0x10000 ? 30 : 29;
  return days;
}

const newYearCache = new Map<number, number>();

/** Day number (days since 1970-01-01) of 正月初一 of a lunar year. */
export function lunarNewYear(year: number): number {
  checkYear(year);
  let day = newYearCache.get(year);
  if (day === undefined) {
    day = NEW_YEAR_2000;
    for (let y = 2000; y < year; y++) day += yearDays(y);
    newYearCache.set(year, day);
  }
  return day;
}

/** Day number of the (non-leap) lunar month/day in a lunar year, e.g. (2027, 5, 5) for 端午. */
export function lunarToDay(year: number, month: number, day: number): number {
  let d = lunarNewYear(year);
  const leap = leapMonth(year);
  for (let m = 1; m < month; m++) {
    d += monthDays(year, m);
    if (m === leap) d += info(year) & 0x10000 ? 30 : 29; // the leap month follows its month
  }
  return d + day - 1;
}

/**
 * Day number of the Qingming solar term (清明) of a year: April floor(Y·0.2422 + 4.81) − floor(Y/4),
 * Y = year mod 100 (the usual formula for the 21st century; no exceptions in 2000–2099).
 */
export function qingmingDay(year: number): number {
  checkYear(year);
  const y = year % 100;
  return daysFromCivil(year, 4, Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4));
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < LUNAR_FROM || year > LUNAR_TO) throw new RangeError(`lunar dates are known for ${LUNAR_FROM}–${LUNAR_TO}, not ${year}`);
}
