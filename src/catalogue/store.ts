// The catalogue in the database: matters and their versions (each the whole matter as a
// jsonb document, beside the columns lists and filters query by). Every command checks the
// caller's scope (region subtree; department officers only their department), writes in
// one transaction and appends its audit row in it. This file holds the tables, the checks
// every write makes and the saving of one matter's version; ./store/ the import of whole
// catalogues and the reading.
import type { Generated, Kysely } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import type { Actor, Role } from '../org/model.js';
import { CAPABILITIES } from '../org/capabilities.js';
import { departmentRestriction, outOfScopeMessage, regionVisible } from '../org/scope.js';
import type { Database } from '../store/schema.js';
import type {} from '../org/store.js'; // regions and departments tables
import type { ImportProblem } from './files/tabular.js';
import { readCatalogue } from './files/index.js';
import type { Matter, MatterVersion, VersionStage } from './model.js';
import { validateCatalogue, type Reason, type ValidationContext } from './validate.js';
import { loadDictionaries } from './dictionary-store.js';
import { matterFigures } from './figures.js';
import type { Removal } from './removals.js';
import { shanghaiIso } from '../shared/time.js';
import { DomainError, type RefusalStatus, type StatusTable } from '../shared/errors.js';

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

const CATALOGUE_ERROR_STATUS: StatusTable<CatalogueErrorCode> = { forbidden: 403, not_found: 404, invalid: 422, conflict: 409 };

/** The status, public code, message and details a catalogue refusal is answered with. */
function catalogueRefusal(code: CatalogueErrorCode, reason: Reason, problems: ImportProblem[], removals: Removal[]): [RefusalStatus, string, Reason, unknown] {
  if (removals.length > 0) return [409, 'removals_need_confirmation', reason, { removals }];
  const publicCode = code === 'invalid' && problems.length > 0 ? 'catalogue_problems' : code;
  return [CATALOGUE_ERROR_STATUS[code], publicCode, reason, problems.length > 0 ? { problems } : undefined];
}

/**
 * Answered 403, 404, 409 or 422 and printed by the CLI. An invalid file is `catalogue_problems`
 * with its problems; an import that would take matters away is `removals_need_confirmation`.
 */
export class CatalogueError extends DomainError {
  constructor(
    readonly code: CatalogueErrorCode,
    readonly reason: Reason,
    readonly problems: ImportProblem[] = [],
    /** A `conflict` with the file as confirmed: what the import would take away (it needs allowRemovals). */
    readonly removals: Removal[] = [],
  ) {
    super(...catalogueRefusal(code, reason, problems, removals));
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

export function assertWriter(actor: Actor): void {
  if (!WRITERS.has(actor.role)) throw new CatalogueError('forbidden', { zh: '无权修改事项清单', en: 'not allowed to change the catalogue' });
}

export function assertDepartmentInScope(actor: Actor, dept: DepartmentRef): void {
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
// Versions

export function versionRow(matterId: number, regionCode: string, departmentId: number, version: number, stage: VersionStage, m: Matter, by: string, note: string) {
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

export function problemsOf(issues: ReturnType<typeof validateCatalogue>): ImportProblem[] {
  return issues.map((i) => {
    const t = i.target as { code?: string; id?: string; key?: string; matterCode?: string; document?: string };
    const row = t.code ?? t.id ?? t.key ?? t.matterCode ?? t.document ?? '';
    return { sheet: 'matters', row: 0, column: row ? `${row}.${i.field}` : i.field, value: i.value === null || i.value === undefined ? '' : String(i.value), reason: i.reason };
  });
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

export { importCatalogue, importCatalogueFile, seedDemoCatalogue, type ImportOptions, type ImportResult, type FileImportResult } from './store/import.js';
export {
  listMatters,
  listVersions,
  getVersion,
  getMatter,
  compareVersions,
  loadCatalogue,
  type MatterSummary,
  type ListQuery,
  type MatterDetail,
  type LoadOptions,
} from './store/queries.js';
