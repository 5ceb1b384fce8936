// The durable engine: the engine's commands (./commands) over the database. Every command
// writes the new state, tasks, jobs, subscriptions, incidents, tokens and history together,
// all or nothing. A start or task completion that reaches no other instance is a single
// statement that applies only if the instance is still at the revision it read (or, for a
// task this process just created, at the revision it last wrote); the other commands lock
// their process instance row (SELECT ... FOR UPDATE) in a transaction and run the command
// under the lock. A task completed twice (or by two clients at once) advances the process
// once; the loser gets a ConflictError (HTTP 409). Jobs (timers, service calls) are shared by
// every server process through FOR UPDATE SKIP LOCKED with leases that expire. This file holds
// the commands, each a facade over ./store/: deployments.ts (deploy, models), apply.ts (a
// command run, written and followed to the instances it reaches), write.ts (the engine_apply
// argument), queries.ts (what is read), jobs.ts (the job executor), actors.ts, tables.ts.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { recordAudit } from '../audit/trail.js';
import * as core from './commands/index.js';
import { ConflictError, NotFoundError } from './errors.js';
import type { Effects, InstanceState, JobRecord, TaskRecord } from './state.js';
import type { CalendarResolver } from './time.js';
import type { ServiceHandler } from './memory.js';
import { reachesOthers } from './router.js';
import { conditionalStartsHolding } from './behavior/start-events.js';
import { calendarResolver } from './calendars.js';
import { checkVariables } from './behavior/variables.js';
import { EngineQueries, json, taskFromRow } from './store/queries.js';
import type { EngineTaskTable } from './store/tables.js';
import { JobExecutor } from './store/jobs.js';
import { Deployments, type DeployResult } from './store/deployments.js';
import { CommandApplier, type Loaded } from './store/apply.js';
import { auditActor, engineActor, type EngineCaller } from './store/actors.js';
import type { EngineLimits } from './bounds.js';

export type * from './store/tables.js';
export type { InstanceQuery, InstanceSummary } from './store/queries.js';
export type { DeployResult } from './store/deployments.js';
export type { Loaded } from './store/apply.js';
export { engineActor, type EngineCaller } from './store/actors.js';

type Db = Kysely<Database>;

export interface StartRequest {
  regionCode: string;
  variables?: Record<string, unknown>;
  businessKey?: string;
  actor?: EngineCaller | null;
  deploymentId?: number;
  messageName?: string;
}

export interface EngineStoreOptions {
  calendars?: CalendarResolver;
  /** The clock (tests and simulations set it). */
  now?: () => Date;
  handlers?: Record<string, ServiceHandler>;
  /** This worker's name in job leases (default host:pid:random). */
  workerId?: string;
  /** How long a job lease lasts (ms, default 30 s). */
  leaseMs?: number;
  /** Write the audit trail for administrative commands (deploy, cancel, resolve). Default true. */
  audit?: boolean;
  /** Bounds on one command, a countersign and timer cycles (./bounds.ts). */
  limits?: EngineLimits;
}

export class EngineStore extends EngineQueries {
  readonly workerId: string;
  private readonly options: EngineStoreOptions;
  private readonly engineOptions: core.EngineOptions;
  private readonly deployments: Deployments;
  private readonly applier: CommandApplier;
  private readonly jobs: JobExecutor;

