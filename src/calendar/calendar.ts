// The working-day calendar. Built once from arrangements into flat arrays over the covered
// span of years, so every query is O(1) (a few array reads and integer arithmetic):
//
//   work[i]        1 when day base+i is a working day
//   cumBefore[i]   working days among days base .. base+i-1
//   workList[k]    the index of the k-th working day (0-based)
//   runEnd[y]      the last year of the unbroken run of covered years containing y
//
// Days are numbered from 1970-01-01 (see dates.ts); instants are mapped to Asia/Shanghai as
// UTC+8. Any computation that touches an uncovered year throws CalendarDataMissingError.
import {
  CalendarDataMissingError,
  CalendarInputError,
  CalendarProvisionalError,
  type Arrangement,
  type BusinessHours,
  type CalendarOptions,
  type Coverage,
  type IsoDate,
  type WorkCalendar,
} from './model.js';
import { daysFromCivil, describe, formatDay, instantFromShanghai, isWeekend, parseClock, parseIsoDate, shanghaiDayAndMs, yearOfDay } from './dates.js';
import { parseArrangement, parseBusinessHours, parseExtraDaysOff } from './arrangement.js';
import { bundledArrangements } from './bundled.js';
import { platformOfficeHours } from './office-hours.js';
import { PROVISIONAL_FROM, PROVISIONAL_TO, provisionalArrangement } from './provisional.js';

export function createCalendar(options: CalendarOptions = {}): WorkCalendar {
  const byYear = new Map<number, Arrangement>();
  const loaded = new Set<number>();
  if (options.bundled !== false) for (const a of bundledArrangements()) byYear.set(a.year, a);
  for (const raw of options.arrangements ?? []) {
    const a = parseArrangement(raw);
    byYear.set(a.year, a);
    loaded.add(a.year);
  }
  const extraOff = new Set(parseExtraDaysOff(options.extraDaysOff ?? []).map((d) => parseIsoDate(d)));
  const hours = parseBusinessHours(options.businessHours ?? platformOfficeHours());
  const official = new Map(byYear);
  const provisional = new Set<number>();
  if (options.provisional !== false) {
    for (let y = PROVISIONAL_FROM; y <= PROVISIONAL_TO; y++) {
      if (byYear.has(y)) continue;
      byYear.set(y, provisionalArrangement(y));
      provisional.add(y);
    }
  }
  const strict = () => (provisional.size === 0 ? calendar : new StrictCalendar(new ArrayCalendar(official, loaded, extraOff, hours, new Set(), null), provisional, calendar));
  const calendar: ArrayCalendar = new ArrayCalendar(byYear, loaded, extraOff, hours, provisional, strict);
  return calendar;
}

class ArrayCalendar implements WorkCalendar {
  private readonly years: number[];
  private readonly firstYear: number;
  private readonly lastYear: number;
  private readonly base: number; // day number of Jan 1 of firstYear
  private readonly size: number; // days from base to Dec 31 of lastYear
  private readonly work: Uint8Array;
  private readonly cumBefore: Int32Array;
  private readonly workList: Int32Array;
  private readonly yearCovered: Uint8Array; // by year - firstYear
  private readonly yearOf: Uint16Array; // year - firstYear, by day index
  private readonly runStart: Int32Array; // first year of the covered run (years), by year - firstYear
  private readonly runEnd: Int32Array;
  private readonly periods: Array<[number, number]>; // ms after midnight
  private readonly dayMs: number; // business ms per working day
  readonly businessSecondsPerDay: number;
  readonly businessHours: BusinessHours;

  private strictView: WorkCalendar | undefined;

