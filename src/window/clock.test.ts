// Recounting a promised date keeps the working days a handling supplement stopped the clock.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../calendar/index.js';
import { promisedAfterPauses } from './clock.js';

describe('promisedAfterPauses', () => {
  const calendar = createCalendar();
  it('moves the promised date on by the closed pauses’ working days, not yet by an open one', () => {
    const closed = { from: '2026-03-02T10:30:00+08:00', to: '2026-03-05T10:30:00+08:00', workdays: 3 };
    expect(promisedAfterPauses(calendar, '2026-03-02', [closed])).toBe('2026-03-05');
    expect(promisedAfterPauses(calendar, '2026-03-02', JSON.stringify([closed, { from: '2026-03-06T09:00:00+08:00', to: null, workdays: 0 }]))).toBe('2026-03-05');
    // Over a weekend: Friday + 1 is Monday.
    expect(promisedAfterPauses(calendar, '2026-03-06', [{ ...closed, workdays: 1 }])).toBe('2026-03-09');
    expect(promisedAfterPauses(calendar, '2026-03-06', [])).toBe('2026-03-06');
  });
});
