// A limit counted in working days ends when the office closes on its last day; the platform's
// office hours are configurable (ZAIZAO_OFFICE_HOURS); hour limits count office hours only.
import { afterEach, describe, expect, it } from 'vitest';
import { createCalendar, parseOfficeHours, platformOfficeHours } from './index.js';
import { durationFrom } from '../engine/time.js';

const at = (s: string) => new Date(s);

describe('deadlines inside office hours', () => {
  afterEach(() => {
    delete process.env.ZAIZAO_OFFICE_HOURS;
  });

  it('ends N working days at the close of office hours of the Nth working day, whatever the hour it started', () => {
    const cal = createCalendar();
    // National Day: 2025-09-30 + 2 working days is 10 October
    expect(cal.workdayDeadline(at('2025-09-30T06:13:00+08:00'), 2).toISOString()).toBe(at('2025-10-10T17:30:00+08:00').toISOString());
    expect(cal.workdayDeadline(at('2025-09-30T22:40:00+08:00'), 2).toISOString()).toBe(at('2025-10-10T17:30:00+08:00').toISOString());
    expect(() => cal.workdayDeadline(at('2025-09-30T10:00:00+08:00'), 0)).toThrow(/at least one working day/);
  });

  it('closes at 18:00 where the county sets its office hours so', () => {
    process.env.ZAIZAO_OFFICE_HOURS = '08:30-12:00,14:00-18:00';
    expect(platformOfficeHours().periods).toEqual([
      { start: '08:30', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ]);
    const cal = createCalendar();
    expect(cal.workdayDeadline(at('2026-03-02T06:13:00+08:00'), 1).toISOString()).toBe(at('2026-03-03T18:00:00+08:00').toISOString());
    expect(cal.businessSecondsPerDay).toBe(7.5 * 3600);
  });

  it('refuses office hours that are not HH:MM-HH:MM periods in order, naming the setting', () => {
    expect(() => parseOfficeHours('9-17')).toThrow(/ZAIZAO_OFFICE_HOURS\[0\]/);
    expect(() => parseOfficeHours('13:00-17:00,09:00-12:00')).toThrow(/ZAIZAO_OFFICE_HOURS/);
  });

  it('a task due date in days ends at closing time; a limit in hours counts office hours only', () => {
    const cal = createCalendar();
    expect(durationFrom(at('2026-03-02T06:13:00+08:00'), 'P3D', cal, true).toISOString()).toBe(at('2026-03-05T17:30:00+08:00').toISOString());
    // 16:00 + 4 business hours: 1.5 h today, 2.5 h from 09:00 tomorrow
    expect(durationFrom(at('2026-03-02T16:00:00+08:00'), 'PT4H', cal, true).toISOString()).toBe(at('2026-03-03T11:30:00+08:00').toISOString());
    // before opening: the hours start at 09:00
    expect(durationFrom(at('2026-03-02T06:13:00+08:00'), 'PT2H', cal, true).toISOString()).toBe(at('2026-03-02T11:00:00+08:00').toISOString());
    // a timer of whole working days fires when a due date of the same length falls: at closing time
    expect(durationFrom(at('2026-03-02T10:00:00+08:00'), 'P3D', cal).toISOString()).toBe(at('2026-03-05T17:30:00+08:00').toISOString());
  });
});
