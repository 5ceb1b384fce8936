// A 差评 rectification's deadlines counted across a holiday year without its official
// arrangement are 暂定, and are recounted — with an audit row and a notice to the department —
// when the official year is loaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import type { Actor } from '../org/model.js';
import { SYSTEM_ACTOR } from '../org/model.js';
import { seedDemoData } from '../server/seed.js';
import type { Store } from '../store/database.js';
import { loadOfficialYear } from '../calendar/official-year.js';
import { refreshPlatformCalendar } from '../calendar/store.js';
import { actOnCase, getCase, rate } from './store.js';
import { applicationFor, deployRatedProcess } from './testing.js';

const targets = await dbTargets();
const reform: Actor = { userId: 2, username: 'reform', displayName: '改革办', role: 'reform_office', regionCode: '370883', departmentId: null };

describe.each(targets)('provisional rectification deadlines on $name', (target) => {
  let store: Store;
  // Wednesday 2026-12-30: five and three working days reach into 2027.
  const clock = new Date('2026-12-30T10:00:00+08:00');
  beforeAll(async () => {
    store = await target.open();
    await seedDemoData(store, 'test-password-1');
  });
  afterAll(async () => {
    await store.db.deleteFrom('calendar_years').execute(); // leave the platform calendar as it was
    await refreshPlatformCalendar(store.db);
    await store.close();
  });

  it('marks the deadlines 暂定 and recounts them from the verification when 2027 is loaded', async () => {
    const engine = await deployRatedProcess(store, () => clock);
    const id = await applicationFor(engine, 'rater');
    const rated = await rate(
      store.db,
      { userId: 9, username: 'rater', displayName: 'rater', role: 'applicant', regionCode: '370883', departmentId: null },
      { occurrenceKind: 'instance', occurrenceId: id, level: 1, channel: 'mobile' },
      clock,
    );
    const caseId = rated.caseId!;
    const verified = await actOnCase(store.db, reform, caseId, { kind: 'verify', note: '已核实' }, clock);
    // 31 December, (1 January off), 4–7 January; the appeal 4 and 5 January.
    expect([verified.rectifyDue, verified.appealDue, verified.provisional]).toEqual(['2027-01-07', '2027-01-05', true]);

    // The official 2027 (an illustrative fixture) also gives 4 January off.
    const loaded = await loadOfficialYear(store.db, SYSTEM_ACTOR, { year: 2027, daysOff: ['2027-01-01', '2027-01-04'], makeUpWorkdays: [], source: 'test fixture' });
    expect(loaded.recomputed.filter((r) => r.kind.startsWith('rating_'))).toEqual([
      { kind: 'rating_rectify_due', id: caseId, before: '2027-01-07', after: '2027-01-08', provisional: false },
      { kind: 'rating_appeal_due', id: caseId, before: '2027-01-05', after: '2027-01-06', provisional: false },
    ]);
    const after = await getCase(store.db, reform, caseId, clock);
    expect([after.rectifyDue, after.appealDue, after.provisional]).toEqual(['2027-01-08', '2027-01-06', undefined]);
    const audit = await store.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'rating.case.deadline.recompute').execute();
    expect(audit.map((a) => String(a.entity_id))).toEqual([String(caseId)]);
    const notices = await store.db.selectFrom('notices').select('recipient_department').where('entity', '=', 'rating_case').execute();
    expect(notices.map((n) => n.recipient_department)).toEqual([after.departmentCode]);
    expect(after.departmentCode).toBeTruthy();
  });
});
