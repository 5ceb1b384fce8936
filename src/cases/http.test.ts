// The closed loop over HTTP, on every database target: a grid worker reports with a photo,
// the village escalates, the township whistles two departments, one reports in late, the case
// is handled, checked, reopened once, closed and evaluated, and the month's ranking shows the
// late report-in. Bad input is refused with a clear error and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';

const targets = await dbTargets();

// A tiny real PNG header is enough: photos are told by their first bytes.
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]).toString('base64');
const NOT_AN_IMAGE = Buffer.from('%PDF-1.7 this is a document').toString('base64');
const HERE = { lat: 35.405, lng: 116.965 }; // inside 邹城市's box

describe.each(targets)('cases over HTTP on $name', (target) => {
  let t: TestApp;
  let now = new Date('2026-03-02T09:30:00+08:00'); // a Monday
  const at = (iso: string) => (now = new Date(iso));
  let grid: Client, dispatcher: Client, zjj: Client, sjj: Client, leader: Client, admin: Client, applicant: Client;

  // Sessions last hours: after the clock jumps days, everyone signs in again.
  const signInAll = async () => {
    [grid, dispatcher, zjj, sjj, leader, admin, applicant] = await Promise.all(
      ['grid', 'dispatcher', 'officer', 'officer.sjj', 'leader', 'admin', 'applicant'].map((u) => signInAs(t.app, u)),
    );
  };
  const jump = async (iso: string) => {
    at(iso);
    await signInAll();
  };

  beforeAll(async () => {
    t = await openTestApp(target, { now: () => now });
    await signInAll();
  });
  afterAll(async () => t?.close());

  const counts = async () => {
    const db = t.store.db;
    const [c, a, p] = await Promise.all([
      db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('case_photos')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { cases: Number(c.n), audit: Number(a.n), photos: Number(p.n) };
  };

  const report = (client: Client, body: Record<string, unknown>) =>
    client.inject({
      method: 'POST',
      url: '/api/cases',
      payload: { categoryCode: 'ENV-RUBBISH', description: '路边垃圾堆放三天未清运', ...HERE, address: '前进社区东门', ...body },
    });
  const step = (client: Client, id: number, body: Record<string, unknown>) => client.inject({ method: 'POST', url: `/api/cases/${id}/steps`, payload: body });

  let caseId = 0;

  it('files a grid worker’s report with a photo and dispatches it to the village on the time limits', async () => {
    const res = await report(grid, { photos: [PNG], urgency: 'normal' });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    caseId = c.id;
    expect(c).toMatchObject({ status: 'assigned', channel: 'grid', regionCode: '370883001201', tier: 'village', unitName: '曾家沟村', finished: false });
    expect(c.photos).toHaveLength(1);
    // Village limit: response in 2 business hours, handling in 3 working days.
    expect(c.responseDue).toBe('2026-03-02T11:30:00+08:00');
    expect(c.handleDue).toBe('2026-03-05T09:30:00+08:00');
    expect(c.events.map((e: { action: string }) => e.action)).toEqual(['report', 'assign']);
    const photo = await grid.inject({ method: 'GET', url: `/api/cases/${caseId}/photos/${c.photos[0].id}` });
    expect(photo.headers['content-type']).toBe('image/png');
  });

  it('offers open cases of the same category nearby as possible duplicates before filing', async () => {
    const before = await counts();
    const dup = await report(grid, { description: '又见垃圾', lat: HERE.lat + 0.0005 });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('possible_duplicate');
    expect(dup.json().error.details.candidates[0]).toMatchObject({ id: caseId });
    expect(await counts()).toEqual(before);
    const other = await report(grid, { categoryCode: 'STREETLIGHT', description: '路灯不亮' });
    expect(other.statusCode).toBe(201);
    expect(other.json()).toMatchObject({ tier: 'department', unitName: '住房和城乡建设局' });
  });

  it('refuses bad reports with a clear error and writes nothing', async () => {
    const before = await counts();
    const outside = await report(grid, { lat: 39.9, lng: 116.4, notDuplicate: true });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().error.message.en).toMatch(/outside the county/);
    const unknown = await report(grid, { categoryCode: 'NO-SUCH', notDuplicate: true });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error.code).toBe('unknown_category');
    const notImage = await report(grid, { photos: [NOT_AN_IMAGE], notDuplicate: true });
    expect(notImage.statusCode).toBe(422);
    expect(notImage.json().error.message.en).toMatch(/photos\[0\] is not an image/);
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(2.5 * 1024 * 1024)]).toString('base64');
    const tooLarge = await report(grid, { photos: [big], notDuplicate: true });
    expect(tooLarge.statusCode).toBe(413);
    const missingAttr = await report(grid, { categoryCode: 'ROAD-DAMAGE', notDuplicate: true });
    expect(missingAttr.statusCode).toBe(422);
    expect(missingAttr.json().error.message.en).toMatch(/required attribute size/);
    expect(await counts()).toEqual(before);
  });

  it('lets only the unit respond, and the village escalates to its township', async () => {
    expect((await step(dispatcher, caseId, { action: 'respond' })).statusCode).toBe(403);
    at('2026-03-02T10:00:00+08:00');
    const responded = await step(grid, caseId, { action: 'respond' });
    expect(responded.json()).toMatchObject({ status: 'handling' });
    at('2026-03-02T10:30:00+08:00');
    const up = await step(grid, caseId, { action: 'escalate', reason: '需要城管执法' });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ status: 'assigned', tier: 'township', unitName: '钢山街道', escalations: 1 });
    expect((await step(dispatcher, caseId, { action: 'respond' })).json().status).toBe('handling');
  });

  it('refuses a report-in from a department that was not whistled', async () => {
    const res = await zjj.inject({ method: 'POST', url: `/api/cases/${caseId}/report-in`, payload: { step: 'acknowledge' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message.en).toMatch(/not whistled/);
  });

  it('whistles two departments; one reports in on time, the other late', async () => {
    const ids = await t.store.db.selectFrom('departments').select(['id', 'code']).where('code', 'in', ['ZJJ', 'SJJ']).execute();
    const id = (code: string) => ids.find((d) => d.code === code)!.id;
    at('2026-03-02T11:00:00+08:00');
    const w = await dispatcher.inject({ method: 'POST', url: `/api/cases/${caseId}/whistles`, payload: { departmentIds: [id('ZJJ'), id('SJJ')] } });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().whistles.map((x: { deadline: string }) => x.deadline)).toEqual(['2026-03-02T11:30:00+08:00', '2026-03-02T11:30:00+08:00']);
    at('2026-03-02T11:10:00+08:00');
    expect((await zjj.inject({ method: 'POST', url: `/api/cases/${caseId}/report-in`, payload: { step: 'acknowledge' } })).statusCode).toBe(200);
    const noPhoto = await zjj.inject({ method: 'POST', url: `/api/cases/${caseId}/report-in`, payload: { step: 'on_site', ...HERE } });
    expect(noPhoto.statusCode).toBe(422);
    at('2026-03-02T11:25:00+08:00');
    expect((await zjj.inject({ method: 'POST', url: `/api/cases/${caseId}/report-in`, payload: { step: 'on_site', ...HERE, photo: PNG } })).statusCode).toBe(200);
    at('2026-03-02T11:50:00+08:00');
    const late = await sjj.inject({ method: 'POST', url: `/api/cases/${caseId}/report-in`, payload: { step: 'on_site', ...HERE, photo: PNG } });
    expect(late.statusCode).toBe(200);
    const byDept = Object.fromEntries(late.json().whistles.map((x: { departmentName: string; late: boolean }) => [x.departmentName, x.late]));
    expect(byDept).toEqual({ 住房和城乡建设局: false, 市场监督管理局: true });
    // Whistled departments see the case in their worklist.
    const list = await sjj.inject({ method: 'GET', url: '/api/cases?view=whistled' });
    expect(list.json().cases.map((c: { id: number }) => c.id)).toContain(caseId);
  });

  it('handles with evidence, refuses a close without a check, reopens on a failed check, then closes and is evaluated', async () => {
    at('2026-03-02T14:00:00+08:00');
    const noEvidence = await step(dispatcher, caseId, { action: 'handle', feedback: '已清运' });
    expect(noEvidence.statusCode).toBe(422);
    const handled = await step(dispatcher, caseId, { action: 'handle', feedback: '已清运', photos: [PNG] });
    expect(handled.json()).toMatchObject({ status: 'checking', statusNotes: '已清运' });
    const closeEarly = await step(dispatcher, caseId, { action: 'close' });
    expect(closeEarly.statusCode).toBe(409);
    expect(closeEarly.json().error.code).toBe('check_required');
    at('2026-03-02T15:00:00+08:00');
    const failed = await step(grid, caseId, { action: 'check', passed: false, note: '仍有残留' });
    expect(failed.json()).toMatchObject({ status: 'handling', reopened: 1 });
    at('2026-03-02T16:00:00+08:00');
    expect((await step(dispatcher, caseId, { action: 'handle', feedback: '已彻底清理' })).json().status).toBe('checking');
    expect((await step(grid, caseId, { action: 'check', passed: true, note: '现场已干净' })).json().status).toBe('checked');
    const closed = await step(dispatcher, caseId, { action: 'close', note: '结案' });
    expect(closed.json()).toMatchObject({ status: 'closed', finished: true, closedAt: '2026-03-02T16:00:00+08:00' });
    expect(closed.json().whistles.every((w: { releasedAt: string | null }) => w.releasedAt !== null)).toBe(true);
    expect((await step(applicant, caseId, { action: 'evaluate', satisfaction: 5 })).statusCode).toBe(403);
    const rated = await step(grid, caseId, { action: 'evaluate', satisfaction: 5 });
    expect(rated.json()).toMatchObject({ status: 'evaluated', satisfaction: 5 });
    const actions = rated.json().events.map((e: { action: string }) => e.action);
    expect(actions).toEqual([
      'report',
      'assign',
      'respond',
      'escalate',
      'respond',
      'whistle',
      'report_in.acknowledge',
      'report_in.on_site',
      'report_in.on_site',
      'handle',
      'check',
      'handle',
      'check',
      'close',
      'evaluate',
    ]);
  });

  it('ranks the month: the township resolved and satisfied, the late department’s report-in counts against it', async () => {
    const townships = (await leader.inject({ method: 'GET', url: '/api/cases/rankings?month=2026-03&tier=township' })).json();
    expect(townships.weights).toEqual({ response: 30, resolution: 35, satisfaction: 35 });
    expect(townships.units[0]).toMatchObject({
      name: '钢山街道',
      assigned: 1,
      resolved: 1,
      satisfied: 1,
      reopened: 1,
      responseRate: 1,
      resolutionRate: 1,
      satisfactionRate: 1,
      score: 100,
      smallSample: true,
    });
    const departments = (await leader.inject({ method: 'GET', url: '/api/cases/rankings?month=2026-03&tier=department' })).json();
    const sjjRow = departments.units.find((u: { name: string }) => u.name === '市场监督管理局');
    const zjjRow = departments.units.find((u: { name: string }) => u.name === '住房和城乡建设局');
    expect(sjjRow).toMatchObject({ whistles: 1, reportInsLate: 1, reportInsOnTime: 0, punctuality: 0 });
    expect(zjjRow).toMatchObject({ whistles: 1, reportInsLate: 0, reportInsOnTime: 1, punctuality: 1 });
    const bad = await leader.inject({ method: 'GET', url: '/api/cases/rankings?month=2026-13' });
    expect(bad.statusCode).toBe(400);
    expect((await grid.inject({ method: 'GET', url: '/api/cases/rankings?month=2026-03' })).statusCode).toBe(403);
  });

  it('records rewards and penalties against the ranking with who decided', async () => {
    const sjj = (await leader.inject({ method: 'GET', url: '/api/cases/rankings?month=2026-03&tier=department' }))
      .json()
      .units.find((u: { name: string }) => u.name === '市场监督管理局');
    const r = await leader.inject({
      method: 'POST',
      url: '/api/cases/rewards',
      payload: { month: '2026-03', unitKind: 'department', unitKey: sjj.key, kind: 'penalty', note: '吹哨报到迟到，通报' },
    });
    expect(r.statusCode).toBe(201);
    const list = (await leader.inject({ method: 'GET', url: '/api/cases/rewards?month=2026-03' })).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ kind: 'penalty', decidedBy: 'leader', unitKind: 'department', unitKey: sjj.key, unitName: '市场监督管理局' });
  });

  it('refuses a reward or penalty against a unit that is not in the county’s ranking of that tier, writing nothing', async () => {
    const post = (payload: Record<string, unknown>) =>
      leader.inject({ method: 'POST', url: '/api/cases/rewards', payload: { month: '2026-03', kind: 'reward', note: '表扬', ...payload } });
    for (const unit of [
      { unitKind: 'department', unitKey: 'SJJ' }, // a department's code, not its id
      { unitKind: 'department', unitKey: '999999' },
      { unitKind: 'village', unitKey: '370883001' }, // a township given as a village
      { unitKind: 'township', unitKey: '370882001' }, // another county
    ]) {
      const res = await post(unit);
      expect(res.statusCode, JSON.stringify(unit)).toBe(422);
      expect(res.json().error.details.field).toBe('unitKey');
      expect(res.json().error.message.zh).toContain(unit.unitKey);
    }
    const blank = await post({ unitKind: 'township', unitKey: '370883001', note: '   ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().error.message.zh).toBe('请填写奖惩事由');
    expect(
      (await dispatcher.inject({ method: 'POST', url: '/api/cases/rewards', payload: { month: '2026-03', unitKind: 'township', unitKey: '370883001', kind: 'reward', note: 'x' } }))
        .statusCode,
    ).toBe(403);
    const township = await post({ unitKind: 'township', unitKey: '370883001' });
    expect(township.statusCode).toBe(201);
    const list = (await leader.inject({ method: 'GET', url: '/api/cases/rewards?month=2026-03' })).json();
    expect(list.items.map((i: { unitName: string; kind: string }) => `${i.kind} ${i.unitName}`)).toEqual(['penalty 市场监督管理局', 'reward 钢山街道']);
  });

  it('prints the month’s report as xlsx and PDF, with the late report-in and the penalty', async () => {
    const xlsx = await leader.inject({ method: 'GET', url: '/api/cases/report?month=2026-03&format=xlsx' });
    expect(xlsx.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const depts = wb.getWorksheet('县级部门排名')!;
    const rows = depts
      .getSheetValues()
      .filter(Boolean)
      .map((r) => (r as unknown[]).slice(1));
    expect(rows[2]).toEqual(['名次', '单位', '案件数', '响应率', '解决率', '满意率', '超时率', '重办率', '报到准时率', '迟到报到', '得分']);
    const sjjRow = rows.find((r) => String(r[1]).startsWith('市场监督管理局'))!;
    expect(sjjRow[8]).toBe('0.0%');
    expect(sjjRow[9]).toBe(1);
    expect(wb.getWorksheet('奖惩')!.getRow(2).getCell(4).value).toBe('吹哨报到迟到，通报');
    const pdf = await leader.inject({ method: 'GET', url: '/api/cases/report?month=2026-03' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await grid.inject({ method: 'GET', url: '/api/cases/report?month=2026-03' })).statusCode).toBe(403);
  });

  it('gives the month’s steps as an event log the miner reads: the reopened check shows as rework', async () => {
    const res = await leader.inject({ method: 'GET', url: '/api/cases/event-log?month=2026-03' });
    expect(res.statusCode).toBe(200);
    const { importCsvString } = await import('../mining/import/csv.js');
    const { log } = await importCsvString(res.body);
    const c = log.caseIds.indexOf(String(caseId));
    expect(c).toBeGreaterThanOrEqual(0);
    const activities: string[] = [];
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) activities.push(log.activityNames[log.activity[e]]);
    expect(activities.filter((a) => a === 'handle')).toHaveLength(2);
    expect(activities[0]).toBe('report');
    expect(activities.at(-1)).toBe('evaluate');
  });

  it('escalates an overdue village case to its township and puts overdue township cases on the leader’s board', async () => {
    await jump('2026-03-03T09:00:00+08:00');
    const c = (await report(grid, { categoryCode: 'ENV-RUBBISH', description: '另一处垃圾', lat: 35.42, lng: 116.98 })).json();
    expect(c.tier).toBe('village');
    await jump('2026-03-09T09:00:00+08:00'); // past three working days
    const board = (await dispatcher.inject({ method: 'GET', url: '/api/cases/board' })).json();
    expect(board.overdue).toBeGreaterThanOrEqual(1);
    const first = (await admin.inject({ method: 'POST', url: '/api/cases/sweep' })).json();
    expect(first.escalated).toBeGreaterThanOrEqual(1);
    const after = (await dispatcher.inject({ method: 'GET', url: `/api/cases/${c.id}` })).json();
    expect(after).toMatchObject({ tier: 'township', status: 'assigned', escalations: 1 });
    await jump('2026-03-20T09:00:00+08:00');
    await admin.inject({ method: 'POST', url: '/api/cases/sweep' });
    const flagged = (await leader.inject({ method: 'GET', url: '/api/cases?view=leader' })).json();
    expect(flagged.cases.map((x: { id: number }) => x.id)).toContain(c.id);
  });

  it('flags a case passed between units more than the threshold as bounced (推诿)', async () => {
    at('2026-03-20T10:00:00+08:00');
    const c = (await report(dispatcher, { categoryCode: 'ILLEGAL-BUILD', description: '违建', regionCode: '370883001202', lat: 35.43, lng: 116.99 })).json();
    expect(c).toMatchObject({ channel: 'hotline', tier: 'township' });
    const d = await t.store.db.selectFrom('departments').select('id').where('code', '=', 'ZJJ').executeTakeFirstOrThrow();
    expect((await step(dispatcher, c.id, { action: 'assign', tier: 'department', departmentId: d.id })).json().transfers).toBe(1);
    expect((await step(zjj, c.id, { action: 'return', reason: '不属于本部门' })).json()).toMatchObject({ status: 'accepted', transfers: 2, bounced: false });
    const third = (await step(dispatcher, c.id, { action: 'assign', tier: 'township' })).json();
    expect(third).toMatchObject({ transfers: 3, bounced: true });
    const bounced = (await dispatcher.inject({ method: 'GET', url: '/api/cases?view=bounced' })).json();
    expect(bounced.cases.map((x: { id: number }) => x.id)).toContain(c.id);
  });

  it('scopes reading: an applicant sees only their own reports, a department only its cases', async () => {
    expect((await applicant.inject({ method: 'GET', url: `/api/cases/${caseId}` })).statusCode).toBe(403);
    const mine = (await applicant.inject({ method: 'GET', url: '/api/cases?view=all' })).json();
    expect(mine.total).toBe(0);
    const zjjList = (await zjj.inject({ method: 'GET', url: '/api/cases?view=all' })).json();
    expect(zjjList.cases.every((x: { unitDepartmentId: number | null; id: number }) => x.id === caseId || x.unitDepartmentId !== null)).toBe(true);
  });
});
