// Fail closed: a year without official data is never guessed as "Monday–Friday works". It
// gets the provisional arrangement (statutory holidays, provisional.test.ts) unless the use
// is strict; before 2025 (other statutory holidays then) and after 2099 (no lunar data) there
// is nothing at all.
import { describe, expect, test } from 'vitest';
import { CalendarDataMissingError, CalendarProvisionalError, bundledArrangements, createCalendar, defaultCalendar, parseArrangement, type Arrangement } from './index.js';

const at = (s: string) => new Date(`${s}+08:00`);

/** The error thrown by fn, asserting it is a CalendarDataMissingError. */
function missing(fn: () => unknown): CalendarDataMissingError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CalendarDataMissingError);
    return err as CalendarDataMissingError;
  }
  throw new Error('expected CalendarDataMissingError, nothing was thrown');
}

// An illustrative 2027 arrangement for the tests, NOT the official notice: New Year's Day,
// a Spring Festival week around 6 February 2027 with one make-up Sunday, National Day week.
const FIXTURE_2027: Arrangement = {
  year: 2027,
  daysOff: [
    '2027-01-01',
    '2027-02-05',
    '2027-02-06',
    '2027-02-07',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-02-11',
    '2027-10-01',
    '2027-10-04',
    '2027-10-05',
    '2027-10-06',
    '2027-10-07',
  ],
  makeUpWorkdays: ['2027-01-31', '2027-10-09'],
  source: 'test fixture',
};

describe('the bundled data', () => {
  test('covers 2004 to 2026 without gaps, and nothing else', () => {
    const years = bundledArrangements().map((a) => a.year);
    expect(years[0]).toBe(2004);
    expect(years.at(-1)).toBeGreaterThanOrEqual(2026);
    expect(years).toEqual(Array.from({ length: years.length }, (_, i) => 2004 + i));
    expect(defaultCalendar().coverage()).toMatchObject({ from: 2004, to: years.at(-1), loaded: [] });
  });

  test('every bundled year passes the loader validation', () => {
    for (const a of bundledArrangements()) {
      const parsed = parseArrangement({ year: a.year, daysOff: a.daysOff, makeUpWorkdays: a.makeUpWorkdays });
      expect(parsed.daysOff.length).toBeGreaterThan(0);
    }
  });
});

describe.each([
  [2027, 'strict'],
  [2003, 'lenient'],
  [2100, 'lenient'],
])('a computation touching %i, which has no official data, in %s use', (year, use) => {
  const c = use === 'strict' ? defaultCalendar().strict() : defaultCalendar();
  const inside = year === 2027 ? '2026-12-30' : year === 2100 ? '2099-12-28' : '2004-01-05';
  const step = year === 2003 ? -5 : 5;

  test(use === 'strict' ? 'is refused as provisional' : 'has no provisional arrangement either', () => {
    const err = missing(() => c.isWorkday(`${year}-03-03`));
    if (use === 'strict') {
      expect(err).toBeInstanceOf(CalendarProvisionalError);
      expect(err.code).toBe('calendar_provisional');
      expect(err.message).toContain(`only a provisional calendar for ${year}`);
      expect(defaultCalendar().isWorkday(`${year}-03-03`)).toBe(true); // the lenient calendar answers
    } else {
      expect(err).not.toBeInstanceOf(CalendarProvisionalError);
      expect(err.code).toBe('calendar_data_missing');
    }
  });

  test('isWorkday of a weekday in that year throws, naming the year and how to load it', () => {
    const err = missing(() => c.isWorkday(`${year}-03-03`));
    expect(err.year).toBe(year);
    expect(err.message).toContain(String(year));
    expect(err.message).toContain('zaizao calendar load FILE');
    expect(err.message).toContain('POST /api/calendar/years');
    expect(err.message).toContain('"makeUpWorkdays"');
  });

  test('addWorkdays that would run into it throws instead of assuming Monday–Friday', () => {
    expect(missing(() => c.addWorkdays(inside, step)).year).toBe(year);
    expect(missing(() => c.addWorkdays(`${year}-06-01`, 0)).year).toBe(year);
  });

  test('workdaysBetween and the instant functions throw', () => {
    expect(missing(() => c.workdaysBetween(inside, `${year}-06-01`)).year).toBe(year);
    expect(missing(() => c.workdaysBetween(`${year}-06-01`, inside)).year).toBe(year);
    expect(missing(() => c.addWorkdaysToInstant(at(`${inside}T10:00:00`), step)).year).toBe(year);
    expect(missing(() => c.businessSecondsBetween(at(`${inside}T10:00:00`), at(`${year}-06-01T10:00:00`))).year).toBe(year);
    expect(missing(() => c.workdaysBetweenInstants(at(`${inside}T10:00:00`), at(`${year}-06-01T10:00:00`))).year).toBe(year);
    expect(missing(() => c.addBusinessSeconds(at(`${inside}T10:00:00`), Math.sign(step) * 5 * 25_200)).year).toBe(year);
  });

  test('an instant that is already that year in Asia/Shanghai counts as that year', () => {
    // 2026-12-31T16:30Z is 2027-01-01 00:30 in Shanghai; 2004-01-01T00:30+08:00 is still 2003 in UTC
    const edge = year === 2027 ? new Date('2026-12-31T16:30:00Z') : year === 2100 ? new Date('2099-12-31T16:30:00Z') : new Date('2003-12-31T15:30:00Z');
    expect(missing(() => c.addWorkdaysToInstant(edge, 0)).year).toBe(year);
  });
});

