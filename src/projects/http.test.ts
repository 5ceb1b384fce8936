// Major projects and enterprise service over HTTP, on every database target, on a fixed
// clock: the roster and its tiers, a provincial key project with its agent and task force,
// approvals filed through the one window, a land-use blocker that climbs to the coordination
// meeting and is closed by its decision, and an A-tier enterprise's request answered by its
// service officer within the target, then rated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { dbTargets } from '../../test/support/db.js';
import { verifyAuditTrail } from '../audit/trail.js';
import { DEMO_SETS } from '../catalogue/demo/index.js';
import { DEMO_FIELD_DECISIONS } from '../bundle/demo-decisions.js';
import { rosterWorkbook, type RosterExportRow } from '../enterprise/roster.js';
import { sampleCreditCode, sampleForm } from '../window/sample.js';

const targets = await dbTargets();
/** Monday 2026-03-02 10:00 in Zoucheng; tests never read the real clock. */
let clock = new Date('2026-03-02T10:00:00+08:00');

const A_FIRM = sampleCreditCode('91370883MA3C0000A');
const B_FIRM = sampleCreditCode('91370883MA3C0000B');
const C_FIRM = sampleCreditCode('91370883MA3C0000C');
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
const roster = (rows: RosterExportRow[]) => ({ content: rosterWorkbook(rows).toString('base64') });

