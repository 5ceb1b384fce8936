import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../../test/support/db.js';
import type { Store } from '../store/database.js';
import { seedDemoOrganisation } from '../org/seed.js';
import type { Actor } from '../org/model.js';
import { demoCatalogue, CONSTRUCTION_CODES } from './demo/index.js';
import { generateCatalogue } from './generate.js';
import { readCatalogue, writeCatalogue } from './files/index.js';
import {
  CatalogueError,
  compareVersions,
  departmentNames,
  getMatter,
  importCatalogueFile,
  importCatalogue,
  listMatters,
  listVersions,
  loadCatalogue,
  saveMatterVersion,
  seedDemoCatalogue,
  validationContext,
} from './store.js';

const targets = await dbTargets();

async function actor(store: Store, role: Actor['role'], departmentCode?: string, regionCode = '370883'): Promise<Actor> {
  const dept = departmentCode ? await store.db.selectFrom('departments').select('id').where('code', '=', departmentCode).executeTakeFirstOrThrow() : null;
  return { userId: 0, username: `${role}.test`, displayName: role, role, regionCode, departmentId: dept?.id ?? null };
}

const count = async (store: Store, table: 'matters' | 'matter_versions' | 'audit_log') =>
  Number(
    (
      await store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe.each(targets)('catalogue store on $name', (target) => {
  let store: Store;
  beforeAll(async () => {
    store = await target.open();
    await seedDemoOrganisation(store.db, 'demo-password-1');
  });
  afterAll(async () => {
    await store?.close();
  });

  it('seeds the demo catalogue once, after the organisation exists', async () => {
    expect(await seedDemoCatalogue(store.db)).toEqual({ seeded: true, matters: 15 });
    expect(await seedDemoCatalogue(store.db)).toEqual({ seeded: false, matters: 0 });
    expect(await count(store, 'matters')).toBe(15);
  });

  it('gives back exactly what was stored: export from the database then import is lossless', async () => {
    const reform = await actor(store, 'reform_office');
    const cat = await loadCatalogue(store.db, reform);
    expect(cat.matters).toEqual(demoCatalogue().matters);
    for (const format of ['xlsx', 'json'] as const) {
      const back = await readCatalogue(await writeCatalogue(cat, format), format, await validationContext(store.db));
      expect(back.catalogue).toEqual(cat);
    }
  });

  it('makes a new version only for matters that changed, with one audit row per import', async () => {
    const reform = await actor(store, 'reform_office');
    const auditBefore = await count(store, 'audit_log');
    const cat = demoCatalogue();
    expect(await importCatalogue(store.db, reform, cat)).toMatchObject({ created: 0, updated: 0, unchanged: 15 });
    cat.matters[0].promisedDays = 1;
    expect(await importCatalogue(store.db, reform, cat, { note: '压缩时限' })).toMatchObject({ created: 0, updated: 1, unchanged: 14 });
    const versions = await listVersions(store.db, reform, CONSTRUCTION_CODES.permit);
    expect(versions.map((v) => [v.version, v.stage, v.matter.promisedDays, v.note])).toEqual([
      [1, 'as_is', 2, '演示数据'],
      [2, 'as_is', 1, '压缩时限'],
    ]);
    expect(await count(store, 'audit_log')).toBe(auditBefore + 2);
    const last = await store.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(last.action).toBe('catalog.import');
    expect(last.after).toMatchObject({ updated: 1, createdCodes: [], changedCodes: [CONSTRUCTION_CODES.permit] });
    cat.matters[0].promisedDays = 2;
    await importCatalogue(store.db, reform, cat);
  });

  it('keeps the as-is version and adds a to-be version that compares side by side', async () => {
    const reform = await actor(store, 'reform_office');
    const asIs = (await getMatter(store.db, reform, CONSTRUCTION_CODES.permit)).asIs!;
    const redesign = structuredClone(asIs.matter);
    redesign.promisedDays = 0;
    redesign.steps = redesign.steps.filter((s) => s.kind !== 'stamp');
    redesign.steps.find((s) => s.id === 'S09')!.dependsOn = ['S07'];
    redesign.steps.find((s) => s.id === 'S09')!.needsResultOf = ['S07'];
    const saved = await saveMatterVersion(store.db, reform, redesign, { stage: 'to_be', note: '即时办结' });
    expect(saved.stage).toBe('to_be');
    const detail = await getMatter(store.db, reform, CONSTRUCTION_CODES.permit);
    expect(detail.asIs!.version).toBe(asIs.version);
    expect(detail.toBe!.version).toBe(saved.version);
    expect(detail.summary.asIs!.stamps).toBe(1);
    expect(detail.summary.toBe!.stamps).toBe(0);
    const { diff } = await compareVersions(store.db, reform, CONSTRUCTION_CODES.permit);
    expect(diff.fields).toEqual([{ field: 'promisedDays', before: 2, after: 0 }]);
    expect(diff.steps.filter((r) => r.status === 'removed').map((r) => r.key)).toEqual(['S08']);
    expect(diff.steps.find((r) => r.key === 'S09')?.changedFields).toEqual(['dependsOn', 'needsResultOf']);
    const broken = structuredClone(redesign);
    broken.steps[0].departmentCode = 'NOWHERE';
    await expect(saveMatterVersion(store.db, reform, broken, { stage: 'to_be' })).rejects.toMatchObject({ code: 'invalid' });
  });

  it('refuses an edit built on a version someone else has since replaced, keeping both saves apart', async () => {
    const reform = await actor(store, 'reform_office');
    const start = (await getMatter(store.db, reform, CONSTRUCTION_CODES.quality)).asIs!;
    const mine = structuredClone(start.matter);
    mine.visits = 1;
    const theirs = structuredClone(start.matter);
    theirs.promisedDays = 1;
    const first = await saveMatterVersion(store.db, reform, theirs, { baseVersion: start.version, note: '他人先保存' });
    await expect(saveMatterVersion(store.db, reform, mine, { baseVersion: start.version })).rejects.toMatchObject({ code: 'conflict' });
    const after = await getMatter(store.db, reform, CONSTRUCTION_CODES.quality);
    expect(after.asIs!.version).toBe(first.version); // the stale edit wrote nothing
    expect(after.asIs!.matter.promisedDays).toBe(1);
    const retried = await saveMatterVersion(store.db, reform, { ...after.asIs!.matter, visits: 1 }, { baseVersion: first.version });
    expect(retried.version).toBe(first.version + 1);
  });

  it('lists with search and filters, within the caller scope', async () => {
    const reform = await actor(store, 'reform_office');
    expect((await listMatters(store.db, reform)).total).toBe(15);
    expect((await listMatters(store.db, reform, { search: '施工许可' })).items.map((m) => m.code)).toEqual([CONSTRUCTION_CODES.permit]);
    expect((await listMatters(store.db, reform, { departmentCode: 'RSJ' })).items.map((m) => m.name)).toEqual(['农民工工资保证金存储备案', '社会保险单位参保登记']);
    expect((await listMatters(store.db, reform, { kind: 'licensing' })).total).toBe(2);
    const officer = await actor(store, 'department_officer', 'ZJJ');
    const own = await listMatters(store.db, officer);
    expect(own.total).toBe(7);
    expect(own.items.every((m) => m.departmentCode === 'ZJJ')).toBe(true);
    const elsewhere = await actor(store, 'reform_office', undefined, '370884');
    expect((await listMatters(store.db, elsewhere)).total).toBe(0);
    // It exists, outside the officer's department: the answer says so rather than "not found".
    await expect(getMatter(store.db, officer, CONSTRUCTION_CODES.permit)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(getMatter(store.db, officer, '370883-XX-404')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses what the caller may not do, writing nothing', async () => {
    const versions = await count(store, 'matter_versions');
    const audit = await count(store, 'audit_log');
    const officer = await actor(store, 'department_officer', 'ZJJ');
    const cat = demoCatalogue();
    cat.matters.forEach((m) => (m.visits += 1));
    await expect(importCatalogue(store.db, officer, cat)).rejects.toMatchObject({ code: 'forbidden' });
    const clerk = await actor(store, 'window_clerk', 'XZSP');
    await expect(importCatalogue(store.db, clerk, cat)).rejects.toMatchObject({ code: 'forbidden' });
    // an officer may change the own department's matters
    const zjj = { ...cat, matters: cat.matters.filter((m) => m.departmentCode === 'ZJJ') };
    expect(await importCatalogue(store.db, officer, zjj)).toMatchObject({ updated: 7 });
    expect(await count(store, 'matter_versions')).toBe(versions + 7);
    expect(await count(store, 'audit_log')).toBe(audit + 1);
  });

  it('rejects unknown departments in user imports and creates them only on the generator path', async () => {
    const reform = await actor(store, 'reform_office');
    const admin = await actor(store, 'admin');
    const cat = generateCatalogue({ matters: 300, departments: 40, seed: 3 });
    const before = await count(store, 'matters');
    const err = await importCatalogue(store.db, reform, cat).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CatalogueError);
    expect((err as CatalogueError).code).toBe('invalid');
    expect((err as CatalogueError).problems.map((p) => p.value)).toContain('D017');
    expect(await count(store, 'matters')).toBe(before);
    await expect(importCatalogue(store.db, reform, cat, { createDepartments: true })).rejects.toMatchObject({ code: 'forbidden' });
    const progress: number[] = [];
    const res = await importCatalogue(store.db, admin, cat, { createDepartments: true, onProgress: (done) => progress.push(done), batchSize: 100 });
    expect(res).toMatchObject({ created: 300, departmentsCreated: 24 });
    expect(progress).toEqual([100, 200, 300]);
    const back = await loadCatalogue(store.db, admin, { codes: cat.matters.map((m) => m.code) });
    expect(back.matters).toEqual(cat.matters);
  });

  it('resolves department names in a file against the organisation', async () => {
    const names = await departmentNames(store.db);
    expect(names.get('行政审批服务局')).toBe('XZSP');
    expect(names.get('邹城市行政审批服务局')).toBe('XZSP');
    const reform = await actor(store, 'reform_office');
    const cat = demoCatalogue();
    const csv = (await writeCatalogue(cat, 'csv')).toString('utf8').replace(/,XZSP,(\d)/g, ',邹城市行政审批服务局,$1');
    expect(csv).toContain('邹城市行政审批服务局');
    const r = await importCatalogueFile(store.db, reform, csv, 'list.csv', { dryRun: true });
    expect(r.problems).toEqual([]);
    expect(r.matters).toBe(15);
  });

  it('rejects an inconsistent catalogue as a whole', async () => {
    const reform = await actor(store, 'reform_office');
    const cat = demoCatalogue();
    cat.matters[1].visits = 9;
    cat.matters[2].steps[1].dependsOn = ['S77'];
    const versions = await count(store, 'matter_versions');
    const err = (await importCatalogue(store.db, reform, cat).catch((e: unknown) => e)) as CatalogueError;
    expect(err.code).toBe('invalid');
    expect(err.problems.map((p) => [p.column, p.value])).toEqual([
      ['S02.dependsOn', 'S77'],
      ['S02.needsResultOf', 'S01'],
    ]);
    expect(await count(store, 'matter_versions')).toBe(versions);
  });
  it('reads versions stored before materials had a post-decision check as unchecked (null), and a re-import of them as unchanged', async () => {
    const reform = await actor(store, 'reform_office');
    const code = CONSTRUCTION_CODES.safety;
    const row = await store.db.selectFrom('matters').select(['id', 'latest_version']).where('code', '=', code).executeTakeFirstOrThrow();
    const stored = await store.db
      .selectFrom('matter_versions')
      .select('document')
      .where('matter_id', '=', row.id)
      .where('version', '=', row.latest_version)
      .executeTakeFirstOrThrow();
    const old = (typeof stored.document === 'string' ? JSON.parse(stored.document) : stored.document) as { materials: Array<Record<string, unknown>> };
    for (const x of old.materials) delete x.postDecisionCheck; // as written before the field existed
    await store.db
      .updateTable('matter_versions')
      .set({ document: JSON.stringify(old) })
      .where('matter_id', '=', row.id)
      .where('version', '=', row.latest_version)
      .execute();

    const cat = await loadCatalogue(store.db, reform, { codes: [code], stage: 'latest' });
    expect(cat.matters[0].materials.map((x) => x.postDecisionCheck)).toEqual(old.materials.map(() => null));
    const version = (await listVersions(store.db, reform, code)).at(-1)!;
    expect(version.matter).toEqual(cat.matters[0]);
    expect(await importCatalogue(store.db, reform, cat, { stage: version.stage })).toMatchObject({ updated: 0, unchanged: 1 });
  });
});
