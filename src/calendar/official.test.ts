// The State Council arrangements for 2025 and 2026, written out here as the specification
// and checked day by day against the calendar: a listed day off is not a working day, a
// listed make-up workday is one, every other day follows the weekday rule (Mon–Fri work).
import { describe, expect, test } from 'vitest';
import { bundledArrangements, createCalendar, defaultCalendar } from './index.js';

interface Notice {
  year: number;
  notice: string;
  /** [first, last] day off of each holiday, inclusive. */
  holidays: Array<{ name: string; from: string; to: string }>;
  makeUpWorkdays: string[];
}

// 国办发明电〔2024〕12号: the first year with 2 more statutory days (Spring Festival, Labour Day).
const NOTICE_2025: Notice = {
  year: 2025,
  notice: '国办发明电〔2024〕12号',
  holidays: [
    { name: '元旦 New Year', from: '2025-01-01', to: '2025-01-01' },
    { name: '春节 Spring Festival', from: '2025-01-28', to: '2025-02-04' },
    { name: '清明节 Qingming', from: '2025-04-04', to: '2025-04-06' },
    { name: '劳动节 Labour Day', from: '2025-05-01', to: '2025-05-05' },
    { name: '端午节 Dragon Boat', from: '2025-05-31', to: '2025-06-02' },
    { name: '国庆节、中秋节 National Day + Mid-Autumn', from: '2025-10-01', to: '2025-10-08' },
  ],
  makeUpWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
};

// 国办发明电〔2025〕7号.
const NOTICE_2026: Notice = {
  year: 2026,
  notice: '国办发明电〔2025〕7号',
  holidays: [
    { name: '元旦 New Year', from: '2026-01-01', to: '2026-01-03' },
    { name: '春节 Spring Festival', from: '2026-02-15', to: '2026-02-23' },
    { name: '清明节 Qingming', from: '2026-04-04', to: '2026-04-06' },
    { name: '劳动节 Labour Day', from: '2026-05-01', to: '2026-05-05' },
    { name: '端午节 Dragon Boat', from: '2026-06-19', to: '2026-06-21' },
    { name: '中秋节 Mid-Autumn', from: '2026-09-25', to: '2026-09-27' },
    { name: '国庆节 National Day', from: '2026-10-01', to: '2026-10-07' },
  ],
  makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};

const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
/** Every date from..to inclusive, computed independently of the module under test. */
function datesFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = utc(from); t <= utc(to); t += DAY) out.push(iso(t));
  return out;
}
const weekday = (date: string) => new Date(utc(date)).getUTCDay();

describe.each([NOTICE_2025, NOTICE_2026])('the $year arrangement ($notice)', (notice) => {
  const daysOff = new Set(notice.holidays.flatMap((h) => datesFrom(h.from, h.to)));
  const makeUp = new Set(notice.makeUpWorkdays);
  const calendar = defaultCalendar();

  test('make-up workdays are weekend days and never days off (the specification is consistent)', () => {
    for (const d of makeUp) {
      expect([0, 6]).toContain(weekday(d));
      expect(daysOff.has(d)).toBe(false);
    }
  });

  test('every day of the year, one by one', () => {
    const days = datesFrom(`${notice.year}-01-01`, `${notice.year}-12-31`);
    expect(days.length).toBe(365);
    const wrong: string[] = [];
    for (const d of days) {
      const expected = makeUp.has(d) ? true : daysOff.has(d) ? false : weekday(d) >= 1 && weekday(d) <= 5;
      if (calendar.isWorkday(d) !== expected) wrong.push(`${d}: expected ${expected ? 'working day' : 'day off'}`);
    }
    expect(wrong).toEqual([]);
  });

  test('the bundled arrangement lists exactly these make-up workdays and every weekday off', () => {
    const bundled = bundledArrangements().find((a) => a.year === notice.year)!;
    expect(bundled.makeUpWorkdays).toEqual([...makeUp].sort());
    const weekdaysOff = [...daysOff].filter((d) => weekday(d) >= 1 && weekday(d) <= 5).sort();
    expect(bundled.daysOff.filter((d) => weekday(d) >= 1 && weekday(d) <= 5)).toEqual(weekdaysOff);
  });

  test('the working days of each month add up to the year', () => {
    let total = 0;
    for (let m = 1; m <= 12; m++) {
      const first = `${notice.year}-${String(m).padStart(2, '0')}-01`;
      const last = iso(Date.UTC(notice.year, m, 0));
      const brute = datesFrom(first, last).filter((d) => calendar.isWorkday(d)).length;
      expect(calendar.workdaysBetween(iso(utc(first) - DAY), last)).toBe(brute);
      total += brute;
    }
    expect(calendar.workdaysBetween(`${notice.year - 1}-12-31`, `${notice.year}-12-31`)).toBe(total);
  });
});

describe('worked examples', () => {
  const c = defaultCalendar();
  test('2 working days after 2025-09-30 skip the National Day week: 2025-10-10', () => {
    expect(c.addWorkdays('2025-09-30', 2)).toBe('2025-10-10');
    expect(c.workdaysBetween('2025-09-30', '2025-10-10')).toBe(2);
    expect(c.workdaysBetween('2025-10-10', '2025-09-30')).toBe(-2);
  });
  test('the make-up Saturday 2025-10-11 counts: 3 working days after 2025-09-30', () => {
    expect(c.addWorkdays('2025-09-30', 3)).toBe('2025-10-11');
  });
  test('a Sunday make-up workday before Spring Festival 2025', () => {
    expect(c.isWorkday('2025-01-26')).toBe(true);
    expect(c.addWorkdays('2025-01-24', 1)).toBe('2025-01-26');
    expect(c.addWorkdays('2025-01-27', 1)).toBe('2025-02-05');
  });
  test('5 working days before 2026-02-28 cross the whole Spring Festival to the make-up Saturday 2026-02-14', () => {
    // 27, 26, 25, 24 February are the 1st to 4th; 15–23 February are off
    expect(c.addWorkdays('2026-02-28', -5)).toBe('2026-02-14');
    expect(c.addWorkdays('2026-02-28', -6)).toBe('2026-02-13');
  });
  test('an instant 2 working days later keeps its Asia/Shanghai wall-clock time', () => {
    expect(c.addWorkdaysToInstant(new Date('2025-09-30T10:00:00+08:00'), 2).toISOString()).toBe(new Date('2025-10-10T10:00:00+08:00').toISOString());
  });
});

describe('independence from the process time zone', () => {
  test.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC'])('same answers with TZ=%s', (tz) => {
    const saved = process.env.TZ;
    process.env.TZ = tz;
    try {
      const c = createCalendar();
      expect(c.isWorkday('2025-01-01')).toBe(false);
      expect(c.isWorkday('2025-01-26')).toBe(true);
      expect(c.addWorkdays('2025-09-30', 2)).toBe('2025-10-10');
      const at = new Date('2025-09-30T23:30:00+08:00'); // 15:30 UTC the same day, still 30 Sep in Shanghai
      expect(c.addWorkdaysToInstant(at, 1).toISOString()).toBe(new Date('2025-10-09T23:30:00+08:00').toISOString());
      expect(c.businessSecondsBetween(new Date('2025-09-30T17:00:00+08:00'), new Date('2025-10-09T09:30:00+08:00'))).toBe(3600);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
