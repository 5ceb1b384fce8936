// One matter's version: the row it is stored as, and saving a matter (from the editor or the
// API) as a new version after the checks an import makes.
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/trail.js';
import type { Actor } from '../../org/model.js';
import { departmentRestriction, outOfScopeMessage, regionVisible } from '../../org/scope.js';
import type { Database } from '../../store/schema.js';
import type { ImportProblem } from '../files/tabular.js';
import { readCatalogue } from '../files/index.js';
import type { Matter, MatterVersion, VersionStage } from '../model.js';
import { validateCatalogue } from '../validate.js';
import { loadDictionaries } from '../dictionary-store.js';
import { matterFigures } from '../figures.js';
import { shanghaiIso } from '../../shared/time.js';
import { CatalogueError } from './errors.js';
import { inTransaction } from './tables.js';
import { assertDepartmentInScope, assertWriter, departmentsByCode, referenceContext, validationContext } from './departments.js';

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
