// A bundle's drafts: the first one and each revision, computed from the catalogue as it stands
// (or the catalogue given), each a new version in one transaction with its audit row.
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../../audit/trail.js';
import { loadCatalogue } from '../../catalogue/store.js';
import type { Catalogue } from '../../catalogue/model.js';
import type { Actor } from '../../org/model.js';
import { regionVisible } from '../../org/scope.js';
import type { Database } from '../../store/schema.js';
import { createBundleDraft } from '../merge.js';
import { acceptedFixKeys } from '../accepted.js';
import { BundleError, type BundleDraft, type FieldDecision } from '../model.js';
import type { BundleVeto } from '../reliances.js';
import { BundleStoreError } from './errors.js';
import { assertWriter } from './access.js';
import { getBundle, type StoredBundle } from './reading.js';

type Db = Kysely<Database>;

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
