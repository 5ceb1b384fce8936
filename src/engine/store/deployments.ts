// Deployments of the durable engine: a BPMN file deployed as new versions of its processes
// (with the timer start jobs of each), and the parsed models by deployment, read once per
// process and kept (a deployment never changes).
import crypto from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import { recordAudit } from '../../audit/trail.js';
import type { EngineOptions } from '../core.js';
import { importBpmn } from '../bpmn/import.js';
import { EngineError, NotFoundError } from '../errors.js';
import type { ModelSet, ProcessModel, ValidationResult } from '../model.js';
import type { JobRecord } from '../state.js';
import type { EngineLimits } from '../bounds.js';
import { firstStartJobs } from '../behavior/start-events.js';
import { auditActor, type EngineCaller } from './actors.js';

type Db = Kysely<Database>;
type Tx = Transaction<Database>;

export interface DeployResult {
  validation: ValidationResult;
  deployments: Array<{ id: number; processKey: string; version: number }>;
}

export class Deployments {
  private readonly models = new Map<number, ModelSet>();
  /** The latest deployment id per region and process key, as this process last saw it (see latestKnown). */
  readonly latest = new Map<string, number>();

  constructor(private readonly host: { now(): Date; engineOptions: EngineOptions; limits?: EngineLimits; audited: boolean }) {}

  /** Deploys every executable process of a BPMN file as a new version. Refused with the list of problems when it does not validate. */
  async deploy(xml: string, opts: { regionCode: string; actor?: EngineCaller | null }, tx: <T>(fn: (trx: Tx) => Promise<T>) => Promise<T>): Promise<DeployResult> {
    const { validation, models } = await importBpmn(xml, this.host.limits);
    if (!models || !validation.ok) {
      const what = validation.errors.length ? 'invalid' : 'unsupported';
      throw new EngineError(
        what === 'invalid' ? 'invalid' : 'unsupported',
        what === 'invalid' ? 'the model is not valid BPMN 2.0' : 'the model is valid BPMN 2.0 but not executable here',
        { errors: validation.errors, unsupported: validation.unsupported, warnings: validation.warnings },
      );
    }
    const executable = models.processes.filter((p) => p.executable);
    if (executable.length === 0) throw new EngineError('invalid', 'no process in the file is executable', { errors: [], unsupported: [] });
    const deployments: DeployResult['deployments'] = [];
    await tx(async (trx) => {
      for (const p of executable) {
        // Serialise versions of one key: the advisory lock is released at commit.
        await sql`select pg_advisory_xact_lock(hashtext(${`engine:${opts.regionCode}:${p.id}`}))`.execute(trx);
        const last = await trx
          .selectFrom('engine_deployments')
          .select(sql<number>`coalesce(max(version), 0)`.as('v'))
          .where('region_code', '=', opts.regionCode)
          .where('process_key', '=', p.id)
          .executeTakeFirst();
        const version = Number(last?.v ?? 0) + 1;
        const row = await trx
          .insertInto('engine_deployments')
          .values({
            region_code: opts.regionCode,
            process_key: p.id,
            version,
            name: p.name ?? null,
            source_xml: xml,
            models: JSON.stringify(models),
            deployed_by: opts.actor?.username ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        deployments.push({ id: row.id, processKey: p.id, version });
        this.models.set(row.id, models);
        await this.replaceStartJobs(trx, opts.regionCode, p, Number(row.id), validation);
        this.latest.delete(`${opts.regionCode}\u0000${p.id}`);
        if (this.host.audited)
          await recordAudit(trx, {
            actor: auditActor(opts.actor),
            action: 'engine.deploy',
            entity: 'engine_deployment',
            entityId: row.id,
            regionCode: opts.regionCode,
            after: { processKey: p.id, version },
          });
      }
    });
    return { validation, deployments };
  }

  /**
   * A new version replaces the timer start jobs of the earlier versions of its process in the
   * region with its own (none when it has no timer start). A first firing that cannot be
   * computed refuses the deployment, by element id.
   */
  private async replaceStartJobs(trx: Tx, regionCode: string, model: ProcessModel, deploymentId: number, validation: ValidationResult): Promise<void> {
    const earlier = trx.selectFrom('engine_deployments').select('id').where('region_code', '=', regionCode).where('process_key', '=', model.id).where('id', '<>', deploymentId);
    await trx.deleteFrom('engine_jobs').where('kind', '=', 'start').where('deployment_id', 'in', earlier).execute();
    if (!model.timerStarts?.length) return;
    const { jobs, problems } = firstStartJobs(model, String(deploymentId), this.host.now(), this.host.engineOptions, () => `${deploymentId}:start:${crypto.randomUUID()}`);
    if (problems.length)
      throw new EngineError('unsupported', 'the model is valid BPMN 2.0 but not executable here', { errors: [], unsupported: problems, warnings: validation.warnings });
    for (const j of jobs) await this.insertStartJob(trx, regionCode, j);
  }

  async insertStartJob(trx: Tx, regionCode: string, job: JobRecord): Promise<void> {
    await trx
      .insertInto('engine_jobs')
      .values({
        id: job.id,
        instance_id: null,
        deployment_id: Number(job.deploymentId),
        region_code: regionCode,
        kind: 'start',
        due_at: new Date(job.dueAt),
        job: JSON.stringify(job),
      })
      .execute();
  }

  async modelSet(db: Db | Tx, deploymentId: number): Promise<ModelSet> {
    let set = this.models.get(deploymentId);
    if (!set) {
      const row = await db.selectFrom('engine_deployments').select('models').where('id', '=', deploymentId).executeTakeFirst();
      if (!row) throw new NotFoundError(`deployment ${deploymentId} not found`);
      set = (typeof row.models === 'string' ? JSON.parse(row.models) : row.models) as ModelSet;
      this.models.set(deploymentId, set);
    }
    return set;
  }

  async model(db: Db | Tx, deploymentId: number, processKey: string): Promise<ProcessModel> {
    const set = await this.modelSet(db, deploymentId);
    const m = set.processes.find((p) => p.id === processKey);
    if (!m) throw new NotFoundError(`process ${processKey} is not in deployment ${deploymentId}`);
    return m;
  }

  async latestDeployment(db: Db | Tx, regionCode: string, processKey: string): Promise<number | null> {
    const row = await db
      .selectFrom('engine_deployments')
      .select('id')
      .where('region_code', '=', regionCode)
      .where('process_key', '=', processKey)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  /** The latest version of every process deployed in the region, newest first (signal and conditional starts). */
  async latestModels(db: Db | Tx, regionCode: string): Promise<Array<{ deploymentId: number; model: ProcessModel }>> {
    const rows = await db.selectFrom('engine_deployments').select(['id', 'process_key']).where('region_code', '=', regionCode).orderBy('id', 'desc').execute();
    const seen = new Set<string>();
    const out: Array<{ deploymentId: number; model: ProcessModel }> = [];
    for (const d of rows) {
      if (seen.has(d.process_key)) continue;
      seen.add(d.process_key);
      const model = (await this.modelSet(db, d.id)).processes.find((p) => p.id === d.process_key);
      if (model) out.push({ deploymentId: d.id, model });
    }
    return out;
  }
}
