// Stored arrangements and region settings, on every database target.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import type { Store } from '../store/database.js';
import { verifyAuditTrail } from '../audit/trail.js';
import { SYSTEM_ACTOR } from '../org/model.js';
import { CalendarDataMissingError, CalendarInputError, CalendarProvisionalError, defaultCalendar } from './index.js';
import { followStoredArrangements, getRegionCalendar, listStoredArrangements, loadCalendar, saveArrangement, saveRegionCalendar } from './store.js';

const targets = await dbTargets();

// An illustrative 2027 arrangement for the tests, not the official notice.
const FIXTURE_2027 = {
  year: 2027,
  daysOff: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-10-01', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'],
  makeUpWorkdays: ['2027-01-31', '2027-10-09'],
  source: 'test fixture',
};

describe.each(targets)('calendar store on $name', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await target.open();
    await store.db
      .insertInto('regions')
      .values([
        { code: '370883', name: '邹城市', level: 'city', parent_code: null },
        { code: '370883001', name: '钢山街道', level: 'township', parent_code: '370883' },
        { code: '370883001001', name: '某村', level: 'village', parent_code: '370883001' },
      ] as never)
      .execute();
  });
  afterAll(async () => {
    await store?.close();
  });

  test('without stored years 2027 is provisional (strict use fails closed); storing 2027 makes it official', async () => {
    const before = await loadCalendar(store.db);
    expect(() => before.strict().addWorkdays('2026-12-30', 5)).toThrow(CalendarProvisionalError);
    expect(before.addWorkdays('2026-12-30', 5)).toBe('2027-01-07');
    expect(before.provisionalIn('2026-12-30', '2027-01-07')).toBe(2027);

    const saved = await saveArrangement(store.db, SYSTEM_ACTOR, FIXTURE_2027);
    expect(saved.replaced).toBeNull();
    expect(saved.arrangement.year).toBe(2027);

    const after = await loadCalendar(store.db);
    expect(after.strict().addWorkdays('2026-12-30', 5)).toBe('2027-01-07');
    expect(after.provisionalIn('2026-12-30', '2027-01-07')).toBeNull();
    expect(after.coverage()).toMatchObject({ to: 2027, loaded: [2027] });
    const stored = await listStoredArrangements(store.db);
    expect(stored.map((s) => s.arrangement)).toEqual([FIXTURE_2027]);
    expect(stored[0].loadedAt).toBeInstanceOf(Date);
  });

  test('storing a year again replaces it, and both changes are in the audit trail', async () => {
    const changed = { ...FIXTURE_2027, daysOff: [...FIXTURE_2027.daysOff, '2027-03-03'] };
    const saved = await saveArrangement(store.db, SYSTEM_ACTOR, changed);
    expect(saved.replaced).toEqual(FIXTURE_2027);
    expect((await loadCalendar(store.db)).isWorkday('2027-03-03')).toBe(false);

    const audit = await store.db.selectFrom('audit_log').selectAll().where('entity', '=', 'calendar_year').orderBy('id').execute();
    expect(audit.map((a) => [a.action, a.entity_id])).toEqual([
      ['calendar.year.load', '2027'],
      ['calendar.year.replace', '2027'],
    ]);
    expect((audit[1].after as { daysOff: string[] }).daysOff).toContain('2027-03-03');
    expect((await verifyAuditTrail(store.db)).ok).toBe(true);
  });

  test('an invalid arrangement is refused with the field named, and nothing is written', async () => {
    const count = async () =>
      (
        await store.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const n = await count();
    await expect(saveArrangement(store.db, SYSTEM_ACTOR, { ...FIXTURE_2027, year: 2028 })).rejects.toThrow(/daysOff\[0\]: 2027-01-01 is not in 2028/);
    await expect(saveArrangement(store.db, SYSTEM_ACTOR, { year: 2029, daysOff: ['2029-01-01'], makeUpWorkdays: ['2029-01-03'] })).rejects.toThrow(CalendarInputError);
    expect(await count()).toBe(n);
    expect((await listStoredArrangements(store.db)).map((s) => s.arrangement.year)).toEqual([2027]);
  });

  test('region settings: own business hours, extra days off inherited from the regions above', async () => {
    await saveRegionCalendar(store.db, SYSTEM_ACTOR, '370883', { extraDaysOff: ['2025-09-29'] });
    const township = await saveRegionCalendar(store.db, SYSTEM_ACTOR, '370883001', {
      businessHours: {
        periods: [
          { start: '08:30', end: '12:00' },
          { start: '14:00', end: '18:00' },
        ],
      },
      extraDaysOff: ['2025-12-01'],
    });
    expect(township.extraDaysOff).toEqual(['2025-12-01']);

    const national = await loadCalendar(store.db);
    const city = await loadCalendar(store.db, '370883');
    const village = await loadCalendar(store.db, '370883001001');
    expect(national.isWorkday('2025-09-29')).toBe(true);
    expect(city.isWorkday('2025-09-29')).toBe(false);
    expect(city.isWorkday('2025-12-01')).toBe(true);
    expect(city.businessSecondsPerDay).toBe(7 * 3600);
    expect(village.isWorkday('2025-09-29')).toBe(false);
    expect(village.isWorkday('2025-12-01')).toBe(false);
    expect(village.businessSecondsPerDay).toBe(7.5 * 3600);
    expect(village.addWorkdays('2026-12-30', 5)).toBe('2027-01-07'); // stored years apply to regions too

    // keeping the hours while changing only the days off
    const updated = await saveRegionCalendar(store.db, SYSTEM_ACTOR, '370883001', { extraDaysOff: [] });
    expect(updated.businessHours?.periods[0].start).toBe('08:30');
    expect((await getRegionCalendar(store.db, '370883001'))?.extraDaysOff).toEqual([]);
    await expect(saveRegionCalendar(store.db, SYSTEM_ACTOR, '370883', { businessHours: { periods: [{ start: '17:00', end: '09:00' }] } })).rejects.toThrow(
      /businessHours.periods\[0\]/,
    );

    const audit = await store.db.selectFrom('audit_log').select(['action', 'entity_id', 'region_code']).where('entity', '=', 'region_calendar').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'calendar.region.update', entity_id: '370883', region_code: '370883' },
      { action: 'calendar.region.update', entity_id: '370883001', region_code: '370883001' },
      { action: 'calendar.region.update', entity_id: '370883001', region_code: '370883001' },
    ]);
  });
  test('a year another server process stores reaches this process at the next check, and so does its removal', async () => {
    // Another process writes the row directly: nothing in this process is told.
    const follower = followStoredArrangements(store.db, { intervalMs: 3_600_000 });
    try {
      await follower.check();
      expect(() => defaultCalendar().strict().addWorkdays('2028-03-01', 1)).toThrow(CalendarDataMissingError);
      await store.db
        .insertInto('calendar_years')
        .values({ year: 2028, arrangement: JSON.stringify({ year: 2028, daysOff: ['2028-01-03'], makeUpWorkdays: [] }), source: 'another process' })
        .execute();
      expect(() => defaultCalendar().strict().addWorkdays('2028-03-01', 1)).toThrow(CalendarDataMissingError);
      expect(await follower.check()).toBe(true);
      expect(defaultCalendar().strict().addWorkdays('2028-03-01', 1)).toBe('2028-03-02');
      expect(await follower.check()).toBe(false);

      await store.db.deleteFrom('calendar_years').where('year', '=', 2028).execute();
      expect(await follower.check()).toBe(true);
      expect(() => defaultCalendar().strict().addWorkdays('2028-03-01', 1)).toThrow(CalendarDataMissingError);
    } finally {
      follower.stop();
    }
  });
});
