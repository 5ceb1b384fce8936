// Bundles in the database: create and revise drafts (each a new version, computed from the
// catalogue as it stands), read and list them within the caller's scope, and publish one
// version — it becomes a service of the catalogue and its process is deployed. Every change
// runs in one transaction with its audit row; bad input saves nothing.
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import { loadCatalogue, saveMatterVersion } from '../catalogue/store.js';
import type { Catalogue } from '../catalogue/model.js';
import { importBpmn } from '../engine/bpmn/import.js';
import { EngineStore } from '../engine/store.js';
import { unstaffedMessage, unstaffedSteps } from '../engine/staffing.js';
import type { Actor, Role } from '../org/model.js';
import { CAPABILITIES } from '../org/capabilities.js';
import { departmentRestriction, isApplicant, outOfScopeMessage, regionPattern, regionVisible } from '../org/scope.js';
import type { Database } from '../store/schema.js';
import { createBundleDraft } from './merge.js';
import { acceptedFixKeys } from './accepted.js';
import { BundleError, FIGURE_KEYS, type AfterFigures, type BeforeFigures, type BundleDraft, type FieldDecision, type Text } from './model.js';
import { serviceCode, serviceMatter } from './service.js';
import type { BundleVeto } from './reliances.js';
import { bundleChanges, hasChanges, type BundleChanges } from './changes.js';
import { shanghaiIso } from '../shared/time.js';
import { rolesFor } from '../org/access-rules.js';

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