  constructor(db: Db, options: EngineStoreOptions = {}) {
    super(db, options.now ?? (() => new Date()));
    this.options = options;
    this.workerId = options.workerId ?? `${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
    this.engineOptions = { ...options.limits, calendars: options.calendars ?? calendarResolver() };
    const now = () => this.now();
    this.deployments = new Deployments({ now, engineOptions: this.engineOptions, limits: options.limits, audited: this.audited });
    const applier = (this.applier = new CommandApplier(db, this.deployments, { now, engineOptions: this.engineOptions }));
    this.jobs = new JobExecutor({
      db,
      workerId: this.workerId,
      leaseMs: options.leaseMs ?? 30_000,
      handlers: options.handlers ?? {},
      engineOptions: this.engineOptions,
      now,
      tx: (fn) => applier.tx(fn),
      lockInstance: (trx, id) => applier.lockInstance(trx, id),
      apply: (trx, loaded, command) => applier.apply(trx, loaded, command),
      model: (trx, deploymentId, processKey) => this.deployments.model(trx, deploymentId, processKey),
      insertStartJob: (trx, regionCode, job) => this.deployments.insertStartJob(trx, regionCode, job),
      startIn: (trx, model, deploymentId, regionCode, start) => applier.startIn(trx, model, deploymentId, regionCode, start, 0),
    });
  }

  /** Whether commands append to the audit trail (every state-changing call, in its transaction). */
  private get audited(): boolean {
    return this.options.audit !== false;
  }

  private now(): Date {
    return this.options.now ? this.options.now() : new Date();
  }

  // ---- deployments ---------------------------------------------------------------------

  /** Deploys every executable process of a BPMN file as a new version. Refused with the list of problems when it does not validate. */
  deploy(xml: string, opts: { regionCode: string; actor?: EngineCaller | null }): Promise<DeployResult> {
    return this.deployments.deploy(xml, opts, (fn) => this.applier.tx(fn));
  }

  /**
   * Offers variables to the conditional start events of the latest version of every process of
   * a region: each whose condition holds starts an instance with them, in one transaction.
   * Returns the instances started and the conditions that could not be evaluated on them.
   */
  async startByConditions(
    regionCode: string,
    variables: Record<string, unknown>,
    opts: { actor?: EngineCaller | null } = {},
  ): Promise<{ instances: string[]; failed: Array<{ processId: string; elementId: string; message: string }> }> {
    checkVariables(variables);
    return this.applier.tx(async (trx) => {
      const instances: string[] = [];
      const failed: Array<{ processId: string; elementId: string; message: string }> = [];
      for (const { deploymentId, model } of await this.deployments.latestModels(trx, regionCode)) {
        if (!model.conditionalStarts?.length) continue;
        for (const startEventId of conditionalStartsHolding(model, variables, failed)) {
          const id = crypto.randomUUID();
          await this.applier.startIn(
            trx,
            model,
            deploymentId,
            regionCode,
            { instanceId: id, deploymentId: String(deploymentId), variables, startEventId, actor: engineActor(opts.actor) },
            0,
          );
          instances.push(id);
        }
      }
      return { instances, failed };
    });
  }

  // ---- commands --------------------------------------------------------------------------

  async start(processKey: string, opts: StartRequest): Promise<string> {
    return (await this.startWithTasks(processKey, opts)).id;
  }

  /** Starts an instance; also returns the tasks its start created. */
  async startWithTasks(processKey: string, opts: StartRequest): Promise<{ id: string; tasksCreated: TaskRecord[] }> {
    if (opts.variables) checkVariables(opts.variables);
    const id = crypto.randomUUID();
    const startOptions = (deploymentId: number): core.StartOptions => ({
      instanceId: id,
      deploymentId: String(deploymentId),
      variables: opts.variables,
      businessKey: opts.businessKey,
      actor: engineActor(opts.actor),
      messageName: opts.messageName,
    });
    const mine = (fx: Effects) => ({ id, tasksCreated: fx.tasksCreated.filter((t) => t.instanceId === id) });
    const cacheKey = `${opts.regionCode}\u0000${processKey}`;
    for (let attempt = 0; attempt < 4 && !this.audited; attempt++) {
      // The latest deployment as this process last saw it; the write refuses it when a newer one exists.
      const deploymentId = opts.deploymentId ?? this.deployments.latest.get(cacheKey) ?? (await this.deployments.latestDeployment(this.db, opts.regionCode, processKey));
      if (!deploymentId) throw new NotFoundError(`process ${processKey} is not deployed in region ${opts.regionCode}`);
      if (opts.deploymentId === undefined) this.deployments.latest.set(cacheKey, deploymentId);
      const model = await this.deployments.model(this.db, deploymentId, processKey);
      const start = startOptions(deploymentId);
      const r = core.startInstance(model, start, this.now(), this.engineOptions);
      // A start that reaches no other instance is one statement: atomic without a transaction.
      if (reachesOthers(r.effects)) break;
      const loaded = this.applier.startLoaded(r.state, model, deploymentId, opts.regionCode);
      if (await this.applier.writeEffects(this.db, loaded, r.effects, 0, r.state, { start, latest: opts.deploymentId === undefined ? processKey : undefined }))
        return mine(r.effects);
      this.deployments.latest.delete(cacheKey);
    }
    // Audited, reaching other instances, or deployed again and again meanwhile: one transaction.
    return this.applier.tx(async (trx) => {
      const deploymentId = opts.deploymentId ?? (await this.deployments.latestDeployment(trx, opts.regionCode, processKey));
      if (!deploymentId) throw new NotFoundError(`process ${processKey} is not deployed in region ${opts.regionCode}`);
      const model = await this.deployments.model(trx, deploymentId, processKey);
      const fx = await this.applier.startIn(trx, model, deploymentId, opts.regionCode, startOptions(deploymentId), 0);
      if (this.audited)
        await recordAudit(trx, {
          actor: auditActor(opts.actor),
          action: 'engine.start',
          entity: 'engine_instance',
          entityId: id,
          regionCode: opts.regionCode,
          after: { processKey, deploymentId, businessKey: opts.businessKey ?? null, tasksCreated: fx.tasksCreated.filter((t) => t.instanceId === id).map((t) => t.id) },
        });
      return mine(fx);
    });
  }

  // ---- tasks -----------------------------------------------------------------------------

  /** Completes a task; ConflictError (HTTP 409) when it is no longer open. */
  async completeTask(taskId: string, opts: { variables?: Record<string, unknown>; actor?: EngineCaller | null } = {}): Promise<{ tasksCreated: TaskRecord[] }> {
    if (opts.variables) checkVariables(opts.variables);
    // Two round trips and no transaction when the command stays within its instance: read
    // the task and its instance, run the core, write everything in one statement that
    // applies only if the instance is still at the revision read (else read again).
    // Audited, it is one transaction with its audit row.
    for (let attempt = 0; attempt < 8 && !this.audited; attempt++) {
      // A task this process created, on an instance it wrote last: no read.
      const known = attempt === 0 ? this.applier.recentTasks.get(taskId) : undefined;
      const mine = known && this.applier.recent.get(known.instanceId);
      if (known && mine) {
        this.applier.recentTasks.delete(taskId);
        const loaded: Loaded = {
          row: mine.row,
          state: JSON.parse(mine.state) as InstanceState,
          model: await this.deployments.model(this.db, mine.row.deployment_id, mine.row.process_key),
        };
        let r: core.CommandResult | null = null;
        try {
          r = core.completeTask(loaded.state, loaded.model, known, { variables: opts.variables, actor: engineActor(opts.actor) }, this.now(), this.engineOptions);
        } catch {
          // Perhaps only the remembered state is behind: the database decides.
        }
        if (r && !reachesOthers(r.effects) && (await this.applier.writeEffects(this.db, loaded, r.effects, 0, r.state, undefined, mine.revision)))
          return { tasksCreated: r.effects.tasksCreated };
        this.applier.recent.delete(known.instanceId);
        continue;
      }
      const found = await sql<EngineTaskTable & { i_region: string; i_deployment: number; i_process: string; i_state: unknown; i_revision: number }>`
        select t.*, i.region_code as i_region, i.deployment_id as i_deployment, i.process_key as i_process, i.state as i_state, i.revision as i_revision
        from engine_tasks t join engine_instances i on i.id = t.instance_id
        where t.id = ${taskId}`.execute(this.db);
      const row = found.rows[0];
      if (!row) throw new NotFoundError(`task ${taskId} not found`);
      if (row.status !== 'open') throw new ConflictError(`task ${taskId} is already ${row.status}`);
      const state = json<InstanceState>(row.i_state);
      const loaded: Loaded = {
        row: { id: row.instance_id, region_code: row.i_region, deployment_id: Number(row.i_deployment), process_key: row.i_process },
        state,
        model: await this.deployments.model(this.db, Number(row.i_deployment), row.i_process),
      };
      const task = taskFromRow(row);
      const r = core.completeTask(loaded.state, loaded.model, task, { variables: opts.variables, actor: engineActor(opts.actor) }, this.now(), this.engineOptions);
      if (reachesOthers(r.effects)) break;
      if (await this.applier.writeEffects(this.db, loaded, r.effects, 0, r.state, undefined, Number(row.i_revision))) return { tasksCreated: r.effects.tasksCreated };
    }
    return this.applier.tx(async (trx) => {
      // One round trip: the task, and its instance locked. After waiting for the lock the
      // instance row is re-read at its latest version; the task row may be older, so the
      // core checks against the instance state that the task is still open.
      const found = await sql<EngineTaskTable & { i_region: string; i_deployment: number; i_process: string; i_state: unknown }>`
        select t.*, i.region_code as i_region, i.deployment_id as i_deployment, i.process_key as i_process, i.state as i_state
        from engine_tasks t join engine_instances i on i.id = t.instance_id
        where t.id = ${taskId} for update of i`.execute(trx);
      const row = found.rows[0];
      if (!row) throw new NotFoundError(`task ${taskId} not found`);
      if (row.status !== 'open') throw new ConflictError(`task ${taskId} is already ${row.status}`);
      const state = json<InstanceState>(row.i_state);
      const loaded: Loaded = {
        row: { id: row.instance_id, region_code: row.i_region, deployment_id: Number(row.i_deployment), process_key: row.i_process },
        state,
        model: await this.deployments.model(trx, Number(row.i_deployment), row.i_process),
      };
      const task = taskFromRow(row);
      const fx = await this.applier.apply(trx, loaded, (now) =>
        core.completeTask(loaded.state, loaded.model, task, { variables: opts.variables, actor: engineActor(opts.actor) }, now, this.engineOptions),
      );
      if (this.audited) {
        await recordAudit(trx, {
          actor: auditActor(opts.actor),
          action: 'engine.task.complete',
          entity: 'engine_task',
          entityId: taskId,
          regionCode: loaded.row.region_code,
          before: { status: 'open', assignee: row.assignee },
          after: { status: 'completed', instanceId: row.instance_id, elementId: row.element_id, variables: opts.variables ?? {}, tasksCreated: fx.tasksCreated.map((t) => t.id) },
        });
      }
      return { tasksCreated: fx.tasksCreated };
    });
  }

  /** Claims an open task for the actor; ConflictError when someone else holds it. */
  async claimTask(taskId: string, actor: EngineCaller): Promise<void> {
    await this.applier.tx(async (trx) => {
      const row = await trx.selectFrom('engine_tasks').selectAll().where('id', '=', taskId).forUpdate().executeTakeFirst();
      if (!row) throw new NotFoundError(`task ${taskId} not found`);
      if (row.status !== 'open') throw new ConflictError(`task ${taskId} is already ${row.status}`);
      if (row.assignee && row.assignee !== actor.username) throw new ConflictError(`task ${taskId} is claimed by ${row.assignee}`);
      const now = this.now();
      await trx.updateTable('engine_tasks').set({ assignee: actor.username, claimed_at: now }).where('id', '=', taskId).execute();
      const inst = await trx.selectFrom('engine_instances').select(['deployment_id']).where('id', '=', row.instance_id).executeTakeFirstOrThrow();
      const a = engineActor(actor);
      await trx
        .insertInto('engine_history')
        .values({
          region_code: row.region_code,
          instance_id: row.instance_id,
          process_key: row.process_key,
          deployment_id: inst.deployment_id,
          type: 'task.claimed',
          at: now,
          element_id: row.element_id,
          element_key: row.element_key,
          element_type: 'userTask',
          element_name: row.name,
          task_id: taskId,
          actor: a?.username ?? null,
          department: a?.departmentCode ?? null,
          data: null,
        })
        .execute();
      if (this.audited)
        await recordAudit(trx, {
          actor: auditActor(actor),
          action: 'engine.task.claim',
          entity: 'engine_task',
          entityId: taskId,
          regionCode: row.region_code,
          before: { assignee: row.assignee },
          after: { assignee: actor.username, instanceId: row.instance_id, elementId: row.element_id },
        });
    });
  }

  // ---- messages, cancel, incidents -------------------------------------------------------

  /**
   * Publishes a message in a region; returns the instance ids it reached. With `actor` the
   * message is theirs: it is recorded in the instance's history and, audited, in the audit
   * trail with the instances it reached. With `departmentCode` it reaches only instances with
   * a task offered to that department (what a department officer may act on).
   */
  async correlate(
    regionCode: string,
    name: string,
    correlationKey: string | null,
    variables: Record<string, unknown> = {},
    opts: { actor?: EngineCaller | null; departmentCode?: string } = {},
  ): Promise<string[]> {
    checkVariables(variables);
    return this.applier.tx(async (trx) => {
      const reached = await this.applier.correlateIn(trx, regionCode, name, correlationKey, variables, 0, opts);
      if (this.options.audit !== false && opts.actor) {
        await recordAudit(trx, {
          actor: auditActor(opts.actor),
          action: 'engine.message',
          entity: 'engine_message',
          entityId: name,
          regionCode,
          after: { name, correlationKey, variables, instances: reached },
        });
      }
      return reached;
    });
  }

  /** Broadcasts a signal in a region (see CommandApplier.broadcastIn). */
  async signal(regionCode: string, name: string, variables: Record<string, unknown> = {}): Promise<string[]> {
    checkVariables(variables);
    return this.applier.tx((trx) => this.applier.broadcastIn(trx, regionCode, name, variables, 0));
  }

  async cancel(instanceId: string, opts: { actor?: EngineCaller | null; reason?: string } = {}): Promise<void> {
    await this.applier.tx(async (trx) => {
      const loaded = await this.applier.lockInstance(trx, instanceId);
      await this.applier.apply(trx, loaded, (now) =>
        core.cancelInstance(loaded.state, loaded.model, now, { actor: engineActor(opts.actor), reason: opts.reason }, this.engineOptions),
      );
      if (this.options.audit !== false)
        await recordAudit(trx, {
          actor: auditActor(opts.actor),
          action: 'engine.cancel',
          entity: 'engine_instance',
          entityId: instanceId,
          regionCode: loaded.row.region_code,
          after: { reason: opts.reason ?? null },
        });
    });
  }

  async resolveIncident(incidentId: string, opts: { variables?: Record<string, unknown>; actor?: EngineCaller | null } = {}): Promise<void> {
    await this.applier.tx(async (trx) => {
      const row = await trx.selectFrom('engine_incidents').selectAll().where('id', '=', incidentId).executeTakeFirst();
      if (!row) throw new NotFoundError(`incident ${incidentId} not found`);
      const loaded = await this.applier.lockInstance(trx, row.instance_id);
      const fresh = await trx.selectFrom('engine_incidents').select('status').where('id', '=', incidentId).executeTakeFirstOrThrow();
      if (fresh.status !== 'open') throw new ConflictError(`incident ${incidentId} is already resolved`);
      const inc = { id: row.id, elementKey: row.element_key, jobId: row.job_id ?? undefined, serviceType: row.service_type ?? undefined };
      await this.applier.apply(trx, loaded, (now) => core.resolveIncident(loaded.state, loaded.model, inc, opts.variables ?? {}, now, this.engineOptions));
      if (this.options.audit !== false)
        await recordAudit(trx, {
          actor: auditActor(opts.actor),
          action: 'engine.resolve_incident',
          entity: 'engine_incident',
          entityId: incidentId,
          regionCode: row.region_code,
          after: { variables: opts.variables ?? {} },
        });
    });
  }

  // ---- job executor (./store/jobs.ts) ----------------------------------------------------

  /** Leases up to `limit` due jobs to this worker (skipping rows other workers hold). */
  acquireJobs(limit = 10): Promise<JobRecord[]> {
    return this.jobs.acquire(limit);
  }

  /** Runs a leased job. A job whose lease was lost, or that was withdrawn meanwhile, is left alone. */
  executeJob(job: JobRecord): Promise<'done' | 'skipped'> {
    return this.jobs.execute(job);
  }

  /** Runs due jobs until none is left (or `max` ran). Returns how many ran. */
  runDueJobs(max = 10_000): Promise<number> {
    return this.jobs.runDue(max);
  }

  /** Polls for due jobs every `intervalMs` until stopped. */
  startJobExecutor(intervalMs = 1000): { stop: () => Promise<void> } {
    return this.jobs.start(intervalMs);
  }
}