describe.each(targets)('major projects and enterprise service on $name', (target) => {
  let t: TestApp;
  let admin: Client, reform: Client, leader: Client, clerk: Client, officer: Client, zrzy: Client, fgj: Client, applicant: Client;
  let projectId: number;
  let blockerId: number;
  let zrzyId: number;
  let requestId: number;

  async function travel(to: Date) {
    clock = to;
    [admin, reform, leader, clerk, officer, zrzy, fgj, applicant] = await Promise.all(
      ['admin', 'reform', 'leader', 'clerk', 'officer', 'officer.zrzy', 'officer.fgj', 'applicant'].map((u) => signInAs(t.app, u)),
    );
  }

  beforeAll(async () => {
    clock = new Date('2026-03-02T10:00:00+08:00');
    t = await openTestApp(target, { now: () => clock });
    await travel(clock);
    zrzyId = (await t.store.db.selectFrom('departments').select('id').where('code', '=', 'ZRZY').executeTakeFirstOrThrow()).id;
  }, 120_000);
  afterAll(async () => t?.close());

  it('refuses a roster with an invalid credit code, naming sheet, row and column, and imports nothing', async () => {
    const bad = { ...firm(A_FIRM, '甲', 600, [], 'applicant'), uscc: '91370883MA3C0000A0' };
    const res = await reform.inject({ method: 'POST', url: '/api/enterprises/import', payload: roster([bad]) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.problems).toEqual([expect.objectContaining({ sheet: '企业名录', row: 2, column: '统一社会信用代码', value: '91370883MA3C0000A0' })]);
    expect(await t.store.db.selectFrom('enterprises').selectAll().execute()).toEqual([]);
  });

  it('refuses a roster for which a tier rule matches nothing, naming the rule', async () => {
    const res = await reform.inject({ method: 'POST', url: '/api/enterprises/import', payload: roster([firm(A_FIRM, '邹城甲制造有限公司', 600, [], 'applicant')]) });
    expect(res.statusCode).toBe(422);
    // C has no criteria and holds for every enterprise; no enterprise of this roster is 专精特新.
    expect(res.json().error.details.problems).toEqual([
      expect.objectContaining({ value: 'B', reason: expect.objectContaining({ zh: expect.stringContaining('不适用于任何企业') }) }),
    ]);
  });

  it('imports the roster, assigns tiers by the rules and keeps them as history; exports it back', async () => {
    const rows = [
      firm(A_FIRM, '邹城甲制造有限公司', 600, [], 'applicant'),
      firm(B_FIRM, '邹城乙科技有限公司', 50, ['专精特新'], null),
      firm(C_FIRM, '邹城丙商贸有限公司', 5, [], null),
    ];
    const res = await reform.inject({ method: 'POST', url: '/api/enterprises/import', payload: roster(rows) });
    expect(res.statusCode).toBe(200);
    expect(res.json().counts).toEqual({ created: 3, updated: 0, tierChanges: 3 });
    const a = (await reform.inject({ method: 'GET', url: `/api/enterprises/${A_FIRM}` })).json();
    expect(a).toMatchObject({ tier: 'A', officer: { name: expect.stringContaining('梁涛') }, contactUser: 'applicant' });
    expect(a.tierHistory).toEqual([expect.objectContaining({ tier: 'A', previousTier: null, reason: 'import' })]);
    // Tax falls below the line: re-import moves it to C, the history keeps both.
    rows[0] = { ...rows[0], taxPaid: 100 };
    rows[1] = { ...rows[1], taxPaid: 900 };
    expect((await reform.inject({ method: 'POST', url: '/api/enterprises/import', payload: roster(rows) })).json().counts.tierChanges).toBe(2);
    expect((await reform.inject({ method: 'GET', url: `/api/enterprises/${A_FIRM}` })).json().tierHistory.map((h: { tier: string }) => h.tier)).toEqual(['C', 'A']);
    rows[0] = { ...rows[0], taxPaid: 600 };
    rows[1] = { ...rows[1], taxPaid: 50 };
    await reform.inject({ method: 'POST', url: '/api/enterprises/import', payload: roster(rows) });
    const exported = await reform.inject({ method: 'GET', url: '/api/enterprises/export' });
    expect(exported.headers['content-type']).toContain('spreadsheetml');
    expect((await reform.inject({ method: 'GET', url: '/api/enterprises/template' })).statusCode).toBe(200);
    // The enterprise's own account sees only itself; a service officer those they serve.
    expect((await applicant.inject({ method: 'GET', url: '/api/enterprises' })).json().items.map((e: { uscc: string }) => e.uscc)).toEqual([A_FIRM]);
    expect((await officer.inject({ method: 'GET', url: '/api/enterprises' })).json().total).toBe(0);
    expect((await fgj.inject({ method: 'GET', url: '/api/enterprises' })).json().total).toBe(3);
  });

  it('records a provincial key project with its agent and a task force of several departments, milestones from the template', async () => {
    const noInvestor = await reform.inject({
      method: 'POST',
      url: '/api/projects',
      payload: {
        name: 'x',
        investorUscc: '91370883MA3C0000A0',
        investment: 1,
        location: 'x',
        industry: 'x',
        level: 'provincial',
        leader: 'leader',
        agent: 'clerk',
        startDate: '2026-03-02',
      },
    });
    expect(noInvestor.statusCode).toBe(422);
    const res = await reform.inject({
      method: 'POST',
      url: '/api/projects',
      payload: {
        name: '邹城高端装备产业园',
        investorUscc: A_FIRM,
        investment: 150000,
        location: '邹城经济开发区',
        industry: '高端装备',
        level: 'provincial',
        leader: 'leader',
        agent: 'clerk',
        taskForceLead: 'officer.fgj',
        startDate: '2026-03-02',
        members: [
          { username: 'officer.zrzy', duty: '用地' },
          { username: 'officer', duty: '施工许可' },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    projectId = res.json().id;
    const p = (await leader.inject({ method: 'GET', url: `/api/projects/${projectId}` })).json();
    expect(p.milestones.map((m: { name: { zh: string } }) => m.name.zh)).toEqual(['签约', '立项', '用地', '规划许可', '施工许可', '开工', '竣工验收', '投产']);
    expect(p.members.map((m: { department: string }) => m.department).sort()).toEqual(['住房和城乡建设局', '自然资源和规划局']);
    expect(p.gantt[1].plannedWorkdays).toBe(10);
    // A department on the task force sees the project; one that is not does not.
    expect((await zrzy.inject({ method: 'GET', url: `/api/projects/${projectId}` })).statusCode).toBe(200);
    expect(
      (await signInAs(t.app, 'officer.sjj')).inject({ method: 'GET', url: `/api/projects/${projectId}` }).then((r) => [r.statusCode, r.json().error.message.zh]),
    ).resolves.toEqual([403, `项目 ${projectId} 不在您的管辖范围内`]);
  });

  it('refuses a milestone date before its predecessor’s, naming both, and changes nothing', async () => {
    const res = await leader.inject({ method: 'PUT', url: `/api/projects/${projectId}/milestones/land`, payload: { plannedDate: '2026-03-03' } });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message.zh).toContain('早于前一节点立项');
    const ok = await leader.inject({ method: 'PUT', url: `/api/projects/${projectId}/milestones/signing`, payload: { actualDate: '2026-03-02' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().milestones[0].state).toBe('done');
  });

  it('tracks the approvals the agent files for the investor through the one window', async () => {
    const bundle = (
      await reform.inject({
        method: 'POST',
        url: '/api/bundles',
        payload: { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction, decisions: DEMO_FIELD_DECISIONS.construction },
      })
    ).json();
    expect((await reform.inject({ method: 'POST', url: `/api/bundles/${bundle.id}/publish` })).statusCode).toBe(200);
    const service = (await clerk.inject({ method: 'GET', url: `/api/window/services/${bundle.id}` })).json();
    const filed = await clerk.inject({
      method: 'POST',
      url: '/api/window/applications',
      payload: { serviceId: bundle.id, form: sampleForm(service.form.schema, { uscc: A_FIRM, applicant_name: '邹城甲制造有限公司' }) },
    });
    expect(filed.statusCode).toBe(201);
    const other = await clerk.inject({
      method: 'POST',
      url: '/api/window/applications',
      payload: { serviceId: bundle.id, form: sampleForm(service.form.schema, { uscc: B_FIRM, applicant_name: '邹城乙科技有限公司' }) },
    });
    const wrongHolder = await clerk.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/approvals`,
      payload: { milestoneCode: 'construction_permit', applicationId: other.json().id },
    });
    expect(wrongHolder.statusCode).toBe(422);
    expect(
      (await officer.inject({ method: 'POST', url: `/api/projects/${projectId}/approvals`, payload: { milestoneCode: 'construction_permit', applicationId: filed.json().id } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await clerk.inject({ method: 'POST', url: `/api/projects/${projectId}/approvals`, payload: { milestoneCode: 'construction_permit', applicationId: filed.json().id } }))
        .statusCode,
    ).toBe(201);
    const p = (await leader.inject({ method: 'GET', url: `/api/projects/${projectId}` })).json();
    expect(p.approvals).toEqual([expect.objectContaining({ milestoneCode: 'construction_permit', service: '建筑工程施工许可一件事', status: 'draft', predicted: null })]);
    // No concluded application of the service yet: the path cannot be predicted, and the project says so.
    expect(p.predictedPaths).toEqual([expect.objectContaining({ milestoneCode: 'construction_permit', enough: false, sample: 0, needed: 5 })]);
  });

  it('refuses a blocker without an owner department, then escalates an overdue land-use blocker to the coordination meeting, whose decision closes it', async () => {
    const noOwner = await fgj.inject({ method: 'POST', url: `/api/projects/${projectId}/blockers`, payload: { title: '土地指标未落实', dueDate: '2026-03-04' } });
    expect(noOwner.statusCode).toBe(422);
    expect(noOwner.json().error.message.zh).toContain('没有责任部门');
    const res = await fgj.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/blockers`,
      payload: { title: '土地指标未落实', category: '用地', ownerDepartmentId: zrzyId, dueDate: '2026-03-04' },
    });
    expect(res.statusCode).toBe(201);
    blockerId = res.json().id;
    expect((await admin.inject({ method: 'POST', url: '/api/projects/sweep' })).json()).toMatchObject({ toTaskForce: 0, toCoordination: 0 });
    // Thursday 03-05: past its deadline, it goes to the task-force lead with five working days.
    await travel(new Date('2026-03-05T09:00:00+08:00'));
    // Before the sweep, the leader's board shows it past its deadline at the department.
    const overdue = (await leader.inject({ method: 'GET', url: '/api/ratings/board?month=2026-03' })).json().blockers;
    expect(overdue).toMatchObject({
      open: 1,
      overdue: 1,
      byLevel: { department: 1, taskForce: 0, coordination: 0 },
      departments: [expect.objectContaining({ open: 1, overdue: 1 })],
    });
    expect((await admin.inject({ method: 'POST', url: '/api/projects/sweep' })).json()).toMatchObject({ toTaskForce: 1, toCoordination: 0 });
    const escalated = (await leader.inject({ method: 'GET', url: '/api/projects/blockers/escalated' })).json().items;
    expect(escalated).toEqual([expect.objectContaining({ id: blockerId, level: 'task_force', dueDate: '2026-03-12' })]);
    // Friday 03-13: still open, it reaches the county's coordination meeting's agenda.
    await travel(new Date('2026-03-13T09:00:00+08:00'));
    expect((await admin.inject({ method: 'POST', url: '/api/projects/sweep' })).json()).toMatchObject({ toCoordination: 1 });
    // The leader's reform board shows it: open, at the coordination meeting (whose rung gave it a new deadline), held by 自然资源局.
    const reformBoard = (await leader.inject({ method: 'GET', url: '/api/ratings/board?month=2026-03' })).json();
    expect(reformBoard.blockers).toMatchObject({ open: 1, overdue: 0, byLevel: { department: 0, taskForce: 0, coordination: 1 } });
    expect(reformBoard.blockers.departments).toEqual([expect.objectContaining({ open: 1, overdue: 0 })]);
    const [meeting] = (await leader.inject({ method: 'GET', url: '/api/projects/coordination-meetings' })).json().items;
    expect(meeting).toMatchObject({ status: 'draft', agenda: [expect.objectContaining({ id: blockerId, title: '土地指标未落实', level: 'coordination' })] });
    const notOnAgenda = await leader.inject({
      method: 'POST',
      url: `/api/projects/coordination-meetings/${meeting.id}/hold`,
      payload: { heldOn: '2026-03-13', minutes: '纪要', decisions: [{ text: 'x', ownerDepartmentId: zrzyId, dueDate: '2026-03-20', blockerId: 999999 }] },
    });
    expect(notOnAgenda.statusCode).toBe(422);
    const held = await leader.inject({
      method: 'POST',
      url: `/api/projects/coordination-meetings/${meeting.id}/hold`,
      payload: {
        heldOn: '2026-03-13',
        minutes: '县调度会研究重点项目用地问题。',
        decisions: [{ text: '自然资源局调剂用地指标，3 月 20 日前办结供地手续', ownerDepartmentId: zrzyId, dueDate: '2026-03-20', blockerId, resolves: true }],
      },
    });
    expect(held.statusCode).toBe(200);
    const p = (await leader.inject({ method: 'GET', url: `/api/projects/${projectId}` })).json();
    expect(p.blockers[0]).toMatchObject({ status: 'resolved', level: 'coordination' });
    expect((await leader.inject({ method: 'GET', url: '/api/ratings/board?month=2026-03' })).json().blockers).toMatchObject({ open: 0, overdue: 0, departments: [] });
    expect(p.items).toEqual([expect.objectContaining({ text: expect.stringContaining('调剂用地指标'), department: '自然资源和规划局', dueDate: '2026-03-20', status: 'open' })]);
    expect(p.timeline.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['blocker.escalate', 'blocker.resolve', 'meeting', 'approval']));
    // The decision flows back to the department's follow-up items; it completes it.
    const items = (await zrzy.inject({ method: 'GET', url: '/api/projects/items?open=true' })).json().items;
    expect(items).toHaveLength(1);
    expect((await zrzy.inject({ method: 'POST', url: `/api/projects/items/${items[0].id}/done`, payload: { note: '已供地' } })).statusCode).toBe(200);
    // The board shows the project at 立项, due on 03-16 (ten working days after signing).
    const board = (await leader.inject({ method: 'GET', url: '/api/projects' })).json();
    expect(board.columns.find((c: { code: string }) => c.code === 'filing').projects).toEqual([
      expect.objectContaining({ id: projectId, current: { code: 'filing', plannedDate: '2026-03-16', state: 'due' } }),
    ]);
  });

  it('a task-force meeting’s decisions become follow-up items with owner and deadline', async () => {
    const res = await fgj.inject({
      method: 'POST',
      url: `/api/projects/${projectId}/meetings`,
      payload: {
        title: '专班第一次会议',
        heldOn: '2026-03-13',
        minutes: '研究施工许可',
        decisions: [
          {
            text: '住建局容缺受理施工许可',
            ownerDepartmentId: (await t.store.db.selectFrom('departments').select('id').where('code', '=', 'ZJJ').executeTakeFirstOrThrow()).id,
            dueDate: '2026-03-27',
          },
        ],
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().items).toHaveLength(1);
    expect(
      (await officer.inject({ method: 'POST', url: `/api/projects/${projectId}/meetings`, payload: { title: 'x', heldOn: '2026-03-13', minutes: 'x', decisions: [] } })).statusCode,
    ).toBe(403);
  });

  it('an A-tier enterprise’s request reaches its service officer, is answered within the target and rated', async () => {
    // Monday 2026-03-16 10:00: A tier = first contact within 1 working day, answer within 3.
    await travel(new Date('2026-03-16T10:00:00+08:00'));
    const filed = await applicant.inject({ method: 'POST', url: '/api/enterprise-requests', payload: { uscc: A_FIRM, title: '新厂区用电增容', description: '需要增容 2000 kVA' } });
    expect(filed.statusCode).toBe(201);
    requestId = filed.json().id;
    expect(filed.json()).toMatchObject({ tier: 'A', status: 'submitted', contactDue: '2026-03-17T17:30:00+08:00', answerDue: '2026-03-19T17:30:00+08:00' });
    expect((await applicant.inject({ method: 'POST', url: '/api/enterprise-requests', payload: { uscc: B_FIRM, title: 'x', description: 'x' } })).statusCode).toBe(403);
    const worklist = (await fgj.inject({ method: 'GET', url: '/api/enterprise-requests?view=mine' })).json().items;
    expect(worklist.map((r: { id: number }) => r.id)).toEqual([requestId]);
    expect((await officer.inject({ method: 'POST', url: `/api/enterprise-requests/${requestId}/steps`, payload: { action: 'contact' } })).statusCode).toBe(403);
    expect((await fgj.inject({ method: 'POST', url: `/api/enterprise-requests/${requestId}/steps`, payload: { action: 'contact', note: '电话联系' } })).json()).toMatchObject({
      status: 'contacted',
      contactedLate: false,
    });
    const answered = (
      await fgj.inject({ method: 'POST', url: `/api/enterprise-requests/${requestId}/steps`, payload: { action: 'answer', answer: '已协调供电公司，3 月 25 日送电' } })
    ).json();
    expect(answered).toMatchObject({ status: 'answered', answeredLate: false });
    const byTier = (await leader.inject({ method: 'GET', url: '/api/enterprise-requests/by-tier' })).json().tiers;
    expect(byTier).toEqual([expect.objectContaining({ tier: 'A', open: 1, overdue: 0 })]);
    expect((await applicant.inject({ method: 'POST', url: `/api/enterprise-requests/${requestId}/steps`, payload: { action: 'close' } })).json().status).toBe('closed');
    // The request is a case of the closed loop: dispatched to the officer's department on the
    // tier's targets, moved by each step, checked and closed by the enterprise's acceptance.
    const caseId = filed.json().caseId;
    const theCase = (await applicant.inject({ method: 'GET', url: `/api/cases/${caseId}` })).json();
    expect(theCase).toMatchObject({ channel: 'enterprise', status: 'closed', responseDue: '2026-03-17T17:30:00+08:00', handleDue: '2026-03-19T17:30:00+08:00' });
    expect(theCase.events.map((e: { action: string }) => e.action)).toEqual(['report', 'assign', 'respond', 'handle', 'check', 'close']);
    // It moves only with its request.
    const direct = await admin.inject({ method: 'POST', url: `/api/cases/${caseId}/steps`, payload: { action: 'close' } });
    expect(direct.statusCode).toBe(409);
    const rated = await applicant.inject({
      method: 'POST',
      url: '/api/ratings',
      payload: { occurrenceKind: 'enterprise_request', occurrenceId: String(requestId), level: 5, channel: 'mobile' },
    });
    expect(rated.statusCode).toBe(201);
    // The rating is the case's evaluation: the closed loop's 满意率 counts the enterprise's level.
    const evaluated = (await applicant.inject({ method: 'GET', url: `/api/cases/${caseId}` })).json();
    expect(evaluated).toMatchObject({ status: 'evaluated', satisfaction: 5 });
    expect(evaluated.events.at(-1)).toMatchObject({ action: 'evaluate' });
  });

  it('escalates a request past its tier’s target to the leader’s view', async () => {
    const filed = (await applicant.inject({ method: 'POST', url: '/api/enterprise-requests', payload: { uscc: A_FIRM, title: '招工', description: '需要 50 名技工' } })).json();
    await travel(new Date('2026-03-18T09:00:00+08:00'));
    expect((await admin.inject({ method: 'POST', url: '/api/enterprise-requests/sweep' })).json()).toEqual({ escalated: 1 });
    const escalated = (await leader.inject({ method: 'GET', url: '/api/enterprise-requests?view=escalated' })).json().items;
    expect(escalated).toEqual([expect.objectContaining({ id: filed.id, escalated: true, rung: 'department', overdue: 'contact' })]);
    expect((await admin.inject({ method: 'POST', url: '/api/enterprise-requests/sweep' })).json()).toEqual({ escalated: 0 });
    // The answer's target (03-19 17:30) missed too: the second rung, the leader; the case goes on the leader's board.
    await travel(new Date('2026-03-20T09:00:00+08:00'));
    expect((await admin.inject({ method: 'POST', url: '/api/enterprise-requests/sweep' })).json()).toEqual({ escalated: 1 });
    expect((await leader.inject({ method: 'GET', url: `/api/enterprise-requests/${filed.id}` })).json()).toMatchObject({ rung: 'leader', overdue: 'answer' });
    expect((await leader.inject({ method: 'GET', url: '/api/enterprise-requests/by-tier' })).json().tiers).toEqual([
      expect.objectContaining({ tier: 'A', open: 1, escalated: 1, atLeader: 1 }),
    ]);
    const theCase = (await admin.inject({ method: 'GET', url: `/api/cases/${filed.caseId}` })).json();
    expect(theCase).toMatchObject({ channel: 'enterprise', status: 'assigned', leaderFlagged: true, escalations: 2 });
    expect(await t.store.db.selectFrom('audit_log').select('action').where('action', '=', 'enterprise.request.escalate').execute()).toHaveLength(2);
    // By now 立项 is past its planned date: the board marks it overdue.
    const board = (await leader.inject({ method: 'GET', url: '/api/projects' })).json();
    expect(board.columns.find((c: { code: string }) => c.code === 'filing').projects[0]).toMatchObject({ current: { state: 'overdue' }, overdueMilestones: 1 });
  });

  it('a late follow-up item climbs like a blocker: the task-force lead, then the coordination meeting, whose decision gives it a new deadline', async () => {
    // The task-force meeting's item for 住建局 was due 03-27; on Monday 03-30 it is late.
    await travel(new Date('2026-03-30T09:00:00+08:00'));
    expect((await admin.inject({ method: 'POST', url: '/api/projects/sweep' })).json()).toMatchObject({ itemsToTaskForce: 1, itemsToCoordination: 0 });
    const late = (await leader.inject({ method: 'GET', url: `/api/projects/${projectId}` })).json().items.find((i: { text: string }) => i.text === '住建局容缺受理施工许可');
    expect(late).toMatchObject({ level: 'task_force', status: 'open' });
    await travel(new Date('2026-04-20T09:00:00+08:00'));
    expect((await admin.inject({ method: 'POST', url: '/api/projects/sweep' })).json()).toMatchObject({ itemsToTaskForce: 0, itemsToCoordination: 1 });
    const draft = (await leader.inject({ method: 'GET', url: '/api/projects/coordination-meetings' })).json().items.find((m: { status: string }) => m.status === 'draft');
    expect(draft.lateItems).toEqual([expect.objectContaining({ id: late.id, level: 'coordination', department: '住房和城乡建设局' })]);
    const held = await leader.inject({
      method: 'POST',
      url: `/api/projects/coordination-meetings/${draft.id}/hold`,
      payload: {
        heldOn: '2026-04-20',
        minutes: '督办逾期事项',
        decisions: [{ text: '住建局 4 月 30 日前发证', ownerDepartmentId: late.ownerDepartmentId, dueDate: '2026-04-30', itemId: late.id }],
      },
    });
    expect(held.statusCode).toBe(200);
    expect((await leader.inject({ method: 'GET', url: `/api/projects/${projectId}` })).json().items.find((i: { id: number }) => i.id === late.id)).toMatchObject({
      dueDate: '2026-04-30',
      level: 'coordination',
      status: 'open',
    });
    const audited = await t.store.db.selectFrom('audit_log').select('after').where('action', '=', 'project.item.escalate').where('entity_id', '=', String(late.id)).execute();
    expect(audited).toHaveLength(2);
  });

  it('audits every change in an intact chain', async () => {
    const actions = (await t.store.db.selectFrom('audit_log').select('action').where('action', 'like', 'project.%').execute()).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'project.create',
        'project.milestone',
        'project.approval',
        'project.blocker.open',
        'project.blocker.escalate',
        'project.meeting.coordination',
        'project.item.done',
        'project.item.escalate',
      ]),
    );
    expect((await verifyAuditTrail(t.store.db)).ok).toBe(true);
  });
});
