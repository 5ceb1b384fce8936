// Importing a whole catalogue (an object or a spreadsheet file): everything checked first,
// then one new version per changed matter in one transaction with one audit row; a dry run
// does it all and rolls it back. Also the demo catalogue on first start.
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/trail.js';
import type { Actor } from '../../org/model.js';
import { SYSTEM_ACTOR } from '../../org/model.js';
import { departmentRestriction, regionVisible } from '../../org/scope.js';
import type { Database } from '../../store/schema.js';
import { completeMatter } from '../build.js';
import { demoCatalogue } from '../demo/index.js';
import type { ImportProblem } from '../files/tabular.js';
import { readCatalogueFile } from '../files/index.js';
import type { Catalogue, Matter, VersionStage } from '../model.js';
import { validateCatalogue } from '../validate.js';
import { loadDictionaries, mergeDictionaries, saveDictionaries } from '../dictionary-store.js';
import { deepEqual } from '../versions.js';
import { removalsOf, type Removal } from '../removals.js';
import { CatalogueError } from './errors.js';
import { inTransaction } from './tables.js';
import { assertDepartmentInScope, assertWriter, departmentNames, departmentsByCode, validationContext } from './departments.js';
import { problemsOf, versionRow } from './versions.js';

export interface ImportOptions {
  /** Create departments the catalogue lists but the database lacks (demo and generator path). */
  createDepartments?: boolean;
  stage?: VersionStage;
  note?: string;
  /** Called after each batch with matters written so far. */
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
  /**
   * Confirms that matters may lose every step, material or legal basis they have. Without it
   * such an import is refused with the list of removals (a truncated file looks like this).
   */
  allowRemovals?: boolean;
  /** Runs every check and write of the import, then rolls it back: the answer is what the import would do. */
  dryRun?: boolean;
}

/** Thrown inside a dry run's transaction to roll it back, carrying what the import would have done. */
class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

