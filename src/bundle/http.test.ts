// The bundle API end to end, on every database target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { dbTargets } from '../../test/support/db.js';
import { DEMO_SETS } from '../catalogue/demo/index.js';
import { seedDemoCatalogue } from '../catalogue/store.js';
import { importBpmn } from '../engine/bpmn/import.js';

const targets = await dbTargets();

describe.each(targets)('bundle API on $name', (target) => {
  let t: TestApp;
  let reform: Client;
  let id: number;
  const bundles = async () =>
    Number(
      (
        await t.store.db
          .selectFrom('bundles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await openTestApp(target);
    await seedDemoCatalogue(t.store.db);
    reform = await signInAs(t.app, 'reform');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('documents every bundle route in the OpenAPI description', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const p of [
      '/api/bundles',
      '/api/bundles/preview',
      '/api/bundles/{id}',
      '/api/bundles/{id}/figures',
      '/api/bundles/{id}/form.pdf',
      '/api/bundles/{id}/letter.html',
      '/api/bundles/{id}/process.bpmn',
      '/api/bundles/{id}/publish',
      '/api/bundles/{id}/official-figures',
      '/api/bundles/{id}/official-figures/{stage}/{figure}',
      '/api/bundles/{id}/vetoes',
      '/api/bundles/{id}/field-decisions/{field}',
      '/api/bundles/{id}/publish-preview',
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
  });

  it('previews a draft without saving it', async () => {
    const res = await reform.inject({ method: 'POST', url: '/api/bundles/preview', payload: { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.before).toMatchObject({ matters: 9, promisedWorkdays: 2 });
    expect(body.after).toMatchObject({ forms: 1, commitmentLetters: 1 });
    expect(body.draft.form.schema.properties.applicant_name.title).toBe('申请单位名称');
    expect(await bundles()).toBe(0);
  });

  it('creates a draft, lists it, and serves the figures, the PDFs, the print views and the BPMN', async () => {
    // The office accepted the removals the analyzer proposes for a decision (one batch by rule): the bundle relies on them.
    expect((await reform.inject({ method: 'POST', url: '/api/analyze/decisions', payload: { decision: 'accept', rule: 'no-legal-basis' } })).statusCode).toBe(201);
    const res = await reform.inject({ method: 'POST', url: '/api/bundles', payload: { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction } });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    id = b.id;
    expect(b).toMatchObject({ status: 'draft', version: 1, name: '建筑工程施工许可一件事' });
    expect(b.draft.letter.commitments.length).toBeGreaterThan(0);

    const list = (await reform.inject({ method: 'GET', url: '/api/bundles' })).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([id]);

    const figures = (await reform.inject({ method: 'GET', url: `/api/bundles/${id}/figures` })).json();
    expect(figures.rows.map((r: { key: string }) => r.key)).toEqual([
      'matters',
      'forms',
      'formFields',
      'materials',
      'steps',
      'departments',
      'stamps',
      'countersigns',
      'visits',
      'inspections',
      'examinations',
      'promisedWorkdaysSum',
      'promisedWorkdays',
      'commitmentLetters',
    ]);
    expect(figures.rows[1]).toMatchObject({ key: 'forms', label: { zh: '申请表' }, before: 9, after: 1 });

    for (const doc of ['form.pdf', 'letter.pdf']) {
      const pdf = await reform.inject({ method: 'GET', url: `/api/bundles/${id}/${doc}?download=true` });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const letter = await reform.inject({ method: 'GET', url: `/api/bundles/${id}/letter.html` });
    expect(letter.headers['content-type']).toContain('text/html');
    expect(letter.body).toContain('不实承诺的法律责任');
    const bpmn = await reform.inject({ method: 'GET', url: `/api/bundles/${id}/process.bpmn` });
    expect((await importBpmn(bpmn.body)).validation.ok).toBe(true);
  });

  it('answers bad input with 422 and a message in both languages, and saves nothing', async () => {
    const before = await bundles();
    const unknown = await reform.inject({ method: 'POST', url: '/api/bundles', payload: { name: '试验', matterCodes: ['370883-JS-001', '370883-XX-404'] } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().error).toMatchObject({ code: 'bundle_unknown_matters', details: { codes: ['370883-XX-404'] } });
    expect(unknown.json().error.message.zh).toContain('370883-XX-404');
    const single = await reform.inject({ method: 'POST', url: '/api/bundles', payload: { name: '试验', matterCodes: ['370883-JS-001'] } });
    expect(single.json().error.code).toBe('bundle_too_few_matters');
    const invalid = await reform.inject({ method: 'POST', url: '/api/bundles', payload: { matterCodes: ['370883-JS-001'] } });
    expect(invalid.statusCode).toBe(400);
    const dup = await reform.inject({ method: 'POST', url: '/api/bundles', payload: { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS['business-startup'] } });
    expect(dup.statusCode).toBe(409);
    expect(await bundles()).toBe(before);
  });

  it('records official (published) figures with source and date beside the computed ones, never instead of them; audited; bad input changes nothing', async () => {
    const url = (stage: string, figure: string) => `/api/bundles/${id}/official-figures/${stage}/${figure}`;
    const put = (stage: string, figure: string, payload: unknown) => reform.inject({ method: 'PUT', url: url(stage, figure), payload: payload as object });
    const recorded = await put('before', 'formFields', { value: 100, source: '邹城市人民政府网站：一件事改革成效', publishedOn: '2026-06-30' });
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json()).toMatchObject({ figure: 'formFields', stage: 'before', value: 100, publishedOn: '2026-06-30', recordedBy: 'reform' });
    expect((await put('after', 'formFields', { value: 58, source: '同上', publishedOn: '2026-06-30' })).statusCode).toBe(200);
    // A correction replaces the official value, with its own audit row.
    expect((await put('after', 'formFields', { value: 57, source: '更正公告', publishedOn: '2026-07-02' })).json()).toMatchObject({ value: 57, source: '更正公告' });

    const figures = (await reform.inject({ method: 'GET', url: `/api/bundles/${id}/figures` })).json();
    const row = figures.rows.find((r: { key: string }) => r.key === 'formFields');
    expect(row).toMatchObject({ before: 105, after: 27, officialBefore: 100, officialAfter: 57 });
    expect(figures.after.formFields).toBe(27); // the computed figure stays what Zaizao computed

    const bad: Array<[string, string, unknown, number]> = [
      ['before', 'noSuchFigure', { value: 1, source: 'x', publishedOn: '2026-01-01' }, 400],
      ['during', 'formFields', { value: 1, source: 'x', publishedOn: '2026-01-01' }, 400],
      ['before', 'formFields', { value: -1, source: 'x', publishedOn: '2026-01-01' }, 400],
      ['before', 'formFields', { value: 1, source: '', publishedOn: '2026-01-01' }, 400],
      ['before', 'formFields', { value: 1, source: 'x', publishedOn: '2026-02-30' }, 422],
      ['before', 'commitmentLetters', { value: 1, source: 'x', publishedOn: '2026-01-01' }, 422],
    ];
    for (const [stage, figure, payload, status] of bad) expect((await put(stage, figure, payload)).statusCode, `${stage}/${figure}`).toBe(status);
    const officer = await signInAs(t.app, 'officer');
    expect((await officer.inject({ method: 'PUT', url: url('before', 'materials'), payload: { value: 1, source: 'x', publishedOn: '2026-01-01' } })).statusCode).toBe(403);

    const list = (await reform.inject({ method: 'GET', url: `/api/bundles/${id}/official-figures` })).json();
    expect(list.figures.map((f: { figure: string; stage: string; value: number }) => [f.figure, f.stage, f.value])).toEqual([
      ['formFields', 'before', 100],
      ['formFields', 'after', 57],
    ]);
    expect((await reform.inject({ method: 'DELETE', url: url('before', 'formFields') })).statusCode).toBe(204);
    expect((await reform.inject({ method: 'DELETE', url: url('before', 'formFields') })).statusCode).toBe(404);
    const actions = (await t.store.db.selectFrom('audit_log').select('action').where('action', 'like', 'bundle.official_figure.%').orderBy('id').execute()).map((r) => r.action);
    expect(actions).toEqual(['bundle.official_figure.record', 'bundle.official_figure.record', 'bundle.official_figure.replace', 'bundle.official_figure.remove']);
  });

  it('keeps drafts from the wrong roles, revises, and publishes', async () => {
    const clerk = await signInAs(t.app, 'clerk');
    expect((await clerk.inject({ method: 'POST', url: `/api/bundles/${id}/publish` })).statusCode).toBe(403);
    const applicant = await signInAs(t.app, 'applicant');
    expect((await applicant.inject({ method: 'GET', url: `/api/bundles/${id}` })).statusCode).toBe(403); // a draft: outside what applicants see

    const revised = await reform.inject({ method: 'PUT', url: `/api/bundles/${id}`, payload: { decisions: { investment: { unit: '元' } }, note: '投资额统一以元计' } });
    expect(revised.statusCode).toBe(200);
    expect(revised.json()).toMatchObject({ version: 2, note: '投资额统一以元计' });
    expect(revised.json().draft.form.fields.find((f: { key: string }) => f.key === 'investment').unit).toBe('元');

    // 结构类型 is still undecided: publishing is refused, naming it, and nothing is published.
    const refused = await reform.inject({ method: 'POST', url: `/api/bundles/${id}/publish` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('undecided');
    expect(refused.json().error.message.zh).toContain('结构类型');
    expect((await reform.inject({ method: 'GET', url: `/api/bundles/${id}/publish-preview` })).json().undecided.map((c: { canonicalKey: string }) => c.canonicalKey)).toEqual([
      'structure_type',
    ]);
    expect((await reform.inject({ method: 'PUT', url: `/api/bundles/${id}/field-decisions/applicant_name`, payload: { unit: '元' } })).statusCode).toBe(404);
    expect((await reform.inject({ method: 'PUT', url: `/api/bundles/${id}/field-decisions/structure_type`, payload: {} })).statusCode).toBe(400);
    const decided = await reform.inject({ method: 'PUT', url: `/api/bundles/${id}/field-decisions/structure_type`, payload: { options: ['框架结构', '钢结构', '其他'] } });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ version: 3, decisions: { investment: { unit: '元' }, structure_type: { options: ['框架结构', '钢结构', '其他'] } } });

    const published = await reform.inject({ method: 'POST', url: `/api/bundles/${id}/publish` });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ bundle: { status: 'published', publishedVersion: 3 }, deployment: { processKey: `bundle_${id}`, version: 1 } });
    const seen = await applicant.inject({ method: 'GET', url: `/api/bundles/${id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().version).toBe(3);
    // Nothing newer: publishing again is refused.
    expect((await reform.inject({ method: 'POST', url: `/api/bundles/${id}/publish` })).statusCode).toBe(409);
  });

  it('lists what the bundle relies on; a veto recomputes the draft without it; publishing again shows the changes first and keeps them', async () => {
    const before = (await reform.inject({ method: 'GET', url: `/api/bundles/${id}` })).json();
    const reliance = before.draft.reliances.find((r: { key: string }) => r.key === 'material:site_readiness');
    expect(reliance).toMatchObject({ kind: 'commitment', source: 'material', vetoed: false });
    expect(before.draft.reliances.some((r: { source: string; kind: string }) => r.source === 'fix' && r.kind === 'removal')).toBe(true);
    const url = `/api/bundles/${id}/vetoes`;
    expect((await reform.inject({ method: 'POST', url, payload: { key: 'material:nothing', reason: 'x' } })).statusCode).toBe(404);
    expect((await reform.inject({ method: 'POST', url, payload: { key: reliance.key, reason: '  ' } })).statusCode).toBe(422);
    const officer = await signInAs(t.app, 'officer');
    expect((await officer.inject({ method: 'POST', url, payload: { key: reliance.key, reason: '须现场核验' } })).statusCode).toBe(403);

    const vetoed = await reform.inject({ method: 'POST', url, payload: { key: reliance.key, reason: '施工现场条件须审查后决定' } });
    expect(vetoed.statusCode).toBe(201);
    const v = vetoed.json();
    expect(v.version).toBe(before.version + 1);
    expect(v.vetoes).toMatchObject([{ key: reliance.key, reason: '施工现场条件须审查后决定', by: 'reform' }]);
    expect(v.draft.reliances.find((r: { key: string }) => r.key === reliance.key).vetoed).toBe(true);
    expect(v.draft.materials.find((m: { key: string }) => m.key === 'site_readiness').disposition).toBe('submit');
    expect(v.draft.letter.commitments.map((c: { materialKey: string }) => c.materialKey)).not.toContain('site_readiness');
    expect(v.after.materials).toBe(before.after.materials + 1);
    expect(v.after.promisedWorkdays).toBeGreaterThan(before.after.promisedWorkdays);
    expect((await reform.inject({ method: 'POST', url, payload: { key: reliance.key, reason: 'again' } })).statusCode).toBe(409);

    const unconfirmed = await reform.inject({ method: 'POST', url: `/api/bundles/${id}/publish` });
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.json().error).toMatchObject({
      code: 'confirm_required',
      details: { changes: { fromVersion: before.version, toVersion: v.version, vetoes: { added: [reliance.key] } } },
    });
    const preview = (await reform.inject({ method: 'GET', url: `/api/bundles/${id}/publish-preview` })).json();
    expect(preview.changes.figures).toContainEqual({ key: 'materials', before: before.after.materials, after: v.after.materials });
    const confirmed = await reform.inject({ method: 'POST', url: `/api/bundles/${id}/publish?confirm=true` });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().bundle).toMatchObject({ publishedVersion: v.version, publishChanges: { toVersion: v.version, vetoes: { added: [reliance.key] } } });

    const lifted = await reform.inject({ method: 'DELETE', url: `${url}?key=${encodeURIComponent(reliance.key)}` });
    expect(lifted.statusCode).toBe(200);
    expect(lifted.json()).toMatchObject({ vetoes: [], after: { materials: before.after.materials } });
    const actions = (
      await t.store.db.selectFrom('audit_log').select('action').where('action', 'in', ['bundle.veto', 'bundle.veto.lift', 'bundle.field.decide']).orderBy('id').execute()
    ).map((r) => r.action);
    expect(actions).toEqual(['bundle.field.decide', 'bundle.veto', 'bundle.veto.lift']);
  });
});
