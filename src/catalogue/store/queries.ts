// Reading the catalogue within the caller's scope: matter lists with their as-is and to-be
// figures, a matter's versions and their comparison, and the catalogue as files and the
// analyzer take it.
import { sql, type Kysely } from 'kysely';
import type { Actor } from '../../org/model.js';
import { departmentRestriction, outOfScopeMessage, regionPattern } from '../../org/scope.js';
import type { Database } from '../../store/schema.js';
import { completeMatter } from '../build.js';
import type { Catalogue, CatalogueDepartment, CatalogueDictionaries, Matter, MatterFigures, MatterKind, MatterVersion, VersionStage } from '../model.js';
import { loadDictionaries } from '../dictionary-store.js';
import { diffMatters, type MatterDiff } from '../versions.js';
import { shanghaiIso } from '../../shared/time.js';
import { CatalogueError } from './errors.js';
import { departmentsByCode } from './departments.js';

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
