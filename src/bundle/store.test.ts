// Bundles in the database, on every target: drafts and versions from the stored catalogue,
// scope, audit rows in the same transaction, nothing saved on bad input, publishing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import { verifyAuditTrail } from '../audit/trail.js';
import { DEMO_SETS } from '../catalogue/demo/index.js';
import { getVersion, seedDemoCatalogue } from '../catalogue/store.js';
import type { Actor } from '../org/model.js';
import { seedDemoOrganisation } from '../org/seed.js';
import type { Store } from '../store/database.js';
import { BundleError, FIGURE_KEYS } from './model.js';
import { BundleStoreError, createBundle, getBundle, listBundles, publishBundle, reviseBundle } from './store.js';

const targets = await dbTargets();

async function actor(store: Store, role: Actor['role'], departmentCode?: string, regionCode = '370883'): Promise<Actor> {
  const dept = departmentCode ? await store.db.selectFrom('departments').select('id').where('code', '=', departmentCode).executeTakeFirstOrThrow() : null;
  return { userId: 0, username: `${role}.test`, displayName: role, role, regionCode, departmentId: dept?.id ?? null };
}

const count = async (store: Store, table: 'bundles' | 'bundle_versions' | 'audit_log') =>
  Number(
    (
      await store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function rejects<E extends Error>(p: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  try {
    await p;
  } catch (err) {
    if (err instanceof type) return err;
    throw err;
  }
  throw new Error(`expected ${type.name}`);
}

describe.each(targets)('bundle store on $name', (target) => {
  let store: Store;
  let reform: Actor;
  beforeAll(async () => {
    store = await target.open();
    await seedDemoOrganisation(store.db, 'demo-password-1');
    await seedDemoCatalogue(store.db);
    reform = await actor(store, 'reform_office');
  });
  afterAll(async () => {
    await store?.close();
  });

  it('creates the construction bundle from the stored catalogue, with an audit row in the same transaction', async () => {
    const auditBefore = await count(store, 'audit_log');
    const b = await createBundle(store.db, reform, { name: '建筑工程施工许可一件事', matterCodes: [...DEMO_SETS.construction] });
    expect(b).toMatchObject({ status: 'draft', version: 1, latestVersion: 1, regionCode: '370883', leadDepartmentCode: 'XZSP', processKey: `bundle_${b.id}` });
    expect(b.before.matters).toBe(9);
    // jsonb reorders keys; the figures come back in the documented order.
    expect(Object.keys(b.before)).toEqual([...FIGURE_KEYS]);
    expect(Object.keys(b.draft.after)).toEqual([...FIGURE_KEYS, 'commitmentLetters']);
    expect(b.after).toMatchObject({ forms: 1, commitmentLetters: 1 });
    expect(b.draft.process.bpmnXml).toContain(`<process id="bundle_${b.id}"`);
    expect(await count(store, 'audit_log')).toBe(auditBefore + 1);
    const audit = await store.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'bundle.create', entity: 'bundle', entity_id: String(b.id), region_code: '370883' });
    expect((await verifyAuditTrail(store.db)).ok).toBe(true);
  });

  it('saves nothing on bad input and says why in both languages', async () => {
    const before = [await count(store, 'bundles'), await count(store, 'bundle_versions'), await count(store, 'audit_log')];
    const unknown = await rejects(createBundle(store.db, reform, { name: '错误', matterCodes: ['370883-JS-001', '370883-XX-999'] }), BundleError);
    expect(unknown.code).toBe('unknown_matters');
    expect(unknown.messages.zh).toContain('370883-XX-999');
    expect((await rejects(createBundle(store.db, reform, { name: '单个', matterCodes: ['370883-JS-001'] }), BundleError)).code).toBe('too_few_matters');
    const dup = await rejects(createBundle(store.db, reform, { name: '建筑工程施工许可一件事', matterCodes: [...DEMO_SETS['business-startup']] }), BundleStoreError);
    expect(dup.code).toBe('conflict');
    expect([await count(store, 'bundles'), await count(store, 'bundle_versions'), await count(store, 'audit_log')]).toEqual(before);
  });

  it('only the reform office and administrators write; officers see the bundles of their department only', async () => {
    const clerk = await actor(store, 'window_clerk', 'XZSP');
    expect((await rejects(createBundle(store.db, clerk, { name: 'x', matterCodes: [...DEMO_SETS.construction] }), BundleStoreError)).code).toBe('forbidden');
    await createBundle(store.db, reform, { name: '企业开办一件事', matterCodes: [...DEMO_SETS['business-startup']] });
    expect((await listBundles(store.db, clerk)).map((b) => b.name)).toEqual(['企业开办一件事', '建筑工程施工许可一件事']);
    const zjj = await actor(store, 'department_officer', 'ZJJ');
    expect((await listBundles(store.db, zjj)).map((b) => b.name)).toEqual(['建筑工程施工许可一件事']);
    const township = await actor(store, 'reform_office', undefined, '370883001');
    expect(await listBundles(store.db, township)).toEqual([]);
    const applicant = await actor(store, 'applicant');
    expect(await listBundles(store.db, applicant)).toEqual([]);
    const [own] = await listBundles(store.db, zjj);
    expect((await rejects(publishBundle(store.db, zjj, own.id), BundleStoreError)).code).toBe('forbidden');
    expect((await rejects(reviseBundle(store.db, reform, own.id, { name: '企业开办一件事' }), BundleStoreError)).code).toBe('conflict');
    // Outside the caller's scope: said so, not "not found".
    const outside = await rejects(getBundle(store.db, township, own.id), BundleStoreError);
    expect(outside.code).toBe('forbidden');
    expect(outside.messages.zh).toContain('不在您的管辖范围内');
    expect((await rejects(getBundle(store.db, township, 999_999), BundleStoreError)).code).toBe('not_found');
    const grid = await actor(store, 'grid_worker');
    expect((await rejects(listBundles(store.db, grid), BundleStoreError)).code).toBe('forbidden');
  });

  it('revises a draft into a new version and keeps the old one', async () => {
    const [b] = (await listBundles(store.db, reform)).filter((x) => x.name === '建筑工程施工许可一件事');
    const eight = DEMO_SETS.construction.slice(0, 8);
    const r = await reviseBundle(store.db, reform, b.id, { matterCodes: [...eight], note: '去掉城建档案' });
    expect(r).toMatchObject({ version: 2, latestVersion: 2, note: '去掉城建档案' });
    expect(r.before.matters).toBe(8);
    expect((await getBundle(store.db, reform, b.id, 1)).before.matters).toBe(9);
    const audit = await store.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(audit.action).toBe('bundle.revise');
  });

  it('a version saved before a figure existed reads that figure as null (shown as —), never as a made-up number', async () => {
    const [b] = (await listBundles(store.db, reform)).filter((x) => x.name === '建筑工程施工许可一件事');
    const v = await store.db.selectFrom('bundle_versions').select(['before', 'after', 'draft']).where('bundle_id', '=', b.id).where('version', '=', 1).executeTakeFirstOrThrow();
    const json = (x: unknown) => (typeof x === 'string' ? JSON.parse(x) : x) as Record<string, unknown>;
    const old = (figures: unknown) => {
      const { formFields: _f, inspections: _i, examinations: _e, promisedWorkdaysSum: _p, ...rest } = json(figures);
      return JSON.stringify(rest);
    };
    const draft = json(v.draft);
    await store.db
      .updateTable('bundle_versions')
      .set({ before: old(v.before), after: old(v.after), draft: JSON.stringify({ ...draft, before: JSON.parse(old(draft.before)), after: JSON.parse(old(draft.after)) }) })
      .where('bundle_id', '=', b.id)
      .where('version', '=', 1)
      .execute();
    const read = await getBundle(store.db, reform, b.id, 1);
    expect(read.before).toMatchObject({ matters: 9, formFields: null, inspections: null, examinations: null, promisedWorkdaysSum: null });
    expect(read.after).toMatchObject({ matters: 9, formFields: null, commitmentLetters: 1 });
    expect(read.draft.before.formFields).toBeNull();
  });

  it('publishes: the bundle becomes a catalogue service and its process is deployed; applicants then see it', async () => {
    const [b] = (await listBundles(store.db, reform)).filter((x) => x.name === '企业开办一件事');
    const r = await publishBundle(store.db, reform, b.id);
    const deployment = await store.db.selectFrom('engine_deployments').selectAll().where('id', '=', r.deployment.id).executeTakeFirstOrThrow();
    expect(deployment).toMatchObject({ region_code: '370883', process_key: `bundle_${b.id}`, version: 1, source_xml: r.bundle.draft.process.bpmnXml });
    expect(r.serviceCode).toBe(`370883-YJS-${String(b.id).padStart(3, '0')}`);
    expect(r.bundle).toMatchObject({ status: 'published', publishedVersion: 1, deploymentId: r.deployment.id, serviceCode: r.serviceCode });
    // A new service, redesigned from the start: its as-is is the separate matters.
    const service = await getVersion(store.db, reform, r.serviceCode, 'to_be');
    expect(service.stage).toBe('to_be');
    expect(service.matter.name).toBe('企业开办一件事');
    expect(service.matter.kind).toBe('public_service');
    expect(service.matter.promisedDays).toBe(r.bundle.after.promisedWorkdays);
    expect(service.matter.formFields).toHaveLength(r.bundle.draft.form.fields.length);
    const applicant = await actor(store, 'applicant');
    expect((await listBundles(store.db, applicant)).map((x) => x.name)).toEqual(['企业开办一件事']);
    expect((await getBundle(store.db, applicant, b.id)).version).toBe(1);
    expect((await verifyAuditTrail(store.db)).ok).toBe(true);
  });

  it('the one window is the department the office names (the 政务服务中心 综合窗口), kept across revisions; an unknown one saves nothing', async () => {
    const b = await createBundle(store.db, reform, { name: '企业开办一件事（综合窗口）', matterCodes: [...DEMO_SETS['business-startup']], windowDepartmentCode: 'XZSP' });
    expect(b.leadDepartmentCode).toBe('XZSP');
    expect(b.draft.process.bpmnXml).toMatch(/id="Task_JointIntake"[^>]*zaizao:candidateDepartments="XZSP"/);
    const revised = await reviseBundle(store.db, reform, b.id, { note: '再议' });
    expect(revised.leadDepartmentCode).toBe('XZSP');
    const moved = await reviseBundle(store.db, reform, b.id, { windowDepartmentCode: 'SJJ' });
    expect(moved.leadDepartmentCode).toBe('SJJ');
    const versions = await count(store, 'bundle_versions');
    const err = await rejects(createBundle(store.db, reform, { name: '另一件事', matterCodes: [...DEMO_SETS['business-startup']], windowDepartmentCode: 'NOPE' }), BundleError);
    expect(err.code).toBe('invalid_window_department');
    expect(err.messages.zh).toContain('NOPE');
    expect(await count(store, 'bundle_versions')).toBe(versions);
  });
});
