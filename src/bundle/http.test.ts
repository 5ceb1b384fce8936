// The bundle API end to end, on every database target.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, signInAs, type Client, type TestApp } from '../../test/support/app.js';
import { dbTargets } from '../../test/support/db.js';
import { DEMO_SETS } from '../catalog/demo/index.js';
import { seedDemoCatalogue } from '../catalog/store.js';
import { importBpmn } from '../engine/bpmn/import.js';

const targets = await dbTargets();

describe.each(targets)('bundle API on $name', (target) => {
  let t: TestApp;
  let reform: Client;
  let id: number;
  const bundles = async () => Number((await t.store.db.selectFrom('bundles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

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
    for (const p of ['/api/bundles', '/api/bundles/preview', '/api/bundles/{id}', '/api/bundles/{id}/figures', '/api/bundles/{id}/form.pdf', '/api/bundles/{id}/letter.html', '/api/bundles/{id}/process.bpmn', '/api/bundles/{id}/publish']) {
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
    const res = await reform.inject({ method: 'POST', url: '/api/bundles', payload: { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction } });
    expect(res.statusCode).toBe(201);
    const b = res.json();
    id = b.id;
    expect(b).toMatchObject({ status: 'draft', version: 1, name: '建筑工程施工许可一件事' });
    expect(b.draft.letter.commitments.length).toBeGreaterThan(0);

    const list = (await reform.inject({ method: 'GET', url: '/api/bundles' })).json();
    expect(list.items.map((x: { id: number }) => x.id)).toEqual([id]);

    const figures = (await reform.inject({ method: 'GET', url: `/api/bundles/${id}/figures` })).json();
    expect(figures.rows.map((r: { key: string }) => r.key)).toEqual(['matters', 'forms', 'formFields', 'materials', 'steps', 'departments', 'stamps', 'countersigns', 'visits', 'inspections', 'examinations', 'promisedWorkdaysSum', 'promisedWorkdays', 'commitmentLetters']);
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

  it('keeps drafts from the wrong roles, revises, and publishes', async () => {
    const clerk = await signInAs(t.app, 'clerk');
    expect((await clerk.inject({ method: 'POST', url: `/api/bundles/${id}/publish` })).statusCode).toBe(403);
    const applicant = await signInAs(t.app, 'applicant');
    expect((await applicant.inject({ method: 'GET', url: `/api/bundles/${id}` })).statusCode).toBe(403); // a draft: outside what applicants see

    const revised = await reform.inject({ method: 'PUT', url: `/api/bundles/${id}`, payload: { decisions: { investment: { unit: '元' } }, note: '投资额统一以元计' } });
    expect(revised.statusCode).toBe(200);
    expect(revised.json()).toMatchObject({ version: 2, note: '投资额统一以元计' });
    expect(revised.json().draft.form.fields.find((f: { key: string }) => f.key === 'investment').unit).toBe('元');

    const published = await reform.inject({ method: 'POST', url: `/api/bundles/${id}/publish` });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ bundle: { status: 'published', publishedVersion: 2 }, deployment: { processKey: `bundle_${id}`, version: 1 } });
    const seen = await applicant.inject({ method: 'GET', url: `/api/bundles/${id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().version).toBe(2);
  });
});
