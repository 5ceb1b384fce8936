// The catalogue in the database: matters and their versions (each the whole matter as a
// jsonb document, beside the columns lists and filters query by). Every command checks the
// caller's scope (region subtree; department officers only their department), writes in
// one transaction and appends its audit row in it.
import { sql, type Generated, type Kysely } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import type { Actor, Role } from '../org/model.js';
import { CAPABILITIES } from '../org/capabilities.js';
import { SYSTEM_ACTOR } from '../org/model.js';
import { departmentRestriction, outOfScopeMessage, regionPattern, regionVisible } from '../org/scope.js';
import type { Database } from '../store/schema.js';
import type {} from '../org/store.js'; // regions and departments tables
import { completeMatter } from './build.js';
import { demoCatalogue } from './demo/index.js';
import type { ImportProblem } from './files/tabular.js';
import { readCatalogue, readCatalogueFile } from './files/index.js';
import type { Catalogue, CatalogueDepartment, CatalogueDictionaries, Matter, MatterFigures, MatterKind, MatterVersion, VersionStage } from './model.js';
import { validateCatalogue, type Reason, type ValidationContext } from './validate.js';
import { loadDictionaries, mergeDictionaries, saveDictionaries } from './dictionary-store.js';
import { deepEqual, diffMatters, type MatterDiff } from './versions.js';
import { matterFigures } from './figures.js';
import { removalsOf, type Removal } from './removals.js';
import { shanghaiIso } from '../shared/time.js';

export interface MattersTable {
  id: Generated<number>;
  region_code: string;
  code: string;
  name: string;
  kind: string;
  department_id: number;
  latest_version: number;
  as_is_version: number | null;
  to_be_version: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MatterVersionsTable {
  id: Generated<number>;
  region_code: string;
  matter_id: number;
  version: number;
  stage: VersionStage;
  document: unknown;
  name: string;
  kind: string;
  department_id: number;
  statutory_days: number | null;
  promised_days: number;
  visits: number;
  materials: number;
  materials_to_submit: number;
  steps: number;
  departments: number;
  stamps: number;
  countersigns: number;
  critical_path_days: number;
  note: Generated<string>;
  created_by: string;
  created_at: Generated<Date>;
}

declare module '../store/schema.js' {
  interface Database {
    matters: MattersTable;
    matter_versions: MatterVersionsTable;
  }
}

export type CatalogueErrorCode = 'forbidden' | 'not_found' | 'invalid' | 'conflict';

/** What the HTTP layer maps to a status (403, 404, 422, 409) and the CLI prints. */
export class CatalogueError extends Error {
  constructor(
    readonly code: CatalogueErrorCode,
    readonly reason: Reason,
    readonly problems: ImportProblem[] = [],
    /** A `conflict` with the file as confirmed: what the import would take away (it needs allowRemovals). */
    readonly removals: Removal[] = [],
  ) {
    super(reason.en);
    this.name = 'CatalogueError';
  }
}

const WRITERS = new Set<Role>(CAPABILITIES.catalogueWrite.roles);

/** Runs fn in the caller's transaction when there is one (e.g. the analyzer's "apply fix"), else in a new one. */
export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

// ---------------------------------------------------------------------------------
// Departments

export interface DepartmentRef {
  id: number;
  code: string;
  name: string;
  regionCode: string;
}

export async function departmentsByCode(db: Kysely<Database>, codes?: Iterable<string>): Promise<Map<string, DepartmentRef>> {
  let q = db.selectFrom('departments').select(['id', 'code', 'name', 'region_code']);
  const list = codes ? [...new Set(codes)] : null;
  if (list && list.length === 0) return new Map();
  if (list) q = q.where('code', 'in', list);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.code, { id: r.id, code: r.code, name: r.name, regionCode: r.region_code }]));
}

/** What a file's references may resolve against: the departments and matters that exist. */
export async function validationContext(db: Kysely<Database>): Promise<ValidationContext> {
  const deps = await db.selectFrom('departments').select(['code', 'region_code']).execute();
  const matters = await db.selectFrom('matters').select('code').execute();
  return { departments: new Map(deps.map((d) => [d.code, d.region_code])), matterCodes: new Set(matters.map((m) => m.code)) };
}

