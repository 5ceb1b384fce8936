// Properties of the working-day arithmetic, checked with fast-check over the bundled years
// against a day-by-day reference built only from isWorkday.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { createCalendar, defaultCalendar } from './index.js';

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const addDays = (date: string, k: number) => iso(utc(date) + k * DAY);

const c = defaultCalendar();
// Dates in 2005–2025 and |n| <= 240, so every result stays inside the bundled 2004–2026.
const FIRST = utc('2005-01-01');
const LAST = utc('2025-12-31');
const date = fc.integer({ min: 0, max: (LAST - FIRST) / DAY }).map((k) => iso(FIRST + k * DAY));
const count = fc.integer({ min: -240, max: 240 });
const workday = date.map((d) => {
  while (!c.isWorkday(d)) d = addDays(d, 1);
  return d;
});

/** Reference: step one day at a time. */
function refAdd(d: string, n: number): string {
  let left = Math.abs(n);
  const step = n > 0 ? 1 : -1;
  while (left > 0) {
    d = addDays(d, step);
    if (c.isWorkday(d)) left--;
  }
  return d;
}
function refBetween(a: string, b: string): number {
  if (b < a) return -refBetween(b, a);
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (c.isWorkday(d)) n++;
  return n;
}

describe('addWorkdays and workdaysBetween', () => {
  test('addWorkdays equals stepping day by day, for positive and negative n', () => {
    fc.assert(fc.property(date, count, (d, n) => c.addWorkdays(d, n) === refAdd(d, n)));
  });

  test('workdaysBetween counts the working days in (from, to], negated when to < from', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -360, max: 360 }), (a, k) => {
        const b = addDays(a, k);
        return c.workdaysBetween(a, b) === refBetween(a, b);
      }),
    );
  });

  test('n >= 0: workdaysBetween(d, addWorkdays(d, n)) = n from any date', () => {
    fc.assert(fc.property(date, fc.nat({ max: 240 }), (d, n) => c.workdaysBetween(d, c.addWorkdays(d, n)) === n));
  });

  test('from a working day, addWorkdays and workdaysBetween are inverse for every n', () => {
    fc.assert(fc.property(workday, count, (d, n) => c.workdaysBetween(d, c.addWorkdays(d, n)) === n));
    fc.assert(fc.property(workday, workday, (a, b) => c.addWorkdays(a, c.workdaysBetween(a, b)) === b));
  });

  test('n != 0 lands on a working day strictly after (n > 0) or before (n < 0); n = 0 is the identity', () => {
    fc.assert(
      fc.property(date, count, (d, n) => {
        const r = c.addWorkdays(d, n);
        if (n === 0) return r === d;
        return c.isWorkday(r) && (n > 0 ? r > d : r < d);
      }),
    );
  });

  test('monotonic in the date and in n', () => {
    fc.assert(
      fc.property(date, date, count, (a, b, n) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return c.addWorkdays(lo, n) <= c.addWorkdays(hi, n);
      }),
    );
    fc.assert(
      fc.property(date, count, count, (d, n, m) => {
        const [lo, hi] = n <= m ? [n, m] : [m, n];
        return c.addWorkdays(d, lo) <= c.addWorkdays(d, hi);
      }),
    );
  });

  test('steps compose: n then m equals n + m (same sign from any date, any signs from a working day)', () => {
    const half = fc.integer({ min: 0, max: 120 });
    fc.assert(fc.property(date, half, half, (d, n, m) => c.addWorkdays(c.addWorkdays(d, n), m) === c.addWorkdays(d, n + m)));
    fc.assert(fc.property(date, half, half, (d, n, m) => c.addWorkdays(c.addWorkdays(d, -n), -m) === c.addWorkdays(d, -n - m)));
    fc.assert(
      fc.property(
        workday,
        fc.integer({ min: -120, max: 120 }),
        fc.integer({ min: -120, max: 120 }),
        (d, n, m) => c.addWorkdays(c.addWorkdays(d, n), m) === c.addWorkdays(d, n + m),
      ),
    );
  });

  test('workdaysBetween is antisymmetric and additive', () => {
    fc.assert(
      fc.property(date, date, date, (a, b, x) => {
        expect(c.workdaysBetween(a, b) + c.workdaysBetween(b, a)).toBe(0);
        expect(c.workdaysBetween(a, b) + c.workdaysBetween(b, x)).toBe(c.workdaysBetween(a, x));
        expect(c.workdaysBetween(a, a)).toBe(0);
      }),
    );
  });
});