  constructor(
    byYear: Map<number, Arrangement>,
    private readonly loadedYears: Set<number>,
    extraOff: Set<number>,
    hours: BusinessHours,
    private readonly provisionalYears: Set<number>,
    private readonly makeStrict: (() => WorkCalendar) | null,
  ) {
    this.years = [...byYear.keys()].sort((a, b) => a - b);
    this.businessHours = hours;
    this.periods = hours.periods.map((p, i) => [parseClock(p.start, `periods[${i}].start`) * 60_000, parseClock(p.end, `periods[${i}].end`) * 60_000]);
    this.dayMs = this.periods.reduce((s, [a, b]) => s + (b - a), 0);
    this.businessSecondsPerDay = this.dayMs / 1000;
    if (this.years.length === 0) {
      this.firstYear = this.lastYear = 0;
      this.base = this.size = 0;
      this.work = new Uint8Array(0);
      this.cumBefore = new Int32Array(1);
      this.workList = new Int32Array(0);
      this.yearCovered = new Uint8Array(0);
      this.yearOf = new Uint16Array(0);
      this.runStart = this.runEnd = new Int32Array(0);
      return;
    }
    this.firstYear = this.years[0];
    this.lastYear = this.years[this.years.length - 1];
    this.base = daysFromCivil(this.firstYear, 1, 1);
    this.size = daysFromCivil(this.lastYear + 1, 1, 1) - this.base;
    const nYears = this.lastYear - this.firstYear + 1;
    this.yearCovered = new Uint8Array(nYears);
    this.runStart = new Int32Array(nYears);
    this.runEnd = new Int32Array(nYears);
    this.work = new Uint8Array(this.size);
    this.yearOf = new Uint16Array(this.size);
    for (let y = 0; y < nYears; y++) this.yearOf.fill(y, daysFromCivil(this.firstYear + y, 1, 1) - this.base, daysFromCivil(this.firstYear + y + 1, 1, 1) - this.base);
    for (const a of byYear.values()) {
      this.yearCovered[a.year - this.firstYear] = 1;
      const start = daysFromCivil(a.year, 1, 1);
      const end = daysFromCivil(a.year + 1, 1, 1);
      for (let d = start; d < end; d++) this.work[d - this.base] = isWeekend(d) ? 0 : 1;
      for (const iso of a.daysOff) this.work[parseIsoDate(iso) - this.base] = 0;
      for (const iso of a.makeUpWorkdays) this.work[parseIsoDate(iso) - this.base] = 1;
    }
    for (const d of extraOff) if (d >= this.base && d < this.base + this.size) this.work[d - this.base] = 0;
    this.cumBefore = new Int32Array(this.size + 1);
    let count = 0;
    for (let i = 0; i < this.size; i++) {
      this.cumBefore[i] = count;
      count += this.work[i];
    }
    this.cumBefore[this.size] = count;
    this.workList = new Int32Array(count);
    for (let i = 0, k = 0; i < this.size; i++) if (this.work[i]) this.workList[k++] = i;
    for (let y = 0; y < nYears; y++) this.runStart[y] = this.yearCovered[y] ? (y > 0 && this.yearCovered[y - 1] ? this.runStart[y - 1] : y) : -1;
    for (let y = nYears - 1; y >= 0; y--) this.runEnd[y] = this.yearCovered[y] ? (y < nYears - 1 && this.yearCovered[y + 1] ? this.runEnd[y + 1] : y) : -1;
  }

  covers(year: number): boolean {
    return year >= this.firstYear && year <= this.lastYear && this.yearCovered[year - this.firstYear] === 1 && !this.provisionalYears.has(year);
  }

  isProvisional(year: number): boolean {
    return this.provisionalYears.has(year);
  }

  provisionalIn(a: IsoDate | Date, b: IsoDate | Date): number | null {
    if (this.provisionalYears.size === 0) return null;
    const year = (v: IsoDate | Date, field: string) => yearOfDay(v instanceof Date ? shanghaiDayAndMs(v, field).day : parseIsoDate(v, field));
    const ya = year(a, 'a');
    const yb = year(b, 'b');
    for (let y = Math.min(ya, yb); y <= Math.max(ya, yb); y++) if (this.provisionalYears.has(y)) return y;
    return null;
  }

  strict(): WorkCalendar {
    if (!this.makeStrict) return this;
    this.strictView ??= this.makeStrict();
    return this.strictView;
  }