/**
 * Department names a spreadsheet may write instead of codes: the name (行政审批服务局) and the
 * name after its region's (邹城市行政审批服务局). A name two departments share is left out.
 */
export async function departmentNames(db: Kysely<Database>): Promise<Map<string, string>> {
  const rows = await db.selectFrom('departments as d').innerJoin('regions as r', 'r.code', 'd.region_code').select(['d.code', 'd.name', 'r.name as region_name']).execute();
  const seen = new Map<string, string | null>();
  const put = (name: string, code: string) => seen.set(name, seen.has(name) && seen.get(name) !== code ? null : code);
  for (const r of rows) {
    put(r.name, r.code);
    put(`${r.region_name}${r.name}`, r.code);
  }
  return new Map([...seen].filter((e): e is [string, string] => e[1] !== null));
}

/** The departments and matters one matter refers to, as far as they exist (cheaper than the whole context). */
async function referenceContext(db: Kysely<Database>, m: Matter): Promise<ValidationContext> {
  const deps = new Set<string>([m.departmentCode, ...m.steps.map((s) => s.departmentCode)]);
  for (const x of m.materials) if (x.source.departmentCode) deps.add(x.source.departmentCode);
  const codes = [...new Set([...m.prerequisites.map((p) => p.matterCode), ...m.materials.flatMap((x) => (x.source.matterCode ? [x.source.matterCode] : []))])];
  const departments = await departmentsByCode(db, deps);
  const found = codes.length === 0 ? [] : await db.selectFrom('matters').select('code').where('code', 'in', codes).execute();
  return { departments: new Map([...departments.values()].map((d) => [d.code, d.regionCode])), matterCodes: new Set(found.map((r) => r.code)) };
}

function assertWriter(actor: Actor): void {
  if (!WRITERS.has(actor.role)) throw new CatalogueError('forbidden', { zh: '无权修改事项清单', en: 'not allowed to change the catalogue' });
}

function assertDepartmentInScope(actor: Actor, dept: DepartmentRef): void {
  if (!regionVisible(actor, dept.regionCode)) {
    throw new CatalogueError('forbidden', { zh: `部门 ${dept.code} 不在您的管辖区域内`, en: `department ${dept.code} is outside your region` });
  }
  const only = departmentRestriction(actor);
  if (only !== null && only !== dept.id) {
    throw new CatalogueError('forbidden', {
      zh: `部门审批人员只能维护本部门的事项（${dept.code}）`,
      en: `department officers may only change their own department's matters (${dept.code})`,
    });
  }
}

// ---------------------------------------------------------------------------------
// Import and versions

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

