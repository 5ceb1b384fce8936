// Major projects' milestone planned dates and enterprise requests' tier targets counted across
// a holiday year without its official arrangement are 暂定, and are recounted — with an audit
// row and a notice to the people concerned — when the official year is loaded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { openTestApp, signInAs, type TestApp } from '../../test/support/app.js';
import { loadOfficialYear } from '../calendar/official-year.js';
import { refreshPlatformCalendar } from '../calendar/store.js';
import { SYSTEM_ACTOR } from '../org/model.js';
import { rosterWorkbook, type RosterExportRow } from '../enterprise/roster.js';
import { sampleCreditCode } from '../window/sample.js';
import { sweepBlockers } from './service.js';

const targets = await dbTargets();
const A_FIRM = sampleCreditCode('91370883MA3C0000A');
const B_FIRM = sampleCreditCode('91370883MA3C0000B');
const firm = (uscc: string, name: string, taxPaid: number, designations: string[], contact: string | null): RosterExportRow => ({
  uscc,
  name,
  regionCode: '370883',
  industry: '装备制造',
  taxPaid,
  employees: 300,
  outputValue: 20000,
  designations,
  officer: 'officer.fgj',
  contact,
  tier: null,
});

describe.each(targets)('provisional project and enterprise dates on $name', (target) => {
  let t: TestApp;
  // Wednesday 2026-12-30, 10:00: spans of a few working days reach into 2027.
  let now = new Date('2026-12-30T10:00:00+08:00');

  beforeAll(async () => {
    t = await openTestApp(target, { now: () => now });
  }, 120_000);
  afterAll(async () => {
    await t.store.db.deleteFrom('calendar_years').execute(); // leave the platform calendar as it was
    await refreshPlatformCalendar(t.store.db);
    await t.close();
  });

  it('recounts milestone dates, a climbed blocker’s deadline and request targets (and the request’s case) when 2027 is loaded; what 2027 does not move stays', async () => {
    let reform = await signInAs(t.app, 'reform');
    let applicant = await signInAs(t.app, 'applicant');
    const imported = await reform.inject({
      method: 'POST',
      url: '/api/enterprises/import',
      payload: {
        content: rosterWorkbook([firm(A_FIRM, '邹城甲制造有限公司', 600, [], 'applicant'), firm(B_FIRM, '邹城乙科技有限公司', 50, ['专精特新'], null)]).toString('base64'),
      },
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const project = (startDate: string, name: string) =>
      reform.inject({
        method: 'POST',
        url: '/api/projects',
        payload: { name, investorUscc: A_FIRM, investment: 1000, location: '邹城经济开发区', industry: '高端装备', level: 'county', leader: 'leader', agent: 'clerk', startDate },
      });
    const moved = (await project('2026-12-30', '跨年项目')).json().id;
    const past = (await project('2025-01-02', '往年项目')).json().id;
    const before = (await reform.inject({ method: 'GET', url: `/api/projects/${moved}` })).json();
    // Signing on the start; filing 10 working days on: 31 December, (1 January off), 4–8, 11–14 January.
    expect(before.milestones.slice(0, 2).map((m: { plannedDate: string; provisional?: boolean }) => [m.plannedDate, m.provisional ?? false])).toEqual([
      ['2026-12-30', false],
      ['2027-01-14', true],
    ]);
    const filed = await applicant.inject({ method: 'POST', url: '/api/enterprise-requests', payload: { uscc: A_FIRM, title: '新厂区用电增容', description: '需要增容 2000 kVA' } });
    expect(filed.statusCode, filed.body).toBe(201);
    const request = filed.json();
    // Tier A: contact in 1 working day (31 December), the answer in 3 (5 January).
    expect([request.contactDue.slice(0, 16), request.answerDue.slice(0, 16), request.provisional]).toEqual(['2026-12-31T17:30', '2027-01-05T17:30', true]);

    // A blocker due today climbs to the task-force lead tomorrow with 5 working days: 4–8 January.
    const zrzy = (await t.store.db.selectFrom('departments').select('id').where('code', '=', 'ZRZY').executeTakeFirstOrThrow()).id;
    const blocker = await reform.inject({
      method: 'POST',
      url: `/api/projects/${moved}/blockers`,
      payload: { title: '用地指标未落实', ownerDepartmentId: zrzy, dueDate: '2026-12-30' },
    });
    expect(blocker.statusCode, blocker.body).toBe(201);
    now = new Date('2026-12-31T10:00:00+08:00');
    expect(await sweepBlockers(t.store.db, { now })).toMatchObject({ toTaskForce: 1 });
    [reform, applicant] = await Promise.all([signInAs(t.app, 'reform'), signInAs(t.app, 'applicant')]); // sessions on the new day
    const climbed = (await reform.inject({ method: 'GET', url: `/api/projects/${moved}` })).json().blockers[0];
    expect([climbed.level, climbed.dueDate, climbed.provisional]).toEqual(['task_force', '2027-01-08', true]);
    const pastDates = async () =>
      (await t.store.db.selectFrom('project_milestones').select('planned_date').where('project_id', '=', past).orderBy('position').execute()).map((m) => m.planned_date);
    const pastBefore = await pastDates();

    // The official 2027 (an illustrative fixture) also gives 4 January off.
    const loaded = await loadOfficialYear(t.store.db, SYSTEM_ACTOR, { year: 2027, daysOff: ['2027-01-01', '2027-01-04'], makeUpWorkdays: [], source: 'test fixture' });
    expect(loaded.recomputed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'project_milestone', before: '2027-01-14', after: '2027-01-15', provisional: false }),
        expect.objectContaining({ kind: 'enterprise_answer_due', id: request.id, provisional: false }),
      ]),
    );
    expect(loaded.recomputed.filter((r) => r.kind === 'enterprise_contact_due')).toEqual([]);

    const after = (await reform.inject({ method: 'GET', url: `/api/projects/${moved}` })).json();
    expect(after.milestones.slice(0, 2).map((m: { plannedDate: string; provisional?: boolean }) => [m.plannedDate, m.provisional ?? false])).toEqual([
      ['2026-12-30', false],
      ['2027-01-15', false],
    ]);
    expect(await pastDates()).toEqual(pastBefore);
    expect(after.blockers[0]).toMatchObject({ dueDate: '2027-01-11' });
    expect(after.blockers[0].provisional).toBeUndefined();
    const req = (await applicant.inject({ method: 'GET', url: `/api/enterprise-requests/${request.id}` })).json();
    expect([req.contactDue.slice(0, 16), req.answerDue.slice(0, 16), req.provisional]).toEqual(['2026-12-31T17:30', '2027-01-06T17:30', undefined]);
    const c = await t.store.db.selectFrom('cases').select(['response_due', 'handle_due']).where('id', '=', request.caseId).executeTakeFirstOrThrow();
    expect([new Date(c.response_due!).toISOString(), new Date(c.handle_due!).toISOString()]).toEqual([
      new Date(request.contactDue).toISOString(),
      new Date(req.answerDue).toISOString(),
    ]);

    const audit = await t.store.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', 'in', ['project.milestone.recompute', 'project.blocker.deadline.recompute', 'enterprise.request.deadline.recompute', 'case.deadline.recompute'])
      .orderBy('id')
      .execute();
    expect(audit.map((a) => [a.action, String(a.entity_id)])).toEqual([
      ['project.milestone.recompute', String(moved)],
      ['project.blocker.deadline.recompute', String(blocker.json().id)],
      ['enterprise.request.deadline.recompute', String(request.id)],
    ]);
    const notices = await t.store.db
      .selectFrom('notices')
      .select(['recipient_username', 'recipient_department', 'entity', 'entity_id'])
      .where('entity', 'in', ['project', 'project_blocker', 'enterprise_request'])
      .orderBy('id')
      .execute();
    expect(notices.map((n) => [n.entity, n.entity_id, n.recipient_username ?? n.recipient_department]).sort()).toEqual([
      ['enterprise_request', String(request.id), 'officer.fgj'],
      ['project', String(moved), 'clerk'],
      ['project', String(moved), 'leader'],
      ['project_blocker', String(blocker.json().id), 'ZRZY'],
      ['project_blocker', String(blocker.json().id), 'leader'],
    ]);
  });
});
