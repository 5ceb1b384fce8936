// A year loaded into the database becomes part of every deadline in the process, not only
// of the calendar API: the engine's timers and the ledger read defaultCalendar().
import { describe, expect, it } from 'vitest';
import { dbTargets } from './support/db.js';
import { CalendarProvisionalError, defaultCalendar } from '../src/calendar/index.js';
import { refreshPlatformCalendar, saveArrangement } from '../src/calendar/store.js';
import { SYSTEM_ACTOR } from '../src/org/model.js';

const targets = await dbTargets();

// Not the official 2027 arrangement (unpublished when this was written): a test fixture.
const FIXTURE_2027 = { year: 2027, daysOff: ['2027-01-01', '2027-10-01', '2027-10-04'], makeUpWorkdays: ['2027-10-09'], source: 'test fixture' };

describe.each(targets)('platform calendar on $name', (target) => {
  it('counts 2027 provisionally (strict use fails closed) until the year is loaded, then officially everywhere', async () => {
    const store = await target.open();
    try {
      await refreshPlatformCalendar(store.db);
      expect(() => defaultCalendar().strict().addWorkdays('2027-09-30', 1)).toThrow(CalendarProvisionalError);
      expect(defaultCalendar().addWorkdays('2027-09-30', 1)).toBe('2027-10-04'); // provisional: 1–3 October off
      expect(defaultCalendar().isProvisional(2027)).toBe(true);
      await saveArrangement(store.db, SYSTEM_ACTOR, FIXTURE_2027);
      expect(defaultCalendar().strict().addWorkdays('2027-09-30', 1)).toBe('2027-10-05'); // Oct 1 and 4 off, 2–3 weekend
      expect(defaultCalendar().isProvisional(2027)).toBe(false);
      await refreshPlatformCalendar(store.db); // as a restarted process would
      expect(defaultCalendar().isWorkday('2027-10-09')).toBe(true); // a make-up Saturday
    } finally {
      await store.close();
    }
  });
});
