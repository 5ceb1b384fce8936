// Reading bundles within the caller's scope: one with a version's draft, or the list.
import type { Kysely } from 'kysely';
import type { Actor } from '../../org/model.js';
import { isApplicant, outOfScopeMessage } from '../../org/scope.js';
import type { Database } from '../../store/schema.js';
import { FIGURE_KEYS, type AfterFigures, type BeforeFigures, type BundleDraft, type FieldDecision } from '../model.js';
import type { BundleVeto } from '../reliances.js';
import type { BundleChanges } from '../changes.js';
import { shanghaiIso } from '../../shared/time.js';
import { BundleStoreError } from './errors.js';
import type { BundlesTable } from './tables.js';
import { visible } from './access.js';

type Db = Kysely<Database>;

export interface BundleSummary {
  id: number;
  regionCode: string;
  name: string;
  status: 'draft' | 'published';
  leadDepartmentCode: string;
  departments: string[];
  latestVersion: number;
  publishedVersion: number | null;
  serviceCode: string | null;
  processKey: string;
  deploymentId: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface StoredBundle extends BundleSummary {
  version: number;
  matterCodes: string[];
  decisions: Record<string, FieldDecision>;
  /** The fixes and replacements vetoed in this version, with who, when and why. */
  vetoes: BundleVeto[];
  /** For a version published over an earlier published one: what changed between them. */
  publishChanges: BundleChanges | null;
  /** The bundled matters' names by code (pages show names, not codes, whatever the catalogue's size). */
  matterNames: Record<string, string>;
  note: string;
  versionCreatedBy: string;
  versionCreatedAt: string;
  draft: BundleDraft;
  before: BeforeFigures;
  after: AfterFigures;
}

const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
/** jsonb keeps keys in its own order: figures come back in the documented one. */
function beforeOf(v: unknown): BeforeFigures {
  const o = json(v) as Partial<BeforeFigures>;
  return Object.fromEntries(FIGURE_KEYS.map((k) => [k, o[k] ?? null])) as BeforeFigures;
}
function afterOf(v: unknown): AfterFigures {
  const o = json(v) as AfterFigures;
  return { ...(beforeOf(o) as BeforeFigures), commitmentLetters: o.commitmentLetters };
}
function draftOf(v: unknown): BundleDraft {
  const d = json(v) as BundleDraft;
  return { ...d, before: beforeOf(d.before), after: afterOf(d.after) };
}
const iso = (d: Date | string | null): string | null => (d === null ? null : shanghaiIso(new Date(d)));

function summary(r: BundlesTable): BundleSummary {
  return {
    id: Number(r.id),
    regionCode: r.region_code,
    name: r.name,
    status: r.status,
    leadDepartmentCode: r.lead_department_code,
    departments: json(r.departments) as string[],
    latestVersion: r.latest_version,
    publishedVersion: r.published_version,
    serviceCode: r.service_code,
    processKey: r.process_key,
    deploymentId: r.deployment_id === null ? null : Number(r.deployment_id),
    createdBy: r.created_by,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
    publishedAt: iso(r.published_at),
  };
}

const notFound = (id: number | string, version?: number) =>
  new BundleStoreError('not_found', { zh: `未找到一件事 ${id}${version ? ` 的第 ${version} 版` : ''}`, en: `bundle ${id}${version ? ` version ${version}` : ''} not found` });

/** One bundle with a version's draft (default the latest; applicants get the published one). */
export async function getBundle(db: Db, actor: Actor, id: number, version?: number): Promise<StoredBundle> {
  const q = await visible(db, actor);
  if (!q) throw new BundleStoreError('forbidden', { zh: '无权查看一件事', en: 'not allowed to see bundles' });
  const row = await q.where('id', '=', id).executeTakeFirst();
  if (!row) {
    // A bundle that exists outside the caller's scope says so, rather than "not found".
    const exists = await db.selectFrom('bundles').select('id').where('id', '=', id).executeTakeFirst();
    if (exists) throw new BundleStoreError('forbidden', outOfScopeMessage({ zh: '一件事', en: 'bundle' }, id));
    throw notFound(id);
  }
  const wanted = version ?? (isApplicant(actor) ? row.published_version! : row.latest_version);
  if (isApplicant(actor) && wanted !== row.published_version) throw notFound(id, version);
  const v = await db.selectFrom('bundle_versions').selectAll().where('bundle_id', '=', id).where('version', '=', wanted).executeTakeFirst();
  if (!v) throw notFound(id, version);
  const codes = json(v.matter_codes) as string[];
  const named = codes.length ? await db.selectFrom('matters').select(['code', 'name']).where('code', 'in', codes).execute() : [];
  return {
    ...summary(row),
    version: v.version,
    matterCodes: codes,
    decisions: json(v.decisions) as Record<string, FieldDecision>,
    vetoes: (json(v.vetoes) as BundleVeto[] | null) ?? [],
    publishChanges: (json(v.publish_changes) as BundleChanges | null) ?? null,
    matterNames: Object.fromEntries(named.map((m) => [m.code, m.name])),
    note: v.note,
    // People by name, not login name.
    versionCreatedBy: (await db.selectFrom('users').select('display_name').where('username', '=', v.created_by).executeTakeFirst())?.display_name ?? v.created_by,
    versionCreatedAt: iso(v.created_at)!,
    draft: draftOf(v.draft),
    before: beforeOf(v.before),
    after: afterOf(v.after),
  };
}

export interface BundleListItem extends BundleSummary {
  promisedWorkdays: number;
  before: BeforeFigures;
  after: AfterFigures;
}

/** The bundles the caller may see, newest first, with the latest version's figures. */
export async function listBundles(db: Db, actor: Actor, query: { status?: 'draft' | 'published' } = {}): Promise<BundleListItem[]> {
  let q = await visible(db, actor);
  if (!q) throw new BundleStoreError('forbidden', { zh: '无权查看一件事', en: 'not allowed to see bundles' });
  if (query.status) q = q.where('status', '=', query.status);
  const rows = await q.orderBy('id', 'desc').execute();
  if (rows.length === 0) return [];
  const versions = await db
    .selectFrom('bundle_versions')
    .select(['bundle_id', 'version', 'before', 'after', 'promised_workdays'])
    .where(
      'bundle_id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  const byKey = new Map(versions.map((v) => [`${v.bundle_id}|${v.version}`, v]));
  return rows.map((r) => {
    const v = byKey.get(`${r.id}|${isApplicant(actor) ? r.published_version : r.latest_version}`)!;
    return { ...summary(r), promisedWorkdays: Number(v.promised_workdays), before: beforeOf(v.before), after: afterOf(v.after) };
  });
}