function versionRow(matterId: number, regionCode: string, departmentId: number, version: number, stage: VersionStage, m: Matter, by: string, note: string) {
  const f = matterFigures(m);
  return {
    region_code: regionCode,
    matter_id: matterId,
    version,
    stage,
    document: JSON.stringify(m),
    name: m.name,
    kind: m.kind,
    department_id: departmentId,
    statutory_days: m.statutoryDays,
    promised_days: m.promisedDays,
    visits: m.visits,
    materials: f.materials,
    materials_to_submit: f.materialsToSubmit,
    steps: f.steps,
    departments: f.departments,
    stamps: f.stamps,
    countersigns: f.countersigns,
    critical_path_days: f.criticalPathDays,
    note,
    created_by: by,
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function problemsOf(issues: ReturnType<typeof validateCatalogue>): ImportProblem[] {
  return issues.map((i) => {
    const t = i.target as { code?: string; id?: string; key?: string; matterCode?: string; document?: string };
    const row = t.code ?? t.id ?? t.key ?? t.matterCode ?? t.document ?? '';
    return { sheet: 'matters', row: 0, column: row ? `${row}.${i.field}` : i.field, value: i.value === null || i.value === undefined ? '' : String(i.value), reason: i.reason };
  });
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
 * Saves a matter that arrives as untrusted JSON (the API): every property is checked as an
 * import checks it, problems located by path, before it becomes a new version.
 */
export async function saveMatterDocument(db: Kysely<Database>, actor: Actor, raw: unknown, options: SaveVersionOptions = {}): Promise<MatterVersion> {
  assertWriter(actor);
  const read = await readCatalogue(JSON.stringify({ regionCode: '00', departments: [], matters: [raw] }), 'json', await validationContext(db));
  if (!read.catalogue) throw new CatalogueError('invalid', { zh: `事项有 ${read.problems.length} 处问题`, en: `${read.problems.length} problem(s) in the matter` }, read.problems);
  return saveMatterVersion(db, actor, read.catalogue.matters[0], options);
}

export interface SaveVersionOptions {
  stage?: VersionStage;
  note?: string;
  /**
   * The latest version the editor started from. When another save came in between, the
   * save is refused as a conflict instead of silently building on a version the editor never saw.
   */
  baseVersion?: number;
}

/** Saves one matter as a new version (an edit, or a redesign as the to-be version). */
export async function saveMatterVersion(db: Kysely<Database>, actor: Actor, matter: Matter, options: SaveVersionOptions = {}): Promise<MatterVersion> {
  assertWriter(actor);
  const stage = options.stage ?? 'as_is';
  return inTransaction(db, async (trx) => {
    const ctx = await referenceContext(trx, matter);
    const dept0 = (await departmentsByCode(trx, [matter.departmentCode])).get(matter.departmentCode);
    const dictionaries = dept0 ? await loadDictionaries(trx, dept0.regionCode) : undefined;
    const issues = validateCatalogue({ regionCode: '', departments: [], matters: [matter], dictionaries }, ctx).filter((i) => i.field !== 'regionCode');
    if (issues.length > 0) throw new CatalogueError('invalid', { zh: `事项有 ${issues.length} 处问题`, en: `${issues.length} problem(s) in the matter` }, problemsOf(issues));
    const dept = (await departmentsByCode(trx, [matter.departmentCode])).get(matter.departmentCode)!;
    assertDepartmentInScope(actor, dept);
    const row = await trx.selectFrom('matters').selectAll().where('code', '=', matter.code).forUpdate().executeTakeFirst();
    let matterId: number;
    let version: number;
    let before: unknown = null;
    if (row) {
      if (!regionVisible(actor, row.region_code)) throw new CatalogueError('forbidden', outOfScopeMessage({ zh: '事项', en: 'matter' }, matter.code));
      const only = departmentRestriction(actor);
      if (only !== null && only !== row.department_id)
        throw new CatalogueError('forbidden', { zh: `事项 ${matter.code} 属于其他部门`, en: `matter ${matter.code} belongs to another department` });
      if (options.baseVersion !== undefined && options.baseVersion !== row.latest_version) {
        throw new CatalogueError('conflict', {
          zh: `事项 ${matter.code} 已被他人修改（您基于第 ${options.baseVersion} 版，最新为第 ${row.latest_version} 版），请刷新后重新修改`,
          en: `matter ${matter.code} was changed by someone else (you edited version ${options.baseVersion}, the latest is ${row.latest_version}); reload and edit again`,
        });
      }
      matterId = row.id;
      version = row.latest_version + 1;
      before = { version: row.latest_version, asIs: row.as_is_version, toBe: row.to_be_version };
      await trx
        .updateTable('matters')
        .set({
          name: matter.name,
          kind: matter.kind,
          department_id: dept.id,
          region_code: dept.regionCode,
          latest_version: version,
          ...(stage === 'as_is' ? { as_is_version: version } : { to_be_version: version }),
          updated_at: new Date(),
        })
        .where('id', '=', row.id)
        .execute();
    } else {
      version = 1;
      const inserted = await trx
        .insertInto('matters')
        .values({
          region_code: dept.regionCode,
          code: matter.code,
          name: matter.name,
          kind: matter.kind,
          department_id: dept.id,
          latest_version: 1,
          as_is_version: stage === 'as_is' ? 1 : null,
          to_be_version: stage === 'to_be' ? 1 : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      matterId = inserted.id;
    }
    const vrow = versionRow(matterId, dept.regionCode, dept.id, version, stage, matter, actor.username, options.note ?? '');
    const saved = await trx.insertInto('matter_versions').values(vrow).returning(['created_at']).executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      action: 'catalog.version',
      entity: 'matter',
      entityId: matter.code,
      regionCode: dept.regionCode,
      before,
      after: { version, stage, note: options.note ?? '' },
    });
    return {
      matterCode: matter.code,
      version,
      stage,
      createdAt: shanghaiIso(new Date(saved.created_at)),
      createdBy: actor.username,
      note: options.note ?? '',
      matter: structuredClone(matter),
    };
  });
}

// ---------------------------------------------------------------------------------
// Reading

export interface MatterSummary {
  code: string;
  name: string;
  kind: MatterKind;
  departmentCode: string;
  departmentName: string;
  regionCode: string;
  latestVersion: number;
  asIsVersion: number | null;
  toBeVersion: number | null;
  asIs: MatterFigures | null;
  toBe: MatterFigures | null;
  updatedAt: string;
}

export interface ListQuery {
  search?: string;
  /** Only these matter codes. */
  codes?: string[];
  departmentCode?: string;
  kind?: MatterKind;
  limit?: number;
  offset?: number;
}

function scoped<Q extends { where: (...args: never[]) => Q }>(q: Q, actor: Actor, regionColumn: string, departmentColumn: string): Q {
  let out = (q as unknown as { where: (a: string, op: string, b: unknown) => Q }).where(regionColumn, 'like', regionPattern(actor));
  const only = departmentRestriction(actor);
  if (only !== null) out = (out as unknown as { where: (a: string, op: string, b: unknown) => Q }).where(departmentColumn, '=', only);
  return out;
}

function figuresOf(r: Record<string, unknown>, prefix: string): MatterFigures | null {
  if (r[`${prefix}_materials`] === null || r[`${prefix}_materials`] === undefined) return null;
  const n = (k: string) => Number(r[`${prefix}_${k}`]);
  return {
    materials: n('materials'),
    materialsToSubmit: n('materials_to_submit'),
    steps: n('steps'),
    departments: n('departments'),
    stamps: n('stamps'),
    countersigns: n('countersigns'),
    visits: n('visits'),
    promisedDays: n('promised_days'),
    criticalPathDays: n('critical_path_days'),
  };
}

const FIGURE_COLUMNS = ['materials', 'materials_to_submit', 'steps', 'departments', 'stamps', 'countersigns', 'visits', 'promised_days', 'critical_path_days'] as const;

export async function listMatters(db: Kysely<Database>, actor: Actor, query: ListQuery = {}): Promise<{ total: number; items: MatterSummary[] }> {
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 1000);
  const offset = Math.max(query.offset ?? 0, 0);
  let base = db.selectFrom('matters as m').innerJoin('departments as d', 'd.id', 'm.department_id');
  base = scoped(base, actor, 'm.region_code', 'm.department_id');
  if (query.departmentCode) base = base.where('d.code', '=', query.departmentCode);
  if (query.kind) base = base.where('m.kind', '=', query.kind);
  if (query.codes) base = query.codes.length === 0 ? base.where(sql<boolean>`false`) : base.where('m.code', 'in', query.codes);
  if (query.search && query.search.trim() !== '') {
    const pattern = `%${query.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb('m.name', 'ilike', pattern), eb('m.code', 'ilike', pattern)]));
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base
    .leftJoin('matter_versions as a', (j) => j.onRef('a.matter_id', '=', 'm.id').onRef('a.version', '=', 'm.as_is_version'))
    .leftJoin('matter_versions as t', (j) => j.onRef('t.matter_id', '=', 'm.id').onRef('t.version', '=', 'm.to_be_version'))
    .select([
      'm.code',
      'm.name',
      'm.kind',
      'm.region_code',
      'm.latest_version',
      'm.as_is_version',
      'm.to_be_version',
      'm.updated_at',
      'd.code as department_code',
      'd.name as department_name',
    ])
    .select(FIGURE_COLUMNS.map((c) => sql.ref(`a.${c}`).as(`a_${c}`)))
    .select(FIGURE_COLUMNS.map((c) => sql.ref(`t.${c}`).as(`t_${c}`)))
    .orderBy('m.code')
    .limit(limit)
    .offset(offset)
    .execute();
  return {
    total,
    items: rows.map((r) => {
      const rec = r as unknown as Record<string, unknown>;
      return {
        code: r.code,
        name: r.name,
        kind: r.kind as MatterKind,
        departmentCode: r.department_code,
        departmentName: r.department_name,
        regionCode: r.region_code,
        latestVersion: r.latest_version,
        asIsVersion: r.as_is_version,
        toBeVersion: r.to_be_version,
        asIs: figuresOf(rec, 'a'),
        toBe: figuresOf(rec, 't'),
        updatedAt: shanghaiIso(new Date(r.updated_at)),
      };
    }),
  };
}

async function matterRow(db: Kysely<Database>, actor: Actor, code: string) {
  let q = db.selectFrom('matters').selectAll().where('code', '=', code);
  q = scoped(q, actor, 'region_code', 'department_id');
  const row = await q.executeTakeFirst();
  if (!row) {
    const exists = await db.selectFrom('matters').select('id').where('code', '=', code).executeTakeFirst();
    if (exists) throw new CatalogueError('forbidden', outOfScopeMessage({ zh: '事项', en: 'matter' }, code));
    throw new CatalogueError('not_found', { zh: `事项 ${code} 不存在`, en: `matter ${code} not found` });
  }
  return row;
}

function toVersion(code: string, r: { version: number; stage: VersionStage; document: unknown; created_at: Date; created_by: string; note: string }): MatterVersion {
  const doc = completeMatter(typeof r.document === 'string' ? (JSON.parse(r.document) as Matter) : (r.document as Matter));
  return { matterCode: code, version: r.version, stage: r.stage, createdAt: shanghaiIso(new Date(r.created_at)), createdBy: r.created_by, note: r.note, matter: doc };
}

export async function listVersions(db: Kysely<Database>, actor: Actor, code: string): Promise<MatterVersion[]> {
  const m = await matterRow(db, actor, code);
  const rows = await db
    .selectFrom('matter_versions')
    .select(['version', 'stage', 'document', 'created_at', 'created_by', 'note'])
    .where('matter_id', '=', m.id)
    .orderBy('version')
    .execute();
  return rows.map((r) => toVersion(code, r));
}

export async function getVersion(db: Kysely<Database>, actor: Actor, code: string, version: number | 'as_is' | 'to_be' | 'latest'): Promise<MatterVersion> {
  const m = await matterRow(db, actor, code);
  const n = version === 'as_is' ? m.as_is_version : version === 'to_be' ? m.to_be_version : version === 'latest' ? m.latest_version : version;
  const r =
    n === null
      ? undefined
      : await db
          .selectFrom('matter_versions')
          .select(['version', 'stage', 'document', 'created_at', 'created_by', 'note'])
          .where('matter_id', '=', m.id)
          .where('version', '=', n)
          .executeTakeFirst();
  if (!r) throw new CatalogueError('not_found', { zh: `事项 ${code} 没有版本 ${String(version)}`, en: `matter ${code} has no version ${String(version)}` });
  return toVersion(code, r);
}

export interface MatterDetail {
  summary: MatterSummary;
  asIs: MatterVersion | null;
  toBe: MatterVersion | null;
  /** The catalogue's own dictionary entries (its region and above) the matter's materials and fields use. */
  dictionaries: CatalogueDictionaries;
}

export async function getMatter(db: Kysely<Database>, actor: Actor, code: string): Promise<MatterDetail> {
  const m = await matterRow(db, actor, code);
  const summary = (await listMatters(db, actor, { codes: [code], limit: 1 })).items[0];
  const asIs = m.as_is_version === null ? null : await getVersion(db, actor, code, m.as_is_version);
  const toBe = m.to_be_version === null ? null : await getVersion(db, actor, code, m.to_be_version);
  const versions = [asIs, toBe].filter((v): v is MatterVersion => v !== null);
  const materialIds = new Set(versions.flatMap((v) => v.matter.materials.map((x) => x.canonicalId)));
  const fieldIds = new Set(versions.flatMap((v) => v.matter.formFields.map((f) => f.canonicalKey)));
  const all = await loadDictionaries(db, m.region_code);
  const dictionaries = { materials: all.materials.filter((d) => materialIds.has(d.id)), fields: all.fields.filter((d) => fieldIds.has(d.id)) };
  return { summary, asIs, toBe, dictionaries };
}

/** Side-by-side comparison of two versions of a matter (default: as-is against to-be). */
export async function compareVersions(
  db: Kysely<Database>,
  actor: Actor,
  code: string,
  a: number | 'as_is' | 'to_be' = 'as_is',
  b: number | 'as_is' | 'to_be' = 'to_be',
): Promise<{ before: MatterVersion; after: MatterVersion; diff: MatterDiff }> {
  const before = await getVersion(db, actor, code, a);
  const after = await getVersion(db, actor, code, b);
  return { before, after, diff: diffMatters(before.matter, after.matter) };
}

export interface LoadOptions {
  /** as_is (default), to_be (falling back to as-is where no redesign exists yet) or latest. */
  stage?: 'as_is' | 'to_be' | 'latest';
  departmentCode?: string;
  codes?: string[];
}

/** The catalogue the caller may see, as files and the analyzer take it. */
export async function loadCatalogue(db: Kysely<Database>, actor: Actor, options: LoadOptions = {}): Promise<Catalogue> {
  const stage = options.stage ?? 'as_is';
  const versionColumn =
    stage === 'as_is'
      ? sql<number>`coalesce(m.as_is_version, m.latest_version)`
      : stage === 'to_be'
        ? sql<number>`coalesce(m.to_be_version, m.as_is_version, m.latest_version)`
        : sql<number>`m.latest_version`;
  let q = db
    .selectFrom('matters as m')
    .innerJoin('matter_versions as v', (j) => j.onRef('v.matter_id', '=', 'm.id').on('v.version', '=', versionColumn))
    .innerJoin('departments as d', 'd.id', 'm.department_id')
    .select(['v.document', 'm.code']);
  q = scoped(q, actor, 'm.region_code', 'm.department_id');
  if (options.departmentCode) q = q.where('d.code', '=', options.departmentCode);
  if (options.codes) q = options.codes.length === 0 ? q.where(sql<boolean>`false`) : q.where('m.code', 'in', options.codes);
  const rows = await q.orderBy('m.id').execute();
  const matters = rows.map((r) => completeMatter((typeof r.document === 'string' ? JSON.parse(r.document) : r.document) as Matter));
  const used = new Set<string>();
  for (const m of matters) {
    used.add(m.departmentCode);
    for (const s of m.steps) used.add(s.departmentCode);
    for (const x of m.materials) if (x.source.departmentCode) used.add(x.source.departmentCode);
  }
  const deps = await departmentsByCode(db, used);
  const departments: CatalogueDepartment[] = [...deps.values()].sort((a, b) => a.id - b.id).map((d) => ({ code: d.code, name: d.name, regionCode: d.regionCode }));
  const regionCode = actor.regionCode !== '' ? actor.regionCode : commonPrefix(departments.map((d) => d.regionCode));
  // The canonical entries of the matters' region (the narrowest the matters share) and above.
  const dictionaries = await loadDictionaries(db, commonPrefix(departments.map((d) => d.regionCode)) || regionCode);
  return dictionaries.materials.length || dictionaries.fields.length ? { regionCode, departments, matters, dictionaries } : { regionCode, departments, matters };
}

function commonPrefix(codes: string[]): string {
  if (codes.length === 0) return '';
  let p = codes[0];
  for (const c of codes) while (!c.startsWith(p)) p = p.slice(0, -1);
  return p;
}

// ---------------------------------------------------------------------------------
// First start

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