export interface ImportResult {
  matters: number;
  created: number;
  updated: number;
  unchanged: number;
  departmentsCreated: number;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Writes a catalogue: one new version per matter whose content changed (unchanged matters
 * keep their version), all in one transaction with one audit row. Checks everything first;
 * nothing is written when anything is wrong.
 */
export async function importCatalogue(db: Kysely<Database>, actor: Actor, cat: Catalogue, options: ImportOptions = {}): Promise<ImportResult> {
  try {
    return await importCatalogueOnce(db, actor, cat, options);
  } catch (err) {
    if (err instanceof DryRunRollback) return err.result;
    if ((err as { code?: string }).code === '23505') {
      throw new CatalogueError('conflict', { zh: '另一项导入同时写入了相同的事项，请重新导入', en: 'another import wrote the same matters at the same time; import again' });
    }
    throw err;
  }
}

async function importCatalogueOnce(db: Kysely<Database>, actor: Actor, cat: Catalogue, options: ImportOptions): Promise<ImportResult> {
  assertWriter(actor);
  const stage = options.stage ?? 'as_is';
  const note = options.note ?? '';
  const batch = options.batchSize ?? 250;
  // A dry run rolls its own transaction back; inside a caller's it would roll back theirs.
  if (options.dryRun && db.isTransaction) throw new Error('a dry-run import needs its own transaction');

  return inTransaction(db, async (trx) => {
    // Departments: resolve, or create the missing ones when allowed.
    const listed = new Map(cat.departments.map((d) => [d.code, d]));
    const known = await departmentsByCode(trx);
    let departmentsCreated = 0;
    const missing = [...listed.values()].filter((d) => !known.has(d.code));
    if (missing.length > 0) {
      if (!options.createDepartments) {
        throw new CatalogueError(
          'invalid',
          {
            zh: `以下部门不存在，请先在组织机构中建立：${missing.map((d) => d.code).join('、')}`,
            en: `unknown departments; create them in the organisation first: ${missing.map((d) => d.code).join(', ')}`,
          },
          missing.map((d) => ({ sheet: 'departments', row: 0, column: 'code', value: d.code, reason: { zh: '部门不存在', en: 'unknown department' } })),
        );
      }
      if (actor.role !== 'admin')
        throw new CatalogueError('forbidden', { zh: '只有系统管理员可以随清单新建部门', en: 'only administrators may create departments with a catalogue' });
      for (const d of missing) {
        if (!regionVisible(actor, d.regionCode))
          throw new CatalogueError('forbidden', { zh: `部门 ${d.code} 不在您的管辖区域内`, en: `department ${d.code} is outside your region` });
        const region = await trx.selectFrom('regions').select('code').where('code', '=', d.regionCode).executeTakeFirst();
        if (!region) throw new CatalogueError('invalid', { zh: `区划 ${d.regionCode} 不存在`, en: `region ${d.regionCode} does not exist` });
        const row = await trx
          .insertInto('departments')
          .values({ code: d.code, name: d.name, region_code: d.regionCode } as never)
          .returning(['id', 'code', 'name', 'region_code'])
          .executeTakeFirstOrThrow();
        known.set(row.code, { id: row.id, code: row.code, name: row.name, regionCode: row.region_code });
        departmentsCreated++;
      }
    }

    const existingCodes = new Set<string>();
    for (const part of chunks(
      cat.matters.map((m) => m.code),
      1000,
    )) {
      if (part.length === 0) continue;
      for (const r of await trx.selectFrom('matters').select('code').where('code', 'in', part).execute()) existingCodes.add(r.code);
    }
    const prereqCodes = new Set(cat.matters.flatMap((m) => [...m.prerequisites.map((p) => p.matterCode), ...m.materials.map((x) => x.source.matterCode ?? '')]));
    const otherCodes = new Set<string>();
    const wanted = [...prereqCodes].filter((c) => c !== '');
    for (const part of chunks(wanted, 1000)) for (const r of await trx.selectFrom('matters').select('code').where('code', 'in', part).execute()) otherCodes.add(r.code);
    // The region's dictionary entries, the file's own over them: the matters may refer to either.
    const fileDictionaries = cat.dictionaries;
    const storedDictionaries = await loadDictionaries(trx, cat.regionCode);
    const merged = mergeDictionaries(storedDictionaries, fileDictionaries);
    const issues = validateCatalogue({ ...cat, dictionaries: merged }, { departments: new Map([...known.values()].map((d) => [d.code, d.regionCode])), matterCodes: otherCodes });
    if (issues.length > 0) throw new CatalogueError('invalid', { zh: `清单有 ${issues.length} 处问题`, en: `${issues.length} problem(s) in the catalogue` }, problemsOf(issues));
    if (fileDictionaries && (fileDictionaries.materials.length || fileDictionaries.fields.length)) {
      if (!regionVisible(actor, cat.regionCode))
        throw new CatalogueError('forbidden', { zh: `区划 ${cat.regionCode} 不在您的管辖区域内`, en: `region ${cat.regionCode} is outside your region` });
      await saveDictionaries(trx, cat.regionCode, fileDictionaries, actor.username);
    }

    for (const m of cat.matters) assertDepartmentInScope(actor, known.get(m.departmentCode)!);

    // Existing matters and their current version of this stage, to skip unchanged ones.
    const existing = new Map<string, { id: number; latest: number; current: number | null; departmentId: number }>();
    for (const part of chunks([...existingCodes], 1000)) {
      const rows = await trx
        .selectFrom('matters')
        .select(['id', 'code', 'latest_version', 'as_is_version', 'to_be_version', 'department_id', 'region_code'])
        .where('code', 'in', part)
        .execute();
      for (const r of rows) {
        if (!regionVisible(actor, r.region_code)) throw new CatalogueError('forbidden', { zh: `事项 ${r.code} 属于其他区域`, en: `matter ${r.code} belongs to another region` });
        const only = departmentRestriction(actor);
        if (only !== null && only !== r.department_id)
          throw new CatalogueError('forbidden', { zh: `事项 ${r.code} 属于其他部门`, en: `matter ${r.code} belongs to another department` });
        existing.set(r.code, { id: r.id, latest: r.latest_version, current: stage === 'as_is' ? r.as_is_version : r.to_be_version, departmentId: r.department_id });
      }
    }
    const currentDocs = new Map<number, Matter>();
    const withCurrent = [...existing.values()].filter((e) => e.current !== null);
    for (const part of chunks(withCurrent, 500)) {
      const rows = await trx
        .selectFrom('matter_versions')
        .select(['matter_id', 'document'])
        .where((eb) => eb.or(part.map((e) => eb.and([eb('matter_id', '=', e.id), eb('version', '=', e.current!)]))))
        .execute();
      for (const r of rows) currentDocs.set(r.matter_id, completeMatter((typeof r.document === 'string' ? JSON.parse(r.document) : r.document) as Matter));
    }

    const removals: Removal[] = [];
    for (const m of cat.matters) {
      const e = existing.get(m.code);
      const before = e ? currentDocs.get(e.id) : undefined;
      if (before) removals.push(...removalsOf(before, m));
    }
    if (removals.length > 0 && !options.allowRemovals) {
      const matters = new Set(removals.map((r) => r.matterCode)).size;
      throw new CatalogueError(
        'conflict',
        {
          zh: `导入将删除 ${matters} 个事项的全部办理环节、申请材料或设定依据（共 ${removals.length} 处）；文件可能不完整。确认删除请使用 --allow-removals（接口：allowRemovals）`,
          en: `the import would remove every step, material or legal basis of ${matters} matter(s) (${removals.length} removal(s)); the file may be truncated. To confirm, use --allow-removals (API: allowRemovals)`,
        },
        [],
        removals,
      );
    }

    const result: ImportResult = { matters: cat.matters.length, created: 0, updated: 0, unchanged: 0, departmentsCreated };
    const total = cat.matters.length;
    let done = 0;
    const createdCodes: string[] = [];
    const changedCodes: string[] = [];
    for (const part of chunks(cat.matters, batch)) {
      const fresh = part.filter((m) => !existing.has(m.code));
      const changed = part.filter((m) => {
        const e = existing.get(m.code);
        if (!e) return false;
        const same = deepEqual(currentDocs.get(e.id), m);
        if (same) result.unchanged++;
        return !same;
      });
      const ids = new Map<string, number>();
      if (fresh.length > 0) {
        const rows = await trx
          .insertInto('matters')
          .values(
            fresh.map((m) => {
              const d = known.get(m.departmentCode)!;
              return {
                region_code: d.regionCode,
                code: m.code,
                name: m.name,
                kind: m.kind,
                department_id: d.id,
                latest_version: 1,
                as_is_version: stage === 'as_is' ? 1 : null,
                to_be_version: stage === 'to_be' ? 1 : null,
              };
            }),
          )
          .returning(['id', 'code'])
          .execute();
        for (const r of rows) ids.set(r.code, r.id);
      }
      const versions = [
        ...fresh.map((m) => {
          const d = known.get(m.departmentCode)!;
          return versionRow(ids.get(m.code)!, d.regionCode, d.id, 1, stage, m, actor.username, note);
        }),
        ...changed.map((m) => {
          const d = known.get(m.departmentCode)!;
          const e = existing.get(m.code)!;
          return versionRow(e.id, d.regionCode, d.id, e.latest + 1, stage, m, actor.username, note);
        }),
      ];
      if (versions.length > 0) await trx.insertInto('matter_versions').values(versions).execute();
      for (const m of changed) {
        const d = known.get(m.departmentCode)!;
        const e = existing.get(m.code)!;
        await trx
          .updateTable('matters')
          .set({
            name: m.name,
            kind: m.kind,
            department_id: d.id,
            region_code: d.regionCode,
            latest_version: e.latest + 1,
            ...(stage === 'as_is' ? { as_is_version: e.latest + 1 } : { to_be_version: e.latest + 1 }),
            updated_at: new Date(),
          })
          .where('id', '=', e.id)
          .execute();
      }
      result.created += fresh.length;
      result.updated += changed.length;
      createdCodes.push(...fresh.map((m) => m.code));
      changedCodes.push(...changed.map((m) => m.code));
      done += part.length;
      options.onProgress?.(done, total);
    }

    await recordAudit(trx, {
      actor,
      action: 'catalog.import',
      entity: 'catalogue',
      entityId: cat.regionCode,
      regionCode: cat.regionCode || actor.regionCode,
      after: {
        stage,
        note,
        ...result,
        createdCodes,
        changedCodes,
        ...(removals.length > 0 ? { removals: removals.map(({ matterCode, kind, count }) => ({ matterCode, kind, count })) } : {}),
      },
    });
    if (options.dryRun) throw new DryRunRollback(result);
    return result;
  });
}

export interface FileImportResult {
  /** Every problem found, with sheet, row, column, value and reason; empty when imported. */
  problems: ImportProblem[];
  /** null when there were problems (nothing was written); on a dry run, what the import would do. */
  result: ImportResult | null;
  matters: number;
}

/**
 * A catalogue file (format by the name's extension) into the database: read and check it
 * against what exists (departments must exist unless createDepartments), then import it
 * all or nothing. dryRun runs the whole import, checks included, and rolls it back.
 */
export async function importCatalogueFile(
  db: Kysely<Database>,
  actor: Actor,
  data: Buffer | Uint8Array | string,
  fileName: string,
  options: ImportOptions = {},
): Promise<FileImportResult> {
  assertWriter(actor);
  const ctx = await validationContext(db);
  // A file without a region (a plain matters CSV) belongs to the caller's region, or to the one top region.
  let regionCode = actor.regionCode || undefined;
  if (!regionCode) {
    const roots = await db.selectFrom('regions').select('code').where('parent_code', 'is', null).execute();
    if (roots.length === 1) regionCode = roots[0].code;
  }
  const read = await readCatalogueFile(data, fileName, { ...ctx, allowNewDepartments: options.createDepartments === true, regionCode, departmentNames: await departmentNames(db) });
  if (!read.catalogue) return { problems: read.problems, result: null, matters: 0 };
  // A dry run goes through the whole import (permissions, scope, removals) and rolls it back.
  const result = await importCatalogue(db, actor, read.catalogue, options);
  return { problems: [], result, matters: read.catalogue.matters.length };
}

/**
 * Loads the demo catalogue (construction case and business start-up) once the demo
 * organisation exists. Idempotent: does nothing when any demo matter is there already.
 */
export async function seedDemoCatalogue(db: Kysely<Database>): Promise<{ seeded: boolean; matters: number }> {
  const cat = demoCatalogue();
  const present = await db
    .selectFrom('matters')
    .select('code')
    .where(
      'code',
      'in',
      cat.matters.map((m) => m.code),
    )
    .executeTakeFirst();
  if (present) return { seeded: false, matters: 0 };
  const r = await importCatalogue(db, SYSTEM_ACTOR, cat, { createDepartments: true, note: '演示数据' });
  return { seeded: true, matters: r.created };
}
