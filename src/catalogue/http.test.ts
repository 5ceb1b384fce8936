// The catalogue and ledger routes, through the real app with signed-in demo users.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { CONSTRUCTION_CODES, demoCatalogue } from './demo/index.js';
import { seedDemoCatalogue } from './store.js';
import { writeCatalogue } from './files/index.js';
import { importBpmn } from '../engine/bpmn/import.js';
import { dryRun } from '../engine/dry-run.js';

const targets = await dbTargets();

describe.each(targets)('catalogue API on $name', (target) => {
  let t: TestApp;
  let reform: Client;
  let officer: Client;
  let applicant: Client;
  beforeAll(async () => {
    t = await openTestApp(target, { now: () => new Date('2026-03-02T10:00:00+08:00') });
    await seedDemoCatalogue(t.store.db);
    reform = await signInAs(t.app, 'reform');
    officer = await signInAs(t.app, 'officer');
    applicant = await signInAs(t.app, 'applicant');
  });
  afterAll(async () => t?.close());

  it('lists, searches and filters matters within the caller scope', async () => {
    const all = (await reform.inject({ method: 'GET', url: '/api/catalog/matters' })).json();
    expect(all.total).toBe(15);
    expect(all.items[0].asIs).toMatchObject({ steps: expect.any(Number) });
    const search = (await reform.inject({ method: 'GET', url: `/api/catalog/matters?search=${encodeURIComponent('公积金')}` })).json();
    expect(search.items.map((m: { code: string }) => m.code)).toEqual(['370883-KB-005']);
    const byKind = (await reform.inject({ method: 'GET', url: '/api/catalog/matters?kind=filing&department=ZJJ' })).json();
    expect(byKind.total).toBe(4);
    const own = (await officer.inject({ method: 'GET', url: '/api/catalog/matters' })).json();
    expect(own.items.every((m: { departmentCode: string }) => m.departmentCode === 'ZJJ')).toBe(true);
    expect((await reform.inject({ method: 'GET', url: '/api/catalog/matters?kind=permit' })).statusCode).toBe(400);
  });

  it('shows a matter, saves a to-be version and compares it side by side', async () => {
    const detail = (await reform.inject({ method: 'GET', url: `/api/catalog/matters/${CONSTRUCTION_CODES.permit}` })).json();
    expect(detail.asIs.matter.name).toBe('建筑工程施工许可证核发');
    expect(detail.toBe).toBeNull();
    const redesign = structuredClone(detail.asIs.matter);
    redesign.promisedDays = 0;
    const saved = await reform.inject({
      method: 'POST',
      url: `/api/catalog/matters/${CONSTRUCTION_CODES.permit}/versions`,
      payload: { stage: 'to_be', note: '即时办结', matter: redesign },
    });
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ stage: 'to_be', version: 2 });
    expect(saved.json().createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?\+08:00$/); // Asia/Shanghai, as people here read it
    const cmp = (await reform.inject({ method: 'GET', url: `/api/catalog/matters/${CONSTRUCTION_CODES.permit}/compare` })).json();
    expect(cmp.diff.fields).toEqual([{ field: 'promisedDays', before: 2, after: 0 }]);
    const versions = (await reform.inject({ method: 'GET', url: `/api/catalog/matters/${CONSTRUCTION_CODES.permit}/versions` })).json();
    expect(versions.items.map((v: { stage: string }) => v.stage)).toEqual(['as_is', 'to_be']);
    expect((await reform.inject({ method: 'GET', url: `/api/catalog/matters/${CONSTRUCTION_CODES.permit}/versions/to_be` })).json().matter.promisedDays).toBe(0);
    const bad = structuredClone(redesign);
    bad.steps[0].kind = 'approve';
    const rejected = await reform.inject({ method: 'POST', url: `/api/catalog/matters/${CONSTRUCTION_CODES.permit}/versions`, payload: { stage: 'to_be', matter: bad } });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json().error.details.problems[0]).toMatchObject({ column: 'steps[0].kind', value: 'approve' });
    // The safety measures come back received now and checked after the decision; a check without its basis is refused.
    expect(detail.asIs.matter.materials[13]).toMatchObject({ id: 'M14', postDecisionCheck: { legalBasis: { document: expect.stringContaining('国办发〔2019〕11号') } } });
    const noBasis = structuredClone(redesign);
    noBasis.materials[13].postDecisionCheck = { legalBasis: { document: '', article: '', text: '' } };
    const refused = await reform.inject({ method: 'POST', url: `/api/catalog/matters/${CONSTRUCTION_CODES.permit}/versions`, payload: { stage: 'to_be', matter: noBasis } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.details.problems).toEqual([expect.objectContaining({ column: 'materials[13].postDecisionCheck.legalBasis.document' })]);
    expect((await officer.inject({ method: 'GET', url: `/api/catalog/matters/${CONSTRUCTION_CODES.permit}` })).statusCode).toBe(403);
  });

  it("serves a version's steps as BPMN: a diagram to view, and a process the engine deploys and runs on working days", async () => {
    const url = `/api/catalog/matters/${CONSTRUCTION_CODES.permit}/versions/as_is/bpmn`;
    const view = await reform.inject({ method: 'GET', url });
    expect(view.statusCode).toBe(200);
    expect(view.headers['content-type']).toMatch(/application\/xml/);
    expect(view.body).toContain('isExecutable="false"');
    expect(view.body).toContain('<bpmndi:BPMNDiagram');

    const run = await reform.inject({ method: 'GET', url: `${url}?executable=true` });
    expect(run.body).toMatch(/<userTask [^>]*zaizao:candidateDepartments="[A-Z-]+"/);
    expect(run.body).toMatch(/zaizao:dueDate="P(\d+D)?(T\d+M)?"/);
    const imported = await importBpmn(run.body);
    expect(imported.validation).toMatchObject({ ok: true, executable: true, errors: [], unsupported: [] });
    const process = imported.models!.processes[0];
    const tasks = Object.values(process.nodes).filter((n) => n.kind === 'userTask');
    expect(tasks.length).toBeGreaterThan(0);
    // Every step's task is offered to its department; the run ends with every task done.
    const result = await dryRun(imported.models!, { start: new Date('2025-09-30T10:00:00+08:00') });
    expect(result.status).toBe('completed');
    expect(result.events.filter((e) => e.type === 'task.completed')).toHaveLength(tasks.length);

    expect((await officer.inject({ method: 'GET', url: '/api/catalog/matters/NO-SUCH-CODE/versions/as_is/bpmn' })).statusCode).toBe(404);
    expect((await reform.inject({ method: 'GET', url: `${url}?executable=maybe` })).statusCode).toBe(400);
  });

  it('imports a file all or nothing, answering the table of problems', async () => {
    const cat = demoCatalogue();
    cat.matters[0].name = '建筑工程施工许可证核发（修订）';
    const ok = await reform.inject({
      method: 'POST',
      url: '/api/catalog/import',
      payload: { fileName: 'list.xlsx', content: (await writeCatalogue(cat, 'xlsx')).toString('base64') },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ imported: true, matters: 15, result: { updated: 1, unchanged: 14 } });
    cat.matters[1].kind = 'nonsense' as never;
    cat.matters[2].departmentCode = 'NOPE';
    const bad = await reform.inject({
      method: 'POST',
      url: '/api/catalog/import',
      payload: { fileName: 'list.csv', content: (await writeCatalogue(cat, 'csv')).toString('base64') },
    });
    expect(bad.statusCode).toBe(422);
    const problems = bad.json().error.details.problems;
    expect(problems.map((p: { sheet: string; column: string; value: string }) => [p.sheet, p.column, p.value])).toEqual([
      ['matters', 'kind', 'nonsense'],
      ['matters', 'department_code', 'NOPE'],
    ]);
    expect(problems[0].reason.zh).toBeTruthy();
    expect(
      (await applicant.inject({ method: 'POST', url: '/api/catalog/import', payload: { fileName: 'list.json', content: Buffer.from('{}').toString('base64') } })).statusCode,
    ).toBe(403);
  });

  it('downloads the template and exports', async () => {
    const tpl = await reform.inject({ method: 'GET', url: '/api/catalog/template' });
    expect(tpl.statusCode).toBe(200);
    expect(tpl.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    expect(wb.getWorksheet('matters')).toBeTruthy();
    const json = await reform.inject({ method: 'GET', url: '/api/catalog/export?format=json' });
    expect(JSON.parse(json.body).matters).toHaveLength(15);
    const sug = (await reform.inject({ method: 'GET', url: `/api/catalog/dictionary/suggest?name=${encodeURIComponent('营业执照副本')}` })).json();
    expect(sug.match.id).toBe('business_licence');
  });

  it('keeps the ledger: create, status, attachments, report', async () => {
    const created = await reform.inject({
      method: 'POST',
      url: '/api/catalog/ledger',
      payload: { departmentCode: 'XZSP', matterCodes: [CONSTRUCTION_CODES.permit], problem: '串联会签', measure: '并联会签', owner: '王科长', deadlineWorkdays: 5 },
    });
    expect(created.statusCode).toBe(201);
    const item = created.json();
    expect(item).toMatchObject({ status: 'planned', startDate: '2026-03-02', overdue: false });
    expect(item.createdAt).toMatch(/\+08:00$/);
    expect(item.figures.after).not.toBeNull(); // the permit already has a to-be version
    const moved = await reform.inject({ method: 'POST', url: `/api/catalog/ledger/${item.id}/status`, payload: { status: 'in_progress' } });
    expect(moved.json().status).toBe('in_progress');
    expect((await reform.inject({ method: 'POST', url: `/api/catalog/ledger/${item.id}/status`, payload: { status: 'verified' } })).statusCode).toBe(409);
    const att = await reform.inject({
      method: 'POST',
      url: `/api/catalog/ledger/${item.id}/attachments`,
      payload: { fileName: '纪要.txt', contentType: 'text/plain', content: Buffer.from('会议纪要').toString('base64') },
    });
    expect(att.statusCode).toBe(201);
    const dl = await reform.inject({ method: 'GET', url: `/api/catalog/ledger/${item.id}/attachments/${att.json().id}` });
    expect(dl.body).toBe('会议纪要');
    const patched = await reform.inject({ method: 'PATCH', url: `/api/catalog/ledger/${item.id}`, payload: { owner: '李科长' } });
    expect(patched.json().owner).toBe('李科长');
    expect((await reform.inject({ method: 'DELETE', url: `/api/catalog/ledger/${item.id}` })).statusCode).toBe(409);
    const list = (await reform.inject({ method: 'GET', url: '/api/catalog/ledger?status=in_progress' })).json();
    expect(list.items.map((i: { id: number }) => i.id)).toEqual([item.id]);
    expect((await officer.inject({ method: 'GET', url: `/api/catalog/ledger/${item.id}` })).statusCode).toBe(403);
    const report = await reform.inject({ method: 'GET', url: '/api/catalog/ledger/report' });
    expect(report.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(report.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets[0].getCell('A1').value).toBe('邹城市流程再造事项台账');
  });
});