// Instants as Asia/Shanghai wall-clock times: date at HH:MM:SS.mmm (+08:00).
const clock = fc.integer({ min: 0, max: DAY - 1 });
const instant = fc.tuple(date, clock).map(([d, ms]) => new Date(utc(d) + ms - 8 * 3_600_000));
const shanghai = (t: Date) => new Date(t.getTime() + 8 * 3_600_000).toISOString(); // 'YYYY-MM-DDTHH:MM:SS.mmmZ' read as local
const seconds = fc.integer({ min: -200 * 25_200, max: 200 * 25_200 });

describe('instants and business hours', () => {
  test('addWorkdaysToInstant keeps the wall-clock time and moves the date by addWorkdays', () => {
    fc.assert(
      fc.property(instant, count, (t, n) => {
        const r = c.addWorkdaysToInstant(t, n);
        return shanghai(r).slice(10) === shanghai(t).slice(10) && shanghai(r).slice(0, 10) === c.addWorkdays(shanghai(t).slice(0, 10), n);
      }),
    );
  });

  test('n working days later at the same time of a working day is n working days of business time', () => {
    fc.assert(
      fc.property(workday, clock, count, (d, ms, n) => {
        const t = new Date(utc(d) + ms - 8 * 3_600_000);
        return c.workdaysBetweenInstants(t, c.addWorkdaysToInstant(t, n)) === n;
      }),
    );
  });

  test('addBusinessSeconds then businessSecondsBetween gives the seconds back', () => {
    fc.assert(fc.property(instant, seconds, (t, s) => c.businessSecondsBetween(t, c.addBusinessSeconds(t, s)) === s));
  });

  test('addBusinessSeconds lands inside business hours of a working day, in the right direction', () => {
    fc.assert(
      fc.property(
        instant,
        seconds.filter((s) => s !== 0),
        (t, s) => {
          const r = c.addBusinessSeconds(t, s);
          const local = shanghai(r);
          const hm = local.slice(11, 16);
          const inHours = (hm >= '09:00' && hm <= '12:00') || (hm >= '13:30' && hm <= '17:30');
          return c.isWorkday(local.slice(0, 10)) && inHours && (s > 0 ? r > t : r < t);
        },
      ),
    );
  });

  test('addBusinessSeconds is monotonic in the seconds', () => {
    fc.assert(
      fc.property(instant, seconds, seconds, (t, s1, s2) => {
        const [lo, hi] = s1 <= s2 ? [s1, s2] : [s2, s1];
        return c.addBusinessSeconds(t, lo).getTime() <= c.addBusinessSeconds(t, hi).getTime();
      }),
    );
  });

  test('businessSecondsBetween is antisymmetric, additive and never more than elapsed time', () => {
    fc.assert(
      fc.property(instant, instant, instant, (a, b, x) => {
        expect(c.businessSecondsBetween(a, b) + c.businessSecondsBetween(b, a)).toBeCloseTo(0, 6);
        expect(c.businessSecondsBetween(a, b) + c.businessSecondsBetween(b, x)).toBeCloseTo(c.businessSecondsBetween(a, x), 3);
        if (a <= b) expect(c.businessSecondsBetween(a, b)).toBeLessThanOrEqual((b.getTime() - a.getTime()) / 1000);
      }),
    );
  });

  test('a plain working day holds 7 business hours with the default hours', () => {
    expect(c.businessSecondsPerDay).toBe(7 * 3600);
    const at = (s: string) => new Date(`${s}+08:00`);
    expect(c.businessSecondsBetween(at('2025-09-30T00:00:00'), at('2025-10-01T00:00:00'))).toBe(25_200);
    expect(c.businessSecondsBetween(at('2025-10-01T00:00:00'), at('2025-10-09T00:00:00'))).toBe(0); // the holiday week
    expect(c.workdaysBetweenInstants(at('2025-09-30T09:00:00'), at('2025-10-09T12:00:00'))).toBeCloseTo(1 + 3 / 7, 12);
  });
});

