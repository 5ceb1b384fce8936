// The working-day calendar's types and errors. Every deadline in Zaizao is computed by
// this module: China's statutory holidays and make-up workdays (调休), per-region extra
// days off and business hours, all in Asia/Shanghai (UTC+8, no daylight saving time).
import type { Text } from '../shared/text.js';
import { DomainError } from '../shared/errors.js';

/** A civil date in Asia/Shanghai, 'YYYY-MM-DD'. */
export type IsoDate = string;

/** One year's official arrangement of days off and make-up workdays (State Council notice). */
export interface Arrangement {
  year: number;
  /** Days off: statutory holidays and the weekdays given off in lieu (weekend days may be listed too). */
  daysOff: IsoDate[];
  /** Make-up workdays (调休上班): Saturdays or Sundays that are worked. */
  makeUpWorkdays: IsoDate[];
  /** Where the arrangement comes from, e.g. the notice number 国办发明电〔2025〕7号 or a URL. */
  source?: string;
}

/** Business hours on every working day, Asia/Shanghai wall-clock 'HH:MM' ('24:00' allowed as an end). */
export interface BusinessHours {
  periods: Array<{ start: string; end: string }>;
}

export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  periods: [
    { start: '09:00', end: '12:00' },
    { start: '13:30', end: '17:30' },
  ],
};

export interface CalendarOptions {
  /** Official arrangements; they override bundled years and add years the bundle lacks. */
  arrangements?: Arrangement[];
  /** A region's own days off (local holidays); they are never working days. */
  extraDaysOff?: IsoDate[];
  /** A region's business hours; default 09:00–12:00 and 13:30–17:30. */
  businessHours?: BusinessHours;
  /** Use the data bundled from chinese-days (default true). */
  bundled?: boolean;
  /**
   * Give a year without official data (2025–2099) its provisional arrangement: the statutory
   * holidays only (default true). Results touching it are provisional (see provisionalIn).
   */
  provisional?: boolean;
}

export interface Coverage {
  /** First and last year with data (there may be gaps; see `years`). */
  from: number;
  to: number;
  /** Years whose data comes from a loaded arrangement (extending or overriding the bundle). */
  loaded: number[];
  /** Every year with official data, ascending. */
  years: number[];
  /** Years computed on the provisional arrangement (statutory holidays only), ascending. */
  provisional: number[];
}

export interface WorkCalendar {
  /** True when `date` is a working day. */
  isWorkday(date: IsoDate): boolean;
  /**
   * n > 0: the n-th working day after `date` (`date` itself is not counted, as 期间开始的日不计算在内).
   * n < 0: the |n|-th working day before `date`. n = 0: `date` unchanged.
   * For n != 0 the result is always a working day. 2025-09-30 + 2 → 2025-10-10.
   */
  addWorkdays(date: IsoDate, n: number): IsoDate;
  /**
   * Working days in the half-open interval (from, to] when from <= to (from excluded, to
   * included); −workdaysBetween(to, from) otherwise. Antisymmetric and additive:
   * between(a, b) + between(b, c) = between(a, c); between(d, addWorkdays(d, n)) = n for n >= 0.
   */
  workdaysBetween(from: IsoDate, to: IsoDate): number;
  /** Same Asia/Shanghai wall-clock time on the date addWorkdays(date of instant, n). */
  addWorkdaysToInstant(instant: Date, n: number): Date;
  /**
   * A deadline of n working days (n >= 1) from an instant: the close of business hours (the end
   * of the last period, 17:30 by default) of addWorkdays(date of instant, n). A limit counted in
   * days ends when the office closes on its last day, never at the hour the clock started.
   */
  workdayDeadline(instant: Date, n: number): Date;
  /**
   * Moves through business time only. seconds > 0: the earliest instant at which `seconds` of
   * business time have passed (09:00 + 3 h → 12:00, not 13:30). seconds < 0: the latest instant
   * that lies |seconds| of business time before (13:30 − 3 h → 09:00). 0: unchanged. Millisecond
   * resolution.
   */
  addBusinessSeconds(instant: Date, seconds: number): Date;
  /** Signed seconds of business time from a to b (negative when b < a), millisecond resolution. */
  businessSecondsBetween(a: Date, b: Date): number;
  /** businessSecondsBetween(a, b) / business seconds of one working day; signed, fractional. */
  workdaysBetweenInstants(a: Date, b: Date): number;
  /** Business seconds in one working day (7 h = 25200 with the default hours). */
  readonly businessSecondsPerDay: number;
  readonly businessHours: BusinessHours;
  /** True when the calendar holds official data for `year`. */
  covers(year: number): boolean;
  /** True when `year` has only its provisional arrangement. */
  isProvisional(year: number): boolean;
  /**
   * The first provisional year among the years from `a` to `b` (either order; dates or
   * instants), else null: a result computed from a to b is provisional (暂定) when this is not null.
   */
  provisionalIn(a: IsoDate | Date, b: IsoDate | Date): number | null;
  /** The same calendar refusing provisional years: a computation touching one throws CalendarProvisionalError. */
  strict(): WorkCalendar;
  coverage(): Coverage;
}

