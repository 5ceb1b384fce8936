// The provisional calendar of a year without the State Council's notice: the statutory
// holidays of 《全国年节及纪念日放假办法》 (2024), with lunar dates and Qingming computed.
import { describe, expect, it } from 'vitest';
import { bundledArrangements } from './bundled.js';
import { createCalendar } from './calendar.js';
import { formatDay } from './dates.js';
import { lunarNewYear, lunarToDay, qingmingDay } from './lunar.js';
import { provisionalArrangement, statutoryHolidays } from './provisional.js';

const byName = (year: number) => Object.fromEntries(statutoryHolidays(year).map((h) => [h.name.zh, h.days]));

describe('the statutory holidays of a provisional year', () => {
  it('2027: 春节 is 除夕 5 February to 初三 8 February', () => {
    expect(byName(2027)).toEqual({
      元旦: ['2027-01-01'],
      春节: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'],
      清明节: ['2027-04-05'],
      劳动节: ['2027-05-01', '2027-05-02'],
      端午节: ['2027-06-09'],
      中秋节: ['2027-09-15'],
      国庆节: ['2027-10-01', '2027-10-02', '2027-10-03'],
    });
  });

  it('2028: 春节 from 除夕 25 January; 端午 28 May; 中秋 3 October, inside National Day', () => {
    expect(byName(2028)).toEqual({
      元旦: ['2028-01-01'],
      春节: ['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28'],
      清明节: ['2028-04-04'],
      劳动节: ['2028-05-01', '2028-05-02'],
      端午节: ['2028-05-28'],
      中秋节: ['2028-10-03'],
      国庆节: ['2028-10-01', '2028-10-02', '2028-10-03'],
    });
    // 中秋 on 3 October is one day off, not two: 12 statutory days become 12 dates minus the overlap
    expect(provisionalArrangement(2028).daysOff).toHaveLength(12);
    expect(provisionalArrangement(2028).makeUpWorkdays).toEqual([]);
  });

  it('computes lunar dates known from published almanacs', () => {
    const known: Array<[number, string]> = [
      [2000, '2000-02-05'],
      [2012, '2012-01-23'],
      [2020, '2020-01-25'],
      [2023, '2023-01-22'],
      [2026, '2026-02-17'],
      [2029, '2029-02-13'],
      [2030, '2030-02-03'],
      [2033, '2033-01-31'],
      [2050, '2050-01-23'],
      [2099, '2099-01-21'],
    ];
    for (const [year, date] of known) expect(formatDay(lunarNewYear(year)), String(year)).toBe(date);
    expect(formatDay(lunarToDay(2023, 8, 15))).toBe('2023-09-29'); // 2023 has a leap second month
    expect(formatDay(lunarToDay(2020, 5, 5))).toBe('2020-06-25'); // 2020 has a leap fourth month
    expect(formatDay(qingmingDay(2024))).toBe('2024-04-04');
    expect(formatDay(qingmingDay(2019))).toBe('2019-04-05');
  });

  it('agrees with every official arrangement since the 2008 reform: each statutory day was a day off', () => {
    const official = bundledArrangements().filter((a) => a.year >= 2008);
    expect(official.length).toBeGreaterThanOrEqual(19);
    const calendar = createCalendar({ arrangements: [], bundled: true });
    for (const a of official) {
      for (const h of statutoryHolidays(a.year)) {
        // 除夕 became statutory only in 2025, and Labour Day's second day in 2025
        const days = a.year < 2025 && (h.name.zh === '春节' || h.name.zh === '劳动节') ? h.days.slice(h.name.zh === '春节' ? 1 : 0, h.name.zh === '春节' ? 4 : 1) : h.days;
        for (const d of days) expect(calendar.isWorkday(d), `${a.year} ${h.name.zh} ${d}`).toBe(false);
      }
    }
  });

  it('refuses years outside 2000–2099', () => {
    expect(() => statutoryHolidays(2100)).toThrow(RangeError);
    expect(() => statutoryHolidays(1999)).toThrow(RangeError);
  });
});
