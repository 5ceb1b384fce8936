// Publishing a bundle's version: refused while a form conflict is undecided or its changes
// were not shown; it becomes a service of the catalogue and its process is deployed.
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/trail.js';
import { saveMatterVersion } from '../../catalogue/store.js';
import { importBpmn } from '../../engine/bpmn/import.js';
import { EngineStore } from '../../engine/store.js';
import { unstaffedMessage, unstaffedSteps } from '../../engine/staffing.js';
import type { Actor } from '../../org/model.js';
import type { Database } from '../../store/schema.js';
import type { Text } from '../model.js';
import { serviceCode, serviceMatter } from '../service.js';
import { bundleChanges, hasChanges, type BundleChanges } from '../changes.js';
import { BundleStoreError } from './errors.js';
import { assertWriter } from './access.js';
import { getBundle, type StoredBundle } from './reading.js';

type Db = Kysely<Database>;

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
