// Bundles in the database: create and revise drafts (each a new version, computed from the
// catalogue as it stands), read and list them within the caller's scope, and publish one
// version — it becomes a service of the catalogue and its process is deployed. Every change
// runs in one transaction with its audit row; bad input saves nothing. This file holds the
// tables, who may write and the reading; ./store/ the drafts and the publishing.
import { sql, type Kysely } from 'kysely';
import type { Actor, Role } from '../org/model.js';
import { CAPABILITIES } from '../org/capabilities.js';
import { departmentRestriction, isApplicant, outOfScopeMessage, regionPattern } from '../org/scope.js';
import { departmentCodeOf } from '../org/store.js';
import type { Database } from '../store/schema.js';
import { FIGURE_KEYS, type AfterFigures, type BeforeFigures, type BundleDraft, type FieldDecision, type Text } from './model.js';
import type { BundleVeto } from './reliances.js';
import type { BundleChanges } from './changes.js';
import { shanghaiIso } from '../shared/time.js';
import { rolesFor } from '../org/access-rules.js';
import { DomainError, type StatusTable } from '../shared/errors.js';

export interface BundlesTable {
  id: number;
  region_code: string;
  name: string;
  status: 'draft' | 'published';
  lead_department_code: string;
  departments: unknown;
  latest_version: number;
  published_version: number | null;
  service_code: string | null;
  process_key: string;
  deployment_id: number | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
}

export interface BundleVersionsTable {
  id: number;
  region_code: string;
  bundle_id: number;
  version: number;
  matter_codes: unknown;
  decisions: unknown;
  draft: unknown;
  before: unknown;
  after: unknown;
  promised_workdays: number;
  bpmn_xml: string;
  note: string;
  vetoes: unknown;
  publish_changes: unknown;
  created_by: string;
  created_at: Date;
}

declare module '../store/schema.js' {
  interface Database {
    bundles: BundlesTable;
    bundle_versions: BundleVersionsTable;
  }
}

type Db = Kysely<Database>;

export type BundleStoreErrorCode = 'forbidden' | 'not_found' | 'conflict' | 'invalid' | 'unstaffed' | 'undecided' | 'confirm_required';

const BUNDLE_STORE_ERROR_STATUS: StatusTable<BundleStoreErrorCode> = {
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 422,
  unstaffed: 409,
  undecided: 409,
  confirm_required: 409,
};

/** Answered 403, 404, 409 and 422 (undecided conflicts and an unconfirmed re-publication: 409); printed by the CLI. */
export class BundleStoreError extends DomainError {
  constructor(
    readonly code: BundleStoreErrorCode,
    messages: Text,
    details?: unknown,
  ) {
    super(BUNDLE_STORE_ERROR_STATUS[code], code, messages, details);
  }
}

/** Who may create, revise and publish bundles: the reform office and administrators. */
const WRITERS = new Set<Role>(CAPABILITIES.bundleWrite.roles);
/** Who may read drafts; applicants see published bundles only; grid workers none. */
const READERS: ReadonlySet<string> = new Set(rolesFor('bundles.drafts'));

export function assertWriter(actor: Actor): void {
  if (!WRITERS.has(actor.role))
    throw new BundleStoreError('forbidden', {
      zh: '只有改革办和系统管理员可以创建、修改和发布一件事',
      en: 'only the reform office and administrators may create, change and publish bundles',
    });
}

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

/** The department code a department officer is restricted to, or null when unrestricted. */
async function officerDepartment(db: Db, actor: Actor): Promise<string | null> {
  const only = departmentRestriction(actor);
  if (only === null) return null;
  return (await departmentCodeOf(db, only)) ?? '\u0000';
}

/** Rows of `bundles` the actor may see. */
async function visible(db: Db, actor: Actor) {
  if (!READERS.has(actor.role) && !isApplicant(actor)) return null;
  let q = db.selectFrom('bundles').selectAll().where('region_code', 'like', regionPattern(actor));
  if (isApplicant(actor)) q = q.where('status', '=', 'published');
  const dept = await officerDepartment(db, actor);
  if (dept !== null) q = q.where(sql<boolean>`departments @> ${JSON.stringify([dept])}::jsonb`);
  return q;
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

export { createBundle, reviseBundle, type CreateInput, type ReviseInput, type CatalogueOption } from './store/drafts.js';
export { engineDeployer, publishPreview, publishBundle, type DeployProcess, type PublishOptions, type PublishPreview, type PublishResult } from './store/publish.js';