describe('business hours examples', () => {
  const at = (s: string) => new Date(`${s}+08:00`);
  const local = (t: Date) => shanghai(t).slice(0, 19);
  test.each([
    ['2025-09-30T09:00:00', 3 * 3600, '2025-09-30T12:00:00'], // ends at the close of the morning, not 13:30
    ['2025-09-30T11:00:00', 2 * 3600, '2025-09-30T14:30:00'], // over lunch
    ['2025-09-30T17:00:00', 3600, '2025-10-09T09:30:00'], // over National Day
    ['2025-09-30T20:00:00', 60, '2025-10-09T09:01:00'], // after hours counts from the next opening
    ['2025-09-30T13:30:00', -3 * 3600, '2025-09-30T09:00:00'], // backwards: the latest such instant
    ['2025-10-09T09:30:00', -3600, '2025-09-30T17:00:00'],
    ['2025-10-04T10:00:00', 0, '2025-10-04T10:00:00'],
  ])('%s plus %d business seconds is %s', (from, s, to) => {
    expect(local(c.addBusinessSeconds(at(from), s))).toBe(to);
  });

  test('a region with its own hours and an extra day off', () => {
    const region = createCalendar({
      businessHours: {
        periods: [
          { start: '08:30', end: '12:00' },
          { start: '14:00', end: '18:00' },
        ],
      },
      extraDaysOff: ['2025-09-29'],
    });
    expect(region.businessSecondsPerDay).toBe(7.5 * 3600);
    expect(region.isWorkday('2025-09-29')).toBe(false);
    expect(c.isWorkday('2025-09-29')).toBe(true);
    expect(region.addWorkdays('2025-09-26', 2)).toBe('2025-09-30'); // Sat 27 off, Sun 28 make-up, Mon 29 local holiday
    expect(local(region.addBusinessSeconds(at('2025-09-30T11:00:00'), 2 * 3600))).toBe('2025-09-30T15:00:00');
  });

  test('business hours are validated, naming the field', () => {
    expect(() => createCalendar({ businessHours: { periods: [] } })).toThrow(/businessHours.periods/);
    expect(() => createCalendar({ businessHours: { periods: [{ start: '9:00', end: '12:00' }] } })).toThrow(/businessHours.periods\[0\].start/);
    expect(() => createCalendar({ businessHours: { periods: [{ start: '12:00', end: '09:00' }] } })).toThrow(/businessHours.periods\[0\]/);
    expect(() =>
      createCalendar({
        businessHours: {
          periods: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '17:00' },
          ],
        },
      }),
    ).toThrow(/periods\[1\]/);
  });
});

describe('bad input', () => {
  test.each(['2025-02-29', '2025-13-01', '2025-1-01', '20250101', '', 'tomorrow'])('the date %j is refused', (d) => {
    expect(() => c.isWorkday(d)).toThrow(/date/);
    expect(() => c.addWorkdays(d, 1)).toThrow(/date/);
  });
  test.each([1.5, NaN, Infinity])('n = %d is refused', (n) => {
    expect(() => c.addWorkdays('2025-03-03', n)).toThrow(/whole number/);
  });
  test('an invalid Date is refused', () => {
    expect(() => c.addWorkdaysToInstant(new Date('nope'), 1)).toThrow(/valid instant/);
  });
});
