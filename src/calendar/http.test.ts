// The calendar's HTTP routes, on every database target, signed in as demo users.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { saveRegionCalendar } from './store.js';
import { SYSTEM_ACTOR } from '../org/model.js';

const targets = await dbTargets();

// An illustrative 2027 arrangement for the tests, not the official notice.
const FIXTURE_2027 = {
  year: 2027,
  daysOff: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-10-01', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'],
  makeUpWorkdays: ['2027-01-31', '2027-10-09'],
  source: 'test fixture',
};

describe.each(targets)('calendar API on $name', (target) => {
  let t: TestApp;
  let admin: Client;
  let clerk: Client;
  let dispatcher: Client;
  let clock = new Date('2026-10-08T09:00:00+08:00');
  beforeAll(async () => {
    t = await openTestApp(target, { now: () => clock });
    admin = await signInAs(t.app, 'admin');
    clerk = await signInAs(t.app, 'clerk');
    dispatcher = await signInAs(t.app, 'dispatcher');
  });
  afterAll(async () => t?.close());

  test('add-workdays and workdays-between answer a signed-in user; anonymous callers get 401', async () => {
    const res = await clerk.inject({ method: 'GET', url: '/api/calendar/add-workdays?date=2025-09-30&n=2' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ date: '2025-09-30', n: 2, result: '2025-10-10', provisional: false, provisionalYear: null });
    const back = await clerk.inject({ method: 'GET', url: '/api/calendar/workdays-between?from=2025-10-10&to=2025-09-30' });
    expect(back.json()).toEqual({ from: '2025-10-10', to: '2025-09-30', workdays: -2, provisional: false, provisionalYear: null });
    expect((await t.app.inject({ method: 'GET', url: '/api/calendar/add-workdays?date=2025-09-30&n=2' })).statusCode).toBe(401);
  });

  test.each([
    ['date=2025-9-30&n=2', 'date'],
    ['date=2025-02-30&n=2', 'date'],
    ['date=2025-09-30&n=two', 'n'],
    ['date=2025-09-30', 'n'],
    ['date=2025-09-30&n=1&extra=1', 'extra'],
  ])('bad query %s is a 400 naming %s', async (query, field) => {
    const res = await clerk.inject({ method: 'GET', url: `/api/calendar/add-workdays?${query}` });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.message.zh).toBeTruthy();
    expect(JSON.stringify(body.error.details)).toContain(field);
  });

  test('a year without official data answers provisionally; strict=true refuses it with a 422 naming the year; beyond 2099 nothing is known', async () => {
    const provisional = await clerk.inject({ method: 'GET', url: '/api/calendar/add-workdays?date=2026-12-30&n=5' });
    expect(provisional.statusCode).toBe(200);
    expect(provisional.json()).toEqual({ date: '2026-12-30', n: 5, result: '2027-01-07', provisional: true, provisionalYear: 2027 });
    const between = await clerk.inject({ method: 'GET', url: '/api/calendar/workdays-between?from=2027-02-04&to=2027-02-09' });
    expect(between.json()).toMatchObject({ workdays: 1, provisional: true }); // 除夕 to 初三 off, 初四 worked

    const strict = await clerk.inject({ method: 'GET', url: '/api/calendar/add-workdays?date=2026-12-30&n=5&strict=true' });
    expect(strict.statusCode).toBe(422);
    expect(strict.json().error).toMatchObject({ code: 'calendar_provisional', details: { year: 2027 } });
    expect(strict.json().error.message.en).toMatch(/provisional calendar for 2027/);
    expect(strict.json().error.message.zh).toMatch(/2027 年只有暂定日历/);
    const strictOk = await clerk.inject({ method: 'GET', url: '/api/calendar/add-workdays?date=2026-12-01&n=5&strict=true' });
    expect(strictOk.json()).toMatchObject({ result: '2026-12-08', provisional: false });

    const missing = await clerk.inject({ method: 'GET', url: '/api/calendar/add-workdays?date=2100-03-01&n=5' });
    expect(missing.statusCode).toBe(422);
    expect(missing.json().error).toMatchObject({ code: 'calendar_data_missing', details: { year: 2100 } });
    expect(missing.json().error.message.en).toMatch(/POST \/api\/calendar\/years/);
    expect(missing.json().error.message.zh).toMatch(/2100 年/);
  });

  test('from October an admin is warned that next year is missing; an admin loads it; then it is official', async () => {
    clock = new Date('2026-09-30T23:59:00+08:00');
    expect((await clerk.inject({ method: 'GET', url: '/api/calendar/years' })).json().warning).toBeNull();
    clock = new Date('2026-10-08T09:00:00+08:00');
    const warned = (await clerk.inject({ method: 'GET', url: '/api/calendar/years' })).json();
    expect(warned.warning).toMatchObject({ year: 2027, message: { zh: expect.stringContaining('2027 年'), en: expect.stringContaining('2027') } });
    expect(warned.coverage.provisional).toContain(2027);

    const refused = await clerk.inject({ method: 'POST', url: '/api/calendar/years', payload: FIXTURE_2027 });
    expect(refused.statusCode).toBe(403);

    const created = await admin.inject({ method: 'POST', url: '/api/calendar/years', payload: FIXTURE_2027 });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ arrangement: { year: 2027 }, replaced: false, coverage: { to: 2027, loaded: [2027] } });
    const replaced = await admin.inject({ method: 'POST', url: '/api/calendar/years', payload: { ...FIXTURE_2027, source: 'corrected' } });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().replaced).toBe(true);

    const ok = await clerk.inject({ method: 'GET', url: '/api/calendar/add-workdays?date=2026-12-30&n=5' });
    expect(ok.json().result).toBe('2027-01-07');
    expect(ok.json().provisional).toBe(false);
    const years = await clerk.inject({ method: 'GET', url: '/api/calendar/years' });
    expect(years.json().coverage).toMatchObject({ from: 2004, to: 2027, loaded: [2027] });
    expect(years.json().coverage.provisional).not.toContain(2027);
    expect(years.json().warning).toBeNull();
    expect(years.json().loaded).toEqual([expect.objectContaining({ year: 2027, source: 'corrected', loadedAt: expect.any(String) })]);

    const audit = await t.store.db.selectFrom('audit_log').select(['action', 'actor_name']).where('entity', '=', 'calendar_year').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'calendar.year.load', actor_name: 'admin' },
      { action: 'calendar.year.replace', actor_name: 'admin' },
    ]);
  });

  test.each<[string, unknown, RegExp]>([
    ['a weekday make-up workday', { year: 2028, daysOff: ['2028-01-01'], makeUpWorkdays: ['2028-01-05'] }, /makeUpWorkdays\[0\]/],
    ['a date of another year', { year: 2028, daysOff: ['2027-12-31'], makeUpWorkdays: [] }, /daysOff\[0\]/],
    ['an unknown field', { year: 2028, daysOff: ['2028-01-01'], makeUpWorkdays: [], holidays: [] }, /holidays/],
    ['a year as text', { year: '2028', daysOff: ['2028-01-01'], makeUpWorkdays: [] }, /year/],
  ])('POST refuses %s with a 400 naming the field, and writes nothing', async (_, payload, field) => {
    const res = await admin.inject({ method: 'POST', url: '/api/calendar/years', payload: payload as object });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error.details)).toMatch(field);
    const years = await admin.inject({ method: 'GET', url: '/api/calendar/years' });
    expect(years.json().coverage.years).not.toContain(2028);
  });

  test('the caller’s region applies its extra days off; a region outside the caller’s is refused', async () => {
    await saveRegionCalendar(t.store.db, SYSTEM_ACTOR, '370883001', { extraDaysOff: ['2025-10-09'] });
    // the dispatcher works in township 370883001, the clerk in the city 370883
    expect((await dispatcher.inject({ method: 'GET', url: '/api/calendar/add-workdays?date=2025-09-30&n=1' })).json().result).toBe('2025-10-10');
    expect((await clerk.inject({ method: 'GET', url: '/api/calendar/add-workdays?date=2025-09-30&n=1' })).json().result).toBe('2025-10-09');
    expect((await clerk.inject({ method: 'GET', url: '/api/calendar/add-workdays?date=2025-09-30&n=1&region=370883001' })).json().result).toBe('2025-10-10');
    expect((await dispatcher.inject({ method: 'GET', url: '/api/calendar/add-workdays?date=2025-09-30&n=1&region=370883' })).statusCode).toBe(403);
  });
});
