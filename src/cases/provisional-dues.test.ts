// A grass-roots case's deadlines counted across a holiday year without its official
// arrangement are 暂定, and are recounted (with an audit row) when the official year is loaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { openTestApp, signInAs, type TestApp } from '../../test/support/app.js';
import { loadOfficialYear } from '../calendar/official-year.js';
import { refreshPlatformCalendar } from '../calendar/store.js';
import { SYSTEM_ACTOR } from '../org/model.js';

const targets = await dbTargets();

describe.each(targets)('provisional case deadlines on $name', (target) => {
  let t: TestApp;
  // Wednesday 2026-12-30, 10:00: the village's three working days reach into 2027.
  const now = new Date('2026-12-30T10:00:00+08:00');

  beforeAll(async () => {
    t = await openTestApp(target, { now: () => now });
  });
  afterAll(async () => {
    await t.store.db.deleteFrom('calendar_years').execute(); // leave the platform calendar as it was
    await refreshPlatformCalendar(t.store.db);
    await t.close();
  });

  it('marks the handling deadline 暂定 and recounts it when 2027 is loaded', async () => {
    const grid = await signInAs(t.app, 'grid');
    const res = await grid.inject({
      method: 'POST',
      url: '/api/cases',
      payload: { categoryCode: 'ENV-RUBBISH', description: '路边垃圾堆放三天未清运', lat: 35.405, lng: 116.965, address: '前进社区东门', urgency: 'normal' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    // 31 December, (1 January is the statutory holiday), 4 and 5 January.
    expect(c.handleDue.slice(0, 10)).toBe('2027-01-05');
    expect(c.provisional).toEqual({ handleDue: true });

    // The official 2027 (an illustrative fixture) also gives 4 January off.
    const loaded = await loadOfficialYear(t.store.db, SYSTEM_ACTOR, { year: 2027, daysOff: ['2027-01-01', '2027-01-04'], makeUpWorkdays: [], source: 'test fixture' });
    expect(loaded.recomputed).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'case_handle_due', id: c.id, provisional: false })]));
    const after = (await grid.inject({ method: 'GET', url: `/api/cases/${c.id}` })).json();
    expect(after.handleDue.slice(0, 10)).toBe('2027-01-06');
    expect(after.provisional).toBeUndefined();
    const audit = await t.store.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'case.deadline.recompute').execute();
    expect(audit.map((a) => String(a.entity_id))).toEqual([String(c.id)]);
  });
});