/** The shape of a loadable arrangement file, quoted in error messages and docs. */
export function arrangementJsonShape(year: number | string = 'YYYY'): string {
  return `{"year": ${year}, "daysOff": ["${year}-01-01", ...], "makeUpWorkdays": ["${year}-MM-DD", ...], "source": "State Council notice"}`;
}

function missingMessages(year: number, covered: { from: number; to: number } | null, provisional: boolean): Text {
  const shape = arrangementJsonShape(year);
  if (provisional)
    return {
      zh: `${year} 年只有暂定日历（仅法定节假日，尚未加载国务院安排），严格模式拒绝计算。请加载 ${year} 年的国务院节假日安排，JSON 格式：${shape}`,
      en:
        `only a provisional calendar for ${year} (statutory holidays, no official arrangement); strict use refuses it. ` +
        `Load the State Council arrangement for ${year} with \`zaizao calendar load FILE\` or POST /api/calendar/years, JSON ${shape}`,
    };
  const have = covered ? ` (the calendar covers ${covered.from}–${covered.to})` : '';
  return {
    zh: `缺少 ${year} 年的国务院节假日安排，无法计算工作日。请用 \`zaizao calendar load FILE\` 或 POST /api/calendar/years 加载该年安排，JSON 格式：${shape}`,
    en:
      `no official working-day arrangement for ${year}${have}; load the State Council arrangement for ${year} ` +
      `with \`zaizao calendar load FILE\` or POST /api/calendar/years, JSON ${shape}`,
  };
}

/** A computation touched a year for which no official arrangement is known. Fails closed: 422, nothing written. */
export class CalendarDataMissingError extends DomainError {
  readonly code: 'calendar_data_missing' | 'calendar_provisional';
  constructor(
    readonly year: number,
    readonly covered: { from: number; to: number } | null = null,
    provisional = false,
  ) {
    super(422, provisional ? 'calendar_provisional' : 'calendar_data_missing', missingMessages(year, covered, provisional), { year });
    this.code = provisional ? 'calendar_provisional' : 'calendar_data_missing';
  }
}

/** Strict use: a computation touched a year that has only its provisional arrangement. */
export class CalendarProvisionalError extends CalendarDataMissingError {
  constructor(year: number, covered: { from: number; to: number } | null = null) {
    super(year, covered, true);
  }
}

/** Bad input to the calendar (a malformed date, a non-integer count, an invalid arrangement): 400, naming the field. */
export class CalendarInputError extends DomainError {
  readonly code = 'calendar_bad_input';
  constructor(
    message: string,
    /** The offending field, e.g. 'daysOff[3]' or 'date'. */
    readonly field?: string,
  ) {
    const full = field ? `${field}: ${message}` : message;
    const name = field ?? 'body';
    super(
      400,
      'validation',
      { zh: `请求不合法：${name} 不正确（${full}）`, en: `invalid request: ${full}` },
      { problems: [{ field: name, message: { zh: `${name} 不正确（${full}）`, en: full } }] },
    );
    this.message = full;
  }
}