  coverage(): Coverage {
    const official = this.years.filter((y) => !this.provisionalYears.has(y));
    return {
      from: official[0] ?? 0,
      to: official[official.length - 1] ?? 0,
      loaded: [...this.loadedYears].sort((a, b) => a - b),
      years: official,
      provisional: [...this.provisionalYears].sort((a, b) => a - b),
    };
  }

  // --- coverage checks -------------------------------------------------------------------

  private missing(year: number): CalendarDataMissingError {
    const { from, to, years } = this.coverage();
    return new CalendarDataMissingError(year, years.length ? { from, to } : null);
  }

  /** Index of a covered day; throws for an uncovered one. */
  private index(day: number): number {
    const i = day - this.base;
    if (i < 0 || i >= this.size) throw this.missing(yearOfDay(day));
    const y = this.yearOf[i];
    if (!this.yearCovered[y]) throw this.missing(this.firstYear + y);
    return i;
  }

  /** Throws unless every year from index i's to index j's is covered (i's already is). */
  private requireRun(i: number, j: number): void {
    const yi = this.yearOf[i];
    const yj = this.yearOf[j];
    if (yj > yi && this.runEnd[yi] < yj) throw this.missing(this.firstYear + this.runEnd[yi] + 1);
    if (yj < yi && this.runStart[yi] > yj) throw this.missing(this.firstYear + this.runStart[yi] - 1);
  }

  /** The k-th working day (0-based), or the first missing year in the direction of travel. */
  private nthWorkday(k: number, fromIndex: number): number {
    if (k < 0 || k >= this.workList.length) {
      const y = this.yearOf[fromIndex];
      throw this.missing(this.firstYear + (k < 0 ? this.runStart[y] - 1 : this.runEnd[y] + 1));
    }
    const j = this.workList[k];
    this.requireRun(fromIndex, j);
    return j;
  }

  private addDays(i: number, n: number): number {
    if (n === 0) return i;
    const k = n > 0 ? this.cumBefore[i + 1] + n - 1 : this.cumBefore[i] + n;
    return this.nthWorkday(k, i);
  }

  // --- dates -----------------------------------------------------------------------------

  isWorkday(date: IsoDate): boolean {
    return this.work[this.index(parseIsoDate(date))] === 1;
  }

  addWorkdays(date: IsoDate, n: number): IsoDate {
    checkCount(n, 'n');
    const i = this.index(parseIsoDate(date));
    return formatDay(this.base + this.addDays(i, n));
  }

  workdaysBetween(from: IsoDate, to: IsoDate): number {
    const a = this.index(parseIsoDate(from, 'from'));
    const b = this.index(parseIsoDate(to, 'to'));
    this.requireRun(a, b);
    return this.cumBefore[b + 1] - this.cumBefore[a + 1];
  }

  // --- instants --------------------------------------------------------------------------

  addWorkdaysToInstant(instant: Date, n: number): Date {
    checkCount(n, 'n');
    const { day, ms } = shanghaiDayAndMs(instant);
    const i = this.index(day);
    return instantFromShanghai(this.base + this.addDays(i, n), ms);
  }

  workdayDeadline(instant: Date, n: number): Date {
    checkCount(n, 'n');
    if (n < 1) throw new CalendarInputError(`a deadline counts at least one working day, got ${n}`, 'n');
    const { day } = shanghaiDayAndMs(instant);
    const i = this.index(day);
    return instantFromShanghai(this.base + this.addDays(i, n), this.periods[this.periods.length - 1][1]);
  }

  /** Business ms from the start of the span to (day index i, ms into the day). */
  private businessMsAt(i: number, ms: number): number {
    let into = 0;
    if (this.work[i]) {
      for (const [s, e] of this.periods) {
        if (ms <= s) break;
        into += (ms < e ? ms : e) - s;
      }
    }
    return this.cumBefore[i] * this.dayMs + into;
  }

  businessSecondsBetween(a: Date, b: Date): number {
    const pa = shanghaiDayAndMs(a, 'a');
    const pb = shanghaiDayAndMs(b, 'b');
    const ia = this.index(pa.day);
    const ib = this.index(pb.day);
    this.requireRun(ia, ib);
    return (this.businessMsAt(ib, pb.ms) - this.businessMsAt(ia, pa.ms)) / 1000;
  }

