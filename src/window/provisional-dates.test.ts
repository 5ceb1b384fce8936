// An open post-decision check (事中事后核查) due 20 working days after the decision, counted
// across a holiday year without its official arrangement, is recounted when the official year
// is loaded — with an audit row and a notice to the checking department.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { createCalendar } from '../calendar/index.js';
import { loadOfficialYear } from '../calendar/official-year.js';
import { refreshPlatformCalendar } from '../calendar/store.js';
import { SYSTEM_ACTOR } from '../org/model.js';
import { seedDemoData } from '../server/seed.js';
import type { Store } from '../store/database.js';
import { VERIFICATION_WORKDAYS } from './results.js';

const targets = await dbTargets();

describe.each(targets)('provisional post-decision checks on $name', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await target.open();
    await seedDemoData(store, 'test-password-1', { service: true });
  });
  afterAll(async () => {
    await store.db.deleteFrom('calendar_years').execute(); // leave the platform calendar as it was
    await refreshPlatformCalendar(store.db);
    await store.close();
  });

  it('recounts an open check from the decision day when 2027 is loaded; a closed one keeps its date', async () => {
    const bundle = await store.db.selectFrom('bundles').select(['id', 'published_version', 'service_code', 'name']).where('status', '=', 'published').executeTakeFirstOrThrow();
    // Decided on Wednesday 2026-12-30: 20 working days on the provisional 2027 (1 January off only).
    const decidedAt = new Date('2026-12-30T10:00:00+08:00');
    const provisionalDue = createCalendar().addWorkdays('2026-12-30', VERIFICATION_WORKDAYS);
    const app = await store.db
      .insertInto('window_applications')
      .values({
        region_code: '370883',
        bundle_id: bundle.id,
        bundle_version: bundle.published_version,
        service_code: bundle.service_code,
        service_name: bundle.name,
        departments: JSON.stringify(['SJJ']),
        applicant_id: 1,
        applicant_name: '申请人',
        holder_kind: 'enterprise',
        holder_id: '91370883MA3C00001X',
        holder_name: '示例公司',
        form: '{}',
        status: 'decided',
        channel: 'online',
        decided_at: decidedAt,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    const check = (material: string, status: string) => ({
      application_id: app.id,
      region_code: '370883',
      material_code: material,
      material_name: `材料${material}`,
      kind: 'commitment',
      department_code: 'SJJ',
      due_date: provisionalDue,
      status,
    });
    const [open, closed] = await store.db
      .insertInto('window_verifications')
      .values([check('a', 'open'), check('b', 'confirmed')] as never)
      .returning('id')
      .execute();

    // The official 2027 (an illustrative fixture) also gives 4 January off: the check is due a day later.
    const loaded = await loadOfficialYear(store.db, SYSTEM_ACTOR, { year: 2027, daysOff: ['2027-01-01', '2027-01-04'], makeUpWorkdays: [], source: 'test fixture' });
    const official = createCalendar({ arrangements: [{ year: 2027, daysOff: ['2027-01-01', '2027-01-04'], makeUpWorkdays: [], source: 'test fixture' }] as never }).addWorkdays(
      '2026-12-30',
      VERIFICATION_WORKDAYS,
    );
    expect(official).not.toBe(provisionalDue);
    expect(loaded.recomputed.filter((r) => r.kind === 'window_verification_due')).toEqual([
      { kind: 'window_verification_due', id: Number(open.id), before: provisionalDue, after: official, provisional: false },
    ]);
    const rows = await store.db.selectFrom('window_verifications').select(['id', 'due_date']).orderBy('id').execute();
    expect(rows.map((r) => String(r.due_date).slice(0, 10))).toEqual([official, provisionalDue]);
    expect(Number(rows[1].id)).toBe(Number(closed.id));
    const audit = await store.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'window.verification.deadline.recompute').execute();
    expect(audit.map((a) => String(a.entity_id))).toEqual([String(open.id)]);
    const notices = await store.db.selectFrom('notices').select('recipient_department').where('entity', '=', 'window_verification').execute();
    expect(notices.map((n) => n.recipient_department)).toEqual(['SJJ']);
  });
});