/** Mapped by the HTTP layer to 403, 404, 409 and 422 (undecided conflicts and an unconfirmed re-publication: 409); printed by the CLI. */
export class BundleStoreError extends Error {
  constructor(
    readonly code: BundleStoreErrorCode,
    readonly messages: Text,
    readonly details?: unknown,
  ) {
    super(messages.en);
    this.name = 'BundleStoreError';
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
  const row = await db.selectFrom('departments').select('code').where('id', '=', only).executeTakeFirst();
  return row?.code ?? '\u0000';
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

function departmentsOf(draft: BundleDraft, lead: string): string[] {
  const codes = new Set<string>([lead]);
  for (const r of draft.resultPackage) codes.add(r.departmentCode);
  for (const b of draft.process.branches) for (const s of b.steps) codes.add(s.departmentCode);
  return [...codes].sort();
}

export interface CreateInput {
  name: string;
  matterCodes: string[];
  decisions?: Record<string, FieldDecision>;
  /** Region the bundle belongs to; default the caller's. */
  regionCode?: string;
  note?: string;
  /** The one-window department (政务服务中心 综合窗口) that receives, decides jointly and delivers; default the lead matter's department. */
  windowDepartmentCode?: string;
}

/**
 * The one-window department: the one asked for (a department of the bundle's region or above
 * it), else the lead matter's. On a revision a window that followed the lead matter follows
 * the new lead matter; one chosen stays.
 */
async function windowDepartment(trx: Db, regionCode: string, asked: string | undefined, fallback: string): Promise<string> {
  if (asked === undefined) return fallback;
  const dep = await trx.selectFrom('departments').select(['code', 'region_code']).where('code', '=', asked).executeTakeFirst();
  if (!dep || !(regionCode.startsWith(dep.region_code) || dep.region_code.startsWith(regionCode))) {
    throw new BundleError(
      'invalid_window_department',
      { zh: `综合窗口部门 ${asked} 不存在或不在本区划`, en: `the one-window department ${asked} does not exist in this region` },
      { department: asked },
    );
  }
  return dep.code;
}

export interface CatalogueOption {
  /** The catalogue to merge from; default the caller's catalogue in the database (as-is versions). */
  catalogue?: Catalogue;
}

async function catalogueFor(db: Db, actor: Actor, regionCode: string, codes: string[], options: CatalogueOption): Promise<Catalogue> {
  const cat = options.catalogue ?? (await loadCatalogue(db, actor, { stage: 'as_is', codes }));
  return { ...cat, regionCode };
}

async function insertVersion(
  trx: Db,
  actor: Actor,
  bundleId: number,
  regionCode: string,
  version: number,
  input: { matterCodes: string[]; decisions: Record<string, FieldDecision>; vetoes: BundleVeto[]; note: string },
  draft: BundleDraft,
): Promise<void> {
  await trx
    .insertInto('bundle_versions')
    .values({
      region_code: regionCode,
      bundle_id: bundleId,
      version,
      matter_codes: JSON.stringify(draft.matterCodes),
      decisions: JSON.stringify(input.decisions),
      draft: JSON.stringify(draft),
      before: JSON.stringify(draft.before),
      after: JSON.stringify(draft.after),
      promised_workdays: draft.after.promisedWorkdays,
      bpmn_xml: draft.process.bpmnXml,
      note: input.note,
      vetoes: JSON.stringify(input.vetoes),
      created_by: actor.username,
    } as never)
    .execute();
}

/** Creates a bundle and its first draft. Throws BundleError (bad input) or BundleStoreError; saves nothing then. */
export async function createBundle(db: Db, actor: Actor, input: CreateInput, options: CatalogueOption = {}): Promise<StoredBundle> {
  assertWriter(actor);
  const regionCode = input.regionCode ?? actor.regionCode;
  if (!/^\d{2,12}$/.test(regionCode) || !regionVisible(actor, regionCode)) {
    throw new BundleStoreError('forbidden', { zh: `区划 ${regionCode || '（未指定）'} 不在您的管辖范围内`, en: `region ${regionCode || '(none)'} is outside your scope` });
  }
  const id = await db.transaction().execute(async (trx) => {
    const region = await trx.selectFrom('regions').select('code').where('code', '=', regionCode).executeTakeFirst();
    if (!region) throw new BundleStoreError('not_found', { zh: `区划 ${regionCode} 不存在`, en: `region ${regionCode} not found` });
    const name = input.name.trim();
    const taken = await trx.selectFrom('bundles').select('id').where('region_code', '=', regionCode).where('name', '=', name).executeTakeFirst();
    if (taken)
      throw new BundleStoreError('conflict', {
        zh: `本区划已有名为「${name}」的一件事（编号 ${taken.id}）`,
        en: `a bundle named “${name}” exists in this region already (id ${taken.id})`,
      });
    const next = await sql<{ id: string | number }>`select nextval(pg_get_serial_sequence('bundles', 'id')) as id`.execute(trx);
    const bundleId = Number(next.rows[0].id);
    const processKey = `bundle_${bundleId}`;
    const catalogue = await catalogueFor(trx, actor, regionCode, input.matterCodes, options);
    const lead = await windowDepartment(trx, regionCode, input.windowDepartmentCode, catalogue.matters.find((m) => m.code === input.matterCodes[0]?.trim())?.departmentCode ?? '');
    const acceptedFixes = await acceptedFixKeys(trx, catalogue);
    const draft = createBundleDraft(catalogue, {
      name,
      matterCodes: input.matterCodes,
      decisions: input.decisions,
      acceptedFixes,
      processId: processKey,
      ...(lead ? { leadDepartment: lead } : {}),
    });
    await trx
      .insertInto('bundles')
      .values({
        id: bundleId,
        region_code: regionCode,
        name,
        status: 'draft',
        lead_department_code: lead,
        departments: JSON.stringify(departmentsOf(draft, lead)),
        latest_version: 1,
        process_key: processKey,
        created_by: actor.username,
      } as never)
      .execute();
    await insertVersion(trx, actor, bundleId, regionCode, 1, { matterCodes: draft.matterCodes, decisions: input.decisions ?? {}, vetoes: [], note: input.note ?? '' }, draft);
    await recordAudit(trx, {
      actor,
      action: 'bundle.create',
      entity: 'bundle',
      entityId: bundleId,
      regionCode,
      after: { name, version: 1, matterCodes: draft.matterCodes, before: draft.before, after: draft.after },
    });
    return bundleId;
  });
  return getBundle(db, actor, id);
}

export interface ReviseInput {
  name?: string;
  matterCodes?: string[];
  decisions?: Record<string, FieldDecision>;
  note?: string;
  windowDepartmentCode?: string;
}

/** What a revision records beyond the plain revise: the vetoes it is computed with and its audit action. */
interface RevisionOptions extends CatalogueOption {
  vetoes?: (current: StoredBundle) => BundleVeto[];
  audit?: { action: string; detail: Record<string, unknown> };
}

/** A new draft version: changed matters, name or field decisions, recomputed from the catalogue as it stands now. */
export async function reviseBundle(db: Db, actor: Actor, id: number, input: ReviseInput, options: RevisionOptions = {}): Promise<StoredBundle> {
  assertWriter(actor);
  const current = await getBundle(db, actor, id);
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('bundles').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    const name = (input.name ?? row.name).trim();
    if (name !== row.name) {
      const taken = await trx.selectFrom('bundles').select('id').where('region_code', '=', row.region_code).where('name', '=', name).where('id', '<>', id).executeTakeFirst();
      if (taken)
        throw new BundleStoreError('conflict', {
          zh: `本区划已有名为「${name}」的一件事（编号 ${taken.id}）`,
          en: `a bundle named “${name}” exists in this region already (id ${taken.id})`,
        });
    }
    const matterCodes = input.matterCodes ?? current.matterCodes;
    const decisions = input.decisions ?? current.decisions;
    const vetoes = options.vetoes ? options.vetoes(current) : current.vetoes;
    const catalogue = await catalogueFor(trx, actor, row.region_code, matterCodes, options);
    const leadOf = (codes: readonly string[]) => catalogue.matters.find((m) => m.code === codes[0]?.trim())?.departmentCode ?? '';
    const followsLead = row.lead_department_code === leadOf(current.matterCodes);
    const lead = await windowDepartment(trx, row.region_code, input.windowDepartmentCode, followsLead ? leadOf(matterCodes) || row.lead_department_code : row.lead_department_code);
    const acceptedFixes = await acceptedFixKeys(trx, catalogue);
    const draft = createBundleDraft(catalogue, {
      name,
      matterCodes,
      decisions,
      vetoes: vetoes.map((v) => v.key),
      acceptedFixes,
      processId: row.process_key,
      ...(lead ? { leadDepartment: lead } : {}),
    });
    const version = row.latest_version + 1;
    await trx
      .updateTable('bundles')
      .set({ name, latest_version: version, lead_department_code: lead, departments: JSON.stringify(departmentsOf(draft, lead)), updated_at: new Date() } as never)
      .where('id', '=', id)
      .execute();
    await insertVersion(trx, actor, id, row.region_code, version, { matterCodes: draft.matterCodes, decisions, vetoes, note: input.note ?? '' }, draft);
    await recordAudit(trx, {
      actor,
      action: options.audit?.action ?? 'bundle.revise',
      entity: 'bundle',
      entityId: id,
      regionCode: row.region_code,
      before: { name: row.name, version: row.latest_version, matterCodes: current.matterCodes, after: current.after },
      after: { name, version, matterCodes: draft.matterCodes, after: draft.after, ...options.audit?.detail },
    });
  });
  return getBundle(db, actor, id);
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

/** Deploys a process in the engine; returns the deployment. */
export type DeployProcess = (xml: string, options: { regionCode: string; actor: Actor }) => Promise<{ id: number; processKey: string; version: number }>;

/** Deployment through the engine's store on the same database. */
export function engineDeployer(db: Db): DeployProcess {
  return async (xml, o) => {
    const r = await new EngineStore(db).deploy(xml, { regionCode: o.regionCode, actor: o.actor });
    return r.deployments[0];
  };
}

export interface PublishOptions {
  /** How the process is deployed; default the engine's store on the same database. */
  deploy?: DeployProcess;
  /** Confirms publishing a new version over the published one, once its changes were shown. */
  confirm?: boolean;
}

export interface PublishPreview {
  version: number;
  publishedVersion: number | null;
  /** Form conflicts nobody has decided: publishing is refused until each is. */
  undecided: Array<{ canonicalKey: string; message: Text }>;
  /** Against the published version; null on the first publication. */
  changes: BundleChanges | null;
}

/** What publishing the latest version would do: refused for undecided conflicts, and what changes against the published version. */
export async function publishPreview(db: Db, actor: Actor, id: number): Promise<PublishPreview> {
  const current = await getBundle(db, actor, id);
  const undecided = current.draft.form.conflicts.filter((c) => !c.decided).map((c) => ({ canonicalKey: c.canonicalKey, message: c.message }));
  let changes: BundleChanges | null = null;
  if (current.publishedVersion !== null && current.publishedVersion !== current.version) {
    const published = await getBundle(db, actor, id, current.publishedVersion);
    changes = bundleChanges(published, current);
  }
  return { version: current.version, publishedVersion: current.publishedVersion, undecided, changes };
}

function refuseUndecided(preview: PublishPreview): void {
  if (!preview.undecided.length) return;
  throw new BundleStoreError(
    'undecided',
    {
      zh: `表单字段冲突尚未决定，不能发布：${preview.undecided.map((c) => c.message.zh).join('；')}。请先逐项决定统一的类型、单位或选项。`,
      en: `form conflicts are undecided, so the bundle cannot be published: ${preview.undecided.map((c) => c.message.en).join('; ')}. Decide each field's type, unit or options first.`,
    },
    { undecided: preview.undecided },
  );
}

export interface PublishResult {
  bundle: StoredBundle;
  serviceCode: string;
  serviceVersion: number;
  deployment: { id: number; processKey: string; version: number };
}

/**
 * Publishes the latest version: the process must validate for the engine; it is deployed,
 * and the bundle becomes a service of the catalogue (a to-be matter under its own code).
 */
export async function publishBundle(db: Db, actor: Actor, id: number, options: PublishOptions = {}): Promise<PublishResult> {
  assertWriter(actor);
  const current = await getBundle(db, actor, id);
  const preview = await publishPreview(db, actor, id);
  refuseUndecided(preview);
  if (current.publishedVersion !== null && current.publishedVersion === current.version) {
    throw new BundleStoreError('conflict', {
      zh: `第 ${current.version} 版已发布，没有新的版本可发布`,
      en: `version ${current.version} is published already; there is no newer version to publish`,
    });
  }
  // Publishing again replaces what citizens and departments use: only once the office has seen what changes.
  if (preview.changes && !options.confirm) {
    throw new BundleStoreError(
      'confirm_required',
      {
        zh: `第 ${current.publishedVersion} 版已发布；发布第 ${current.version} 版将替换它，请查看变更后确认发布`,
        en: `version ${current.publishedVersion} is published; publishing version ${current.version} replaces it: review the changes and confirm`,
      },
      { changes: preview.changes, hasChanges: hasChanges(preview.changes) },
    );
  }
  const { validation, models } = await importBpmn(current.draft.process.bpmnXml);
  if (!validation.ok) {
    throw new BundleStoreError(
      'invalid',
      { zh: '一件事的内部流程未通过流程引擎校验，不能发布', en: 'the bundle’s process does not validate for the engine and cannot be published' },
      validation,
    );
  }
  // A step offered to a department without an active officer would wait forever.
  const unstaffed = validation.ok && models ? await unstaffedSteps(db, models) : [];
  if (unstaffed.length) throw new BundleStoreError('unstaffed', unstaffedMessage(unstaffed), { unstaffed });
  const code = current.serviceCode ?? serviceCode(current.regionCode, id);
  const matter = serviceMatter(current.draft, code, current.leadDepartmentCode);
  // The engine deploys in a transaction of its own; a failure after it leaves an unused
  // deployment version, never a published bundle without its process.
  const deployment = await (options.deploy ?? engineDeployer(db))(current.draft.process.bpmnXml, { regionCode: current.regionCode, actor });
  const saved = await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('bundles').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    if (row.latest_version !== current.version) {
      throw new BundleStoreError('conflict', { zh: '一件事在发布时被修改，请重新发布', en: 'the bundle changed while it was being published; publish again' });
    }
    const service = await saveMatterVersion(trx, actor, matter, { stage: 'to_be', note: `一件事「${current.name}」第 ${current.version} 版发布` });
    await trx
      .updateTable('bundles')
      .set({ status: 'published', published_version: current.version, service_code: code, deployment_id: deployment.id, published_at: new Date(), updated_at: new Date() } as never)
      .where('id', '=', id)
      .execute();
    if (preview.changes) {
      await trx
        .updateTable('bundle_versions')
        .set({ publish_changes: JSON.stringify(preview.changes) } as never)
        .where('bundle_id', '=', id)
        .where('version', '=', current.version)
        .execute();
    }
    await recordAudit(trx, {
      actor,
      action: 'bundle.publish',
      entity: 'bundle',
      entityId: id,
      regionCode: row.region_code,
      before: { status: row.status, publishedVersion: row.published_version },
      after: { status: 'published', publishedVersion: current.version, serviceCode: code, serviceVersion: service.version, deployment, changes: preview.changes },
    });
    return service;
  });
  return { bundle: await getBundle(db, actor, id), serviceCode: code, serviceVersion: saved.version, deployment };
}