  workdaysBetweenInstants(a: Date, b: Date): number {
    return this.businessSecondsBetween(a, b) / this.businessSecondsPerDay;
  }

  addBusinessSeconds(instant: Date, seconds: number): Date {
    if (typeof seconds !== 'number' || !Number.isFinite(seconds)) throw new CalendarInputError(`expected a finite number of seconds, got ${describe(seconds)}`, 'seconds');
    const { day, ms } = shanghaiDayAndMs(instant);
    const i = this.index(day);
    const delta = Math.round(seconds * 1000);
    if (delta === 0) return new Date(instant.getTime());
    const target = this.businessMsAt(i, ms) + delta;
    if (delta > 0) {
      // earliest instant with business time = target: working day k reaches it, r ms into its hours (0 < r <= dayMs)
      const k = Math.ceil(target / this.dayMs) - 1;
      const j = this.nthWorkday(k, i);
      let r = target - k * this.dayMs;
      for (const [s, e] of this.periods) {
        if (r <= e - s) return instantFromShanghai(this.base + j, s + r);
        r -= e - s;
      }
      throw new Error('unreachable: business time past the end of the day');
    }
    // latest instant with business time = target (0 <= r < dayMs)
    const k = Math.floor(target / this.dayMs);
    const j = this.nthWorkday(k, i);
    let r = target - k * this.dayMs;
    for (const [s, e] of this.periods) {
      if (r < e - s) return instantFromShanghai(this.base + j, s + r);
      r -= e - s;
    }
    throw new Error('unreachable: business time past the end of the day');
  }
}

function checkCount(n: unknown, field: string): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new CalendarInputError(`expected a whole number of working days, got ${describe(n)}`, field);
}

/**
 * The official years only: a computation the official data answers is returned as is; one
 * that needs a year the lenient calendar has only provisionally is refused, naming the year.
 */
class StrictCalendar implements WorkCalendar {
  readonly businessSecondsPerDay: number;
  readonly businessHours: BusinessHours;

  constructor(
    private readonly official: WorkCalendar,
    private readonly provisionalYears: Set<number>,
    private readonly lenient: WorkCalendar,
  ) {
    this.businessSecondsPerDay = official.businessSecondsPerDay;
    this.businessHours = official.businessHours;
  }

  private run<T>(fn: (c: WorkCalendar) => T): T {
    try {
      return fn(this.official);
    } catch (err) {
      if (err instanceof CalendarDataMissingError && this.provisionalYears.has(err.year)) throw new CalendarProvisionalError(err.year, err.covered);
      throw err;
    }
  }

  isWorkday(date: IsoDate): boolean {
    return this.run((c) => c.isWorkday(date));
  }
  addWorkdays(date: IsoDate, n: number): IsoDate {
    return this.run((c) => c.addWorkdays(date, n));
  }
  workdaysBetween(from: IsoDate, to: IsoDate): number {
    return this.run((c) => c.workdaysBetween(from, to));
  }
  addWorkdaysToInstant(instant: Date, n: number): Date {
    return this.run((c) => c.addWorkdaysToInstant(instant, n));
  }
  workdayDeadline(instant: Date, n: number): Date {
    return this.run((c) => c.workdayDeadline(instant, n));
  }
  addBusinessSeconds(instant: Date, seconds: number): Date {
    return this.run((c) => c.addBusinessSeconds(instant, seconds));
  }
  businessSecondsBetween(a: Date, b: Date): number {
    return this.run((c) => c.businessSecondsBetween(a, b));
  }
  workdaysBetweenInstants(a: Date, b: Date): number {
    return this.run((c) => c.workdaysBetweenInstants(a, b));
  }
  covers(year: number): boolean {
    return this.official.covers(year);
  }
  isProvisional(): boolean {
    return false;
  }
  provisionalIn(): number | null {
    return null;
  }
  strict(): WorkCalendar {
    return this;
  }
  coverage(): Coverage {
    return this.lenient.coverage();
  }
}