describe('loading an arrangement', () => {
  test('a 2027 arrangement makes 2027 work', () => {
    const c = createCalendar({ arrangements: [FIXTURE_2027] });
    expect(c.coverage()).toMatchObject({ from: 2004, to: 2027, loaded: [2027] });
    expect(c.addWorkdays('2026-12-30', 5)).toBe('2027-01-07'); // 31 Dec, then 1 Jan is off: 4, 5, 6, 7 Jan
    expect(c.isWorkday('2027-01-31')).toBe(true); // a make-up Sunday
    expect(c.isWorkday('2027-02-08')).toBe(false);
    expect(c.isWorkday('2027-03-03')).toBe(true);
    // 2027 has 261 weekdays; 11 of them are off (1 Jan, 5 and 8–11 Feb, 1 and 4–7 Oct); 2 weekend days are worked
    expect(c.workdaysBetween('2026-12-31', '2027-12-31')).toBe(261 - 11 + 2);
    expect(() => c.strict().isWorkday('2028-01-03')).toThrow(CalendarProvisionalError);
    expect(c.isProvisional(2027)).toBe(false);
    expect(c.isProvisional(2028)).toBe(true);
  });

  test('a loaded year overrides the bundled one', () => {
    const bundled2025 = bundledArrangements().find((a) => a.year === 2025)!;
    const c = createCalendar({ arrangements: [{ ...bundled2025, daysOff: [...bundled2025.daysOff, '2025-03-03'] }] });
    expect(c.isWorkday('2025-03-03')).toBe(false);
    expect(defaultCalendar().isWorkday('2025-03-03')).toBe(true);
    expect(c.coverage().loaded).toEqual([2025]);
  });

  test('a year loaded after a gap does not cover the gap', () => {
    const c = createCalendar({ provisional: false, arrangements: [{ ...FIXTURE_2027, year: 2028, daysOff: ['2028-01-01', '2028-10-02'], makeUpWorkdays: [] }] });
    expect(c.covers(2027)).toBe(false);
    expect(c.coverage().years).toContain(2028);
    expect(c.isWorkday('2028-01-03')).toBe(true);
    expect(missing(() => c.workdaysBetween('2026-12-01', '2028-01-05')).year).toBe(2027);
    expect(missing(() => c.addWorkdays('2026-12-30', 10)).year).toBe(2027);
    expect(missing(() => c.addWorkdays('2028-01-05', -5)).year).toBe(2027);
  });

  test('without the bundled data, nothing is covered', () => {
    const c = createCalendar({ bundled: false, provisional: false });
    expect(missing(() => c.isWorkday('2025-03-03')).year).toBe(2025);
  });
});

describe('a provisional year', () => {
  const c = defaultCalendar();

  test('counts the statutory holidays only: weekends off, no days in lieu, no make-up workdays', () => {
    expect(c.coverage()).toMatchObject({ to: 2026 });
    expect(c.coverage().provisional).toContain(2027);
    expect(c.coverage().provisional).not.toContain(2026);
    expect(c.coverage().provisional[0]).toBe(2027); // 2025 and 2026 are official; before 2025 nothing is provisional
    expect(c.coverage().provisional.at(-1)).toBe(2099);
    expect(c.covers(2027)).toBe(false);
    expect(c.isWorkday('2027-02-05')).toBe(false); // 除夕
    expect(c.isWorkday('2027-02-09')).toBe(true); // 初四: no days in lieu
    expect(c.isWorkday('2027-10-04')).toBe(true);
    // 2026-12-20 (a Sunday) + 20 working days: 21–25, 28–31 Dec, then 4–8, 11–15, 18 Jan (1 Jan is off)
    expect(c.addWorkdays('2026-12-20', 20)).toBe('2027-01-18');
  });

  test('marks what it touches: provisionalIn names the first provisional year between two dates or instants', () => {
    expect(c.provisionalIn('2026-03-02', '2026-12-31')).toBeNull();
    expect(c.provisionalIn('2026-12-20', c.addWorkdays('2026-12-20', 20))).toBe(2027);
    expect(c.provisionalIn('2028-05-01', '2026-01-01')).toBe(2027);
    expect(c.provisionalIn(new Date('2026-12-31T16:30:00Z'), new Date('2026-12-31T16:30:00Z'))).toBe(2027); // already 2027 in Shanghai
    expect(c.strict().provisionalIn('2026-12-20', '2028-01-01')).toBeNull();
  });

  test('loading the official year replaces the provisional one', () => {
    const loaded = createCalendar({ arrangements: [FIXTURE_2027] });
    expect(loaded.isProvisional(2027)).toBe(false);
    expect(loaded.provisionalIn('2026-12-20', '2027-12-31')).toBeNull();
    expect(loaded.isWorkday('2027-02-09')).toBe(false); // the fixture's Spring Festival week
    expect(loaded.strict().addWorkdays('2026-12-30', 5)).toBe('2027-01-07');
  });
});

describe('parseArrangement', () => {
  test('accepts a valid file and normalises it (sorted, no duplicates)', () => {
    const a = parseArrangement({ year: 2027, daysOff: ['2027-10-01', '2027-01-01', '2027-01-01'], makeUpWorkdays: ['2027-01-31'], source: ' notice ' });
    expect(a).toEqual({ year: 2027, daysOff: ['2027-01-01', '2027-10-01'], makeUpWorkdays: ['2027-01-31'], source: 'notice' });
  });

  test.each<[string, unknown, RegExp]>([
    ['not an object', [1, 2], /JSON object/],
    ['no year', { daysOff: ['2027-01-01'], makeUpWorkdays: [] }, /^year:/],
    ['a year as text', { year: '2027', daysOff: ['2027-01-01'], makeUpWorkdays: [] }, /^year:/],
    ['no daysOff', { year: 2027, makeUpWorkdays: [] }, /^daysOff:/],
    ['an empty daysOff', { year: 2027, daysOff: [], makeUpWorkdays: [] }, /^daysOff: must list at least one/],
    ['a malformed date', { year: 2027, daysOff: ['2027-01-01', '2027-1-2'], makeUpWorkdays: [] }, /^daysOff\[1\]:/],
    ['an impossible date', { year: 2027, daysOff: ['2027-02-30'], makeUpWorkdays: [] }, /^daysOff\[0\]:/],
    ['a date of another year', { year: 2027, daysOff: ['2027-01-01', '2026-12-31'], makeUpWorkdays: [] }, /^daysOff\[1\]: 2026-12-31 is not in 2027/],
    ['a weekday make-up workday', { year: 2027, daysOff: ['2027-01-01'], makeUpWorkdays: ['2027-02-03'] }, /^makeUpWorkdays\[0\]: 2027-02-03 is a Wednesday/],
    ['a day both off and worked', { year: 2027, daysOff: ['2027-01-01', '2027-01-31'], makeUpWorkdays: ['2027-01-31'] }, /^makeUpWorkdays\[0\]: .*also listed in daysOff/],
    ['a misspelt field', { year: 2027, daysOff: ['2027-01-01'], makeupWorkdays: [] }, /^makeupWorkdays: unknown field/],
  ])('refuses %s, naming the field', (_, json, message) => {
    expect(() => parseArrangement(json)).toThrow(message);
  });
});
