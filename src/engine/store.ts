// The durable engine: the interpreter core (./core.ts) over the database. Every command is
// one transaction that writes the new state, tasks, jobs, subscriptions, incidents, tokens
// and history together. A start or task completion that reaches no other instance is a
// single statement that applies only if the instance is still at the revision it read (or,
// for a task this process just created, at the revision it last wrote); the other commands
// lock their process instance row (SELECT ... FOR UPDATE) and run the core under the lock. A task completed twice (or by two clients at once) advances the process once;
// the loser gets a ConflictError (HTTP 409). Jobs (timers, service calls) are shared by
// every server process through FOR UPDATE SKIP LOCKED with leases that expire. This file holds
// the commands; ./store/ the tables, the write argument, the queries and the job executor.
import crypto from 'node:crypto';
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../store/schema.js';
import { recordAudit } from '../audit/trail.js';
import type { Actor as OrgActor } from '../org/model.js';
import * as core from './commands/index.js';
import { importBpmn } from './bpmn/import.js';
import { ConflictError, EngineError, NotFoundError } from './errors.js';
import type { ModelSet, ProcessModel, ValidationResult } from './model.js';
import type { Actor, Effects, InstanceState, JobRecord, SubscriptionRecord, TaskRecord } from './state.js';
import type { CalendarResolver } from './time.js';
import { MAX_SIGNAL_RECEIVERS, type ServiceHandler } from './memory.js';
import { signalSubscription } from './behavior/definitions/signal.js';
import { calledProcessMissing, cancelCalledProcess, notifyCaller, reachesOthers, routeInTurn, type EffectRoutes } from './router.js';
import { conditionalStartsHolding, firstStartJobs } from './behavior/start-events.js';
import { calendarResolver } from './calendars.js';
import { checkVariables } from './behavior/variables.js';
import { EngineQueries, json, taskFromRow } from './store/queries.js';
import type { EngineTaskTable } from './store/tables.js';
import { applyCommand } from './store/write.js';
import { JobExecutor } from './store/jobs.js';

export type * from './store/tables.js';
export type { InstanceQuery, InstanceSummary } from './store/queries.js';
import type { EngineLimits } from './bounds.js';

type Db = Kysely<Database>;

export interface StartRequest {
  regionCode: string;
  variables?: Record<string, unknown>;
  businessKey?: string;
  actor?: EngineCaller | null;
  deploymentId?: number;
  messageName?: string;
}
type Tx = Transaction<Database>;

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

export interface DeployResult {
  validation: ValidationResult;
  deployments: Array<{ id: number; processKey: string; version: number }>;
}

export interface Loaded {
  row: { id: string; region_code: string; deployment_id: number; process_key: string };
  state: InstanceState;
  model: ProcessModel;
}

/** What an actor is, for the engine: a name, a department, a role. */
export type EngineCaller = Pick<OrgActor, 'userId' | 'username' | 'role'> & Partial<Pick<OrgActor, 'departmentId' | 'regionCode' | 'displayName'>> & { departmentCode?: string };

export function engineActor(actor: EngineCaller | null | undefined): Actor | undefined {
  if (!actor) return undefined;
  const dept = actor.departmentCode ?? (actor.departmentId != null ? String(actor.departmentId) : undefined);
  return { userId: actor.userId, username: actor.username, role: actor.role, ...(dept ? { departmentCode: dept } : {}) };
}

function auditActor(a: EngineCaller | null | undefined): OrgActor | null {
  if (!a) return null;
  return { userId: a.userId, username: a.username, role: a.role, displayName: a.displayName ?? a.username, regionCode: a.regionCode ?? '', departmentId: a.departmentId ?? null };
}

const MAX_CASCADE = 64;
/** How many instances (and four times as many tasks) a process remembers after writing them. */
const RECENT = 10_000;

export class EngineStore extends EngineQueries {
  private readonly models = new Map<number, ModelSet>();
  /**
   * Active instances this process wrote last, as written (state JSON, revision), and the tasks
   * those commands created: completing such a task needs no read. An entry that another
   * command has overtaken fails the write's revision check and the command reads the database.
   */
  private readonly recent = new Map<string, { revision: number; state: string; row: Loaded['row'] }>();
  private readonly recentTasks = new Map<string, TaskRecord>();
  /** The latest deployment id per region and process key, as this process last saw it. */
  private readonly latest = new Map<string, number>();
  readonly workerId: string;
  private readonly options: EngineStoreOptions;
  private readonly engineOptions: core.EngineOptions;
  private readonly jobs: JobExecutor;

  constructor(db: Db, options: EngineStoreOptions = {}) {
    super(db, options.now ?? (() => new Date()));
    this.options = options;
    this.workerId = options.workerId ?? `${process.pid}:${crypto.randomBytes(4).toString('hex')}`;
    this.engineOptions = { ...options.limits, calendars: options.calendars ?? calendarResolver() };
    this.jobs = new JobExecutor({
      db,
      workerId: this.workerId,
      leaseMs: options.leaseMs ?? 30_000,
      handlers: options.handlers ?? {},
      engineOptions: this.engineOptions,
      now: () => this.now(),
      tx: (fn) => this.tx(fn),
      lockInstance: (trx, id) => this.lockInstance(trx, id),
      apply: (trx, loaded, command) => this.apply(trx, loaded, command),
      model: (trx, deploymentId, processKey) => this.model(trx, deploymentId, processKey),
      insertStartJob: (trx, regionCode, job) => this.insertStartJob(trx, regionCode, job),
      startIn: (trx, model, deploymentId, regionCode, start) => this.startIn(trx, model, deploymentId, regionCode, start, 0),
    });
  }

  private remember(row: Loaded['row'], state: InstanceState, stateJson: string, revision: number, tasks: TaskRecord[]): void {
    this.recent.delete(row.id);
    if (state.status !== 'active') return;
    this.recent.set(row.id, { revision, state: stateJson, row });
    for (const t of tasks) if (t.instanceId === row.id) this.recentTasks.set(t.id, t);
    for (const k of this.recent.keys()) {
      if (this.recent.size <= RECENT) break;
      this.recent.delete(k);
    }
    for (const k of this.recentTasks.keys()) {
      if (this.recentTasks.size <= 4 * RECENT) break;
      this.recentTasks.delete(k);
    }
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
  async deploy(xml: string, opts: { regionCode: string; actor?: EngineCaller | null }): Promise<DeployResult> {
    const { validation, models } = await importBpmn(xml, this.options.limits);
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
    await this.tx(async (trx) => {
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
        if (this.options.audit !== false)
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
    const { jobs, problems } = firstStartJobs(model, String(deploymentId), this.now(), this.engineOptions, () => `${deploymentId}:start:${crypto.randomUUID()}`);
    if (problems.length)
      throw new EngineError('unsupported', 'the model is valid BPMN 2.0 but not executable here', { errors: [], unsupported: problems, warnings: validation.warnings });
    for (const j of jobs) await this.insertStartJob(trx, regionCode, j);
  }

  private async insertStartJob(trx: Tx, regionCode: string, job: JobRecord): Promise<void> {
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
    return this.tx(async (trx) => {
      const instances: string[] = [];
      const failed: Array<{ processId: string; elementId: string; message: string }> = [];
      const deployments = await trx.selectFrom('engine_deployments').select(['id', 'process_key']).where('region_code', '=', regionCode).orderBy('id', 'desc').execute();
      const seen = new Set<string>();
      for (const d of deployments) {
        if (seen.has(d.process_key)) continue;
        seen.add(d.process_key);
        const model = (await this.modelSet(trx, d.id)).processes.find((p) => p.id === d.process_key);
        if (!model?.conditionalStarts?.length) continue;
        for (const startEventId of conditionalStartsHolding(model, variables, failed)) {
          const id = crypto.randomUUID();
          await this.startIn(trx, model, d.id, regionCode, { instanceId: id, deploymentId: String(d.id), variables, startEventId, actor: engineActor(opts.actor) }, 0);
          instances.push(id);
        }
      }
      return { instances, failed };
    });
  }

  private async modelSet(db: Db | Tx, deploymentId: number): Promise<ModelSet> {
    let set = this.models.get(deploymentId);
    if (!set) {
      const row = await db.selectFrom('engine_deployments').select('models').where('id', '=', deploymentId).executeTakeFirst();
      if (!row) throw new NotFoundError(`deployment ${deploymentId} not found`);
      set = (typeof row.models === 'string' ? JSON.parse(row.models) : row.models) as ModelSet;
      this.models.set(deploymentId, set);
    }
    return set;
  }

  private async model(db: Db | Tx, deploymentId: number, processKey: string): Promise<ProcessModel> {
    const set = await this.modelSet(db, deploymentId);
    const m = set.processes.find((p) => p.id === processKey);
    if (!m) throw new NotFoundError(`process ${processKey} is not in deployment ${deploymentId}`);
    return m;
  }

  private async latestDeployment(db: Db | Tx, regionCode: string, processKey: string): Promise<number | null> {
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

  // ---- transactions ----------------------------------------------------------------------

  /** Runs fn in a transaction, retrying on deadlock and serialisation failure. */
  private async tx<T>(fn: (trx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute(fn);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if ((code === '40P01' || code === '40001') && attempt < 6) continue;
        throw err;
      }
    }
  }

  private async lockInstance(trx: Tx, instanceId: string): Promise<Loaded> {
    const row = await trx
      .selectFrom('engine_instances')
      .select(['id', 'region_code', 'deployment_id', 'process_key', 'state'])
      .where('id', '=', instanceId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`process instance ${instanceId} not found`);
    const state = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as InstanceState;
    return { row, state, model: await this.model(trx, row.deployment_id, row.process_key) };
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
      const deploymentId = opts.deploymentId ?? this.latest.get(cacheKey) ?? (await this.latestDeployment(this.db, opts.regionCode, processKey));
      if (!deploymentId) throw new NotFoundError(`process ${processKey} is not deployed in region ${opts.regionCode}`);
      if (opts.deploymentId === undefined) this.latest.set(cacheKey, deploymentId);
      const model = await this.model(this.db, deploymentId, processKey);
      const start = startOptions(deploymentId);
      const r = core.startInstance(model, start, this.now(), this.engineOptions);
      // A start that reaches no other instance is one statement: atomic without a transaction.
      if (reachesOthers(r.effects)) break;
      const loaded = this.startLoaded(r.state, model, deploymentId, opts.regionCode);
      if (await this.writeEffects(this.db, loaded, r.effects, 0, r.state, { start, latest: opts.deploymentId === undefined ? processKey : undefined })) return mine(r.effects);
      this.latest.delete(cacheKey);
    }
    // Audited, reaching other instances, or deployed again and again meanwhile: one transaction.
    return this.tx(async (trx) => {
      const deploymentId = opts.deploymentId ?? (await this.latestDeployment(trx, opts.regionCode, processKey));
      if (!deploymentId) throw new NotFoundError(`process ${processKey} is not deployed in region ${opts.regionCode}`);
      const model = await this.model(trx, deploymentId, processKey);
      const fx = await this.startIn(trx, model, deploymentId, opts.regionCode, startOptions(deploymentId), 0);
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

  private startLoaded(state: InstanceState, model: ProcessModel, deploymentId: number, regionCode: string): Loaded {
    return { row: { id: state.id, region_code: regionCode, deployment_id: deploymentId, process_key: model.id }, state, model };
  }

  private async startIn(trx: Tx, model: ProcessModel, deploymentId: number, regionCode: string, start: core.StartOptions, depth: number): Promise<Effects> {
    const r = core.startInstance(model, start, this.now(), this.engineOptions);
    await this.writeEffects(trx, this.startLoaded(r.state, model, deploymentId, regionCode), r.effects, depth, r.state, { start });
    return r.effects;
  }

  /** Runs a core command on a locked instance and writes everything it produced. */
  private async apply(trx: Tx, loaded: Loaded, command: (now: Date) => core.CommandResult, depth = 0): Promise<Effects> {
    const r = command(this.now());
    await this.writeEffects(trx, loaded, r.effects, depth, r.state);
    return r.effects;
  }

  /**
   * Writes a command's effects on its own instance in one call of engine_apply (migration
   * 0008: instance state, tokens, tasks, jobs, subscriptions, incidents, history), then follows
   * it to the instances it reaches. Records born and ended in one command are written once,
   * in their final state. With a revision (a command on a state read without a lock) nothing
   * is written unless the instance is still at that revision; a start with `latest` writes
   * nothing when a newer deployment of its process exists. False when nothing was written.
   */
  private async writeEffects(
    db: Db | Tx,
    loaded: Loaded,
    fx: Effects,
    depth: number,
    newState: InstanceState,
    insert?: { start: core.StartOptions; latest?: string },
    revision?: number,
  ): Promise<boolean> {
    if (depth > MAX_CASCADE) throw new EngineError('invalid', 'call activities and messages cascade too deep');
    const instanceId = loaded.row.id;
    const now = this.now();
    const nowIso = now.toISOString();
    const guarded = revision !== undefined;
    if (!guarded) this.recent.delete(instanceId);
    const stateJson = JSON.stringify(newState);
    if (db === this.db && reachesOthers(fx)) throw new Error('a command that reaches other instances must run in a transaction');
    const command = applyCommand(loaded.row, fx, newState, stateJson, nowIso, insert, revision);
    const res = await db.executeQuery<{ n: number }>(CompiledQuery.raw('select engine_apply($1::jsonb) as n', [command]));
    const n = Number(res.rows[0]?.n);
    if (n !== 1) {
      if (!guarded && !insert?.latest) throw new Error(`engine_apply refused an unguarded write (${n})`);
      this.recent.delete(instanceId);
      return false;
    }
    if (db === this.db) {
      // Outside a transaction the write has committed: the next command on this instance needs no read.
      this.remember(loaded.row, newState, stateJson, guarded ? revision + 1 : 1, fx.tasksCreated);
      return true;
    }
    if (!reachesOthers(fx)) return true;
    // Other instances this command reaches, in the same transaction.
    await routeInTurn(fx, this.routesFrom(db as Tx, loaded, depth + 1));
    return true;
  }

  /** How the durable engine carries a command's routes (./router.ts): in the command's transaction, within its region. */
  private routesFrom(trx: Tx, loaded: Loaded, depth: number): EffectRoutes<Promise<void>> {
    const region = loaded.row.region_code;
    const run = async (target: Loaded | null, command: (now: Date) => core.CommandResult | null) => {
      if (!target) return;
      const r = command(this.now());
      if (r) await this.writeEffects(trx, target, r.effects, depth, r.state);
    };
    return {
      cancelChild: async (childId) => {
        const child = await this.lockInstance(trx, childId).catch(() => null);
        await run(child, (n) => child && cancelCalledProcess(child.state, child.model, n, this.engineOptions));
      },
      startChild: async (c) => {
        // The latest version in the region, else the process of the same file.
        const sameFile = (await this.modelSet(trx, loaded.row.deployment_id)).processes.find((p) => p.id === c.processId);
        const deploymentId = (await this.latestDeployment(trx, region, c.processId)) ?? (sameFile ? loaded.row.deployment_id : null);
        if (!deploymentId) {
          const caller = await this.lockInstance(trx, loaded.row.id);
          await run(caller, (n) => calledProcessMissing(caller.state, caller.model, c, n, this.engineOptions));
          return;
        }
        const model = await this.model(trx, deploymentId, c.processId);
        await this.startIn(trx, model, deploymentId, region, { instanceId: c.instanceId, deploymentId: String(deploymentId), variables: c.variables, parent: c.parent }, depth);
      },
      notifyParent: async (n) => {
        const parent = await this.lockInstance(trx, n.instanceId);
        await run(parent, (now) => notifyCaller(parent.state, parent.model, n, now, this.engineOptions));
      },
      publishMessage: async (m) => void (await this.correlateIn(trx, region, m.name, m.correlationKey, m.variables, depth)),
      broadcastSignal: async (s) => void (await this.broadcastIn(trx, region, s.name, s.variables, depth)),
    };
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
      const known = attempt === 0 ? this.recentTasks.get(taskId) : undefined;
      const mine = known && this.recent.get(known.instanceId);
      if (known && mine) {
        this.recentTasks.delete(taskId);
        const loaded: Loaded = { row: mine.row, state: JSON.parse(mine.state) as InstanceState, model: await this.model(this.db, mine.row.deployment_id, mine.row.process_key) };
        let r: core.CommandResult | null = null;
        try {
          r = core.completeTask(loaded.state, loaded.model, known, { variables: opts.variables, actor: engineActor(opts.actor) }, this.now(), this.engineOptions);
        } catch {
          // Perhaps only the remembered state is behind: the database decides.
        }
        if (r && !reachesOthers(r.effects) && (await this.writeEffects(this.db, loaded, r.effects, 0, r.state, undefined, mine.revision)))
          return { tasksCreated: r.effects.tasksCreated };
        this.recent.delete(known.instanceId);
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
        model: await this.model(this.db, Number(row.i_deployment), row.i_process),
      };
      const task = taskFromRow(row);
      const r = core.completeTask(loaded.state, loaded.model, task, { variables: opts.variables, actor: engineActor(opts.actor) }, this.now(), this.engineOptions);
      if (reachesOthers(r.effects)) break;
      if (await this.writeEffects(this.db, loaded, r.effects, 0, r.state, undefined, Number(row.i_revision))) return { tasksCreated: r.effects.tasksCreated };
    }
    return this.tx(async (trx) => {
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
        model: await this.model(trx, Number(row.i_deployment), row.i_process),
      };
      const task = taskFromRow(row);
      const fx = await this.apply(trx, loaded, (now) =>
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
    await this.tx(async (trx) => {
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
    return this.tx(async (trx) => {
      const reached = await this.correlateIn(trx, regionCode, name, correlationKey, variables, 0, opts);
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

  private async correlateIn(
    trx: Tx,
    regionCode: string,
    name: string,
    correlationKey: string | null,
    variables: Record<string, unknown>,
    depth: number,
    opts: { actor?: EngineCaller | null; departmentCode?: string } = {},
  ): Promise<string[]> {
    let waiting = trx
      .selectFrom('engine_subscriptions')
      .select(['id', 'instance_id', 'subscription'])
      .where('region_code', '=', regionCode)
      .where('message_name', '=', name)
      .where((eb) => eb.or([eb('correlation_key', '=', correlationKey ?? ''), eb('correlation_key', 'is', null)]));
    if (opts.departmentCode !== undefined) {
      waiting = waiting.where(
        sql<boolean>`exists (select 1 from engine_tasks t where t.instance_id = engine_subscriptions.instance_id and t.candidates->'departments' ? ${opts.departmentCode})`,
      );
    }
    const candidates = await waiting.orderBy('id').limit(1).execute();
    for (const c of candidates) {
      const loaded = await this.lockInstance(trx, c.instance_id);
      const still = await trx.selectFrom('engine_subscriptions').select('subscription').where('id', '=', c.id).executeTakeFirst();
      if (!still) continue;
      const sub = (typeof still.subscription === 'string' ? JSON.parse(still.subscription) : still.subscription) as SubscriptionRecord;
      await this.apply(trx, loaded, (now) => core.correlateMessage(loaded.state, loaded.model, sub, variables, now, this.engineOptions, engineActor(opts.actor)), depth);
      return [c.instance_id];
    }
    const starters = await trx.selectFrom('engine_deployments').select(['id', 'process_key']).where('region_code', '=', regionCode).orderBy('id', 'desc').execute();
    for (const d of starters) {
      const set = await this.modelSet(trx, d.id);
      const model = set.processes.find((p) => p.id === d.process_key);
      if (!model?.messageStarts[name]) continue;
      const id = crypto.randomUUID();
      await this.startIn(
        trx,
        model,
        d.id,
        regionCode,
        { instanceId: id, deploymentId: String(d.id), variables, businessKey: correlationKey ?? undefined, messageName: name, actor: engineActor(opts.actor) },
        depth,
      );
      return [id];
    }
    return [];
  }

  /** Broadcasts a signal in a region (see broadcastIn). */
  async signal(regionCode: string, name: string, variables: Record<string, unknown> = {}): Promise<string[]> {
    checkVariables(variables);
    return this.tx((trx) => this.broadcastIn(trx, regionCode, name, variables, 0));
  }

  /**
   * A signal reaches, in its region only, every instance waiting for it (at most
   * MAX_SIGNAL_RECEIVERS, oldest first) and starts the latest version of every process with a
   * signal start event for it, all in the transaction of the command that threw it.
   */
  private async broadcastIn(trx: Tx, regionCode: string, name: string, variables: Record<string, unknown>, depth: number): Promise<string[]> {
    const reached: string[] = [];
    const waiting = await trx
      .selectFrom('engine_subscriptions')
      .select(['id', 'instance_id'])
      .where('region_code', '=', regionCode)
      .where('message_name', '=', signalSubscription(name))
      .orderBy('id')
      .limit(MAX_SIGNAL_RECEIVERS)
      .execute();
    for (const w of waiting) {
      const loaded = await this.lockInstance(trx, w.instance_id);
      const still = await trx.selectFrom('engine_subscriptions').select('subscription').where('id', '=', w.id).executeTakeFirst();
      if (!still || loaded.state.status !== 'active') continue;
      const sub = json<SubscriptionRecord>(still.subscription);
      await this.apply(trx, loaded, (now) => core.correlateMessage(loaded.state, loaded.model, sub, variables, now, this.engineOptions), depth);
      reached.push(w.instance_id);
    }
    const deployments = await trx.selectFrom('engine_deployments').select(['id', 'process_key']).where('region_code', '=', regionCode).orderBy('id', 'desc').execute();
    const seen = new Set<string>();
    for (const d of deployments) {
      if (seen.has(d.process_key)) continue;
      seen.add(d.process_key);
      const model = (await this.modelSet(trx, d.id)).processes.find((p) => p.id === d.process_key);
      if (!model?.signalStarts?.[name]) continue;
      const id = crypto.randomUUID();
      await this.startIn(trx, model, d.id, regionCode, { instanceId: id, deploymentId: String(d.id), variables, signalName: name }, depth);
      reached.push(id);
    }
    return reached;
  }

  async cancel(instanceId: string, opts: { actor?: EngineCaller | null; reason?: string } = {}): Promise<void> {
    await this.tx(async (trx) => {
      const loaded = await this.lockInstance(trx, instanceId);
      await this.apply(trx, loaded, (now) => core.cancelInstance(loaded.state, loaded.model, now, { actor: engineActor(opts.actor), reason: opts.reason }, this.engineOptions));
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
    await this.tx(async (trx) => {
      const row = await trx.selectFrom('engine_incidents').selectAll().where('id', '=', incidentId).executeTakeFirst();
      if (!row) throw new NotFoundError(`incident ${incidentId} not found`);
      const loaded = await this.lockInstance(trx, row.instance_id);
      const fresh = await trx.selectFrom('engine_incidents').select('status').where('id', '=', incidentId).executeTakeFirstOrThrow();
      if (fresh.status !== 'open') throw new ConflictError(`incident ${incidentId} is already resolved`);
      const inc = { id: row.id, elementKey: row.element_key, jobId: row.job_id ?? undefined, serviceType: row.service_type ?? undefined };
      await this.apply(trx, loaded, (now) => core.resolveIncident(loaded.state, loaded.model, inc, opts.variables ?? {}, now, this.engineOptions));
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

  // ---- reading ---------------------------------------------------------------------------

  /** Instances in a region subtree, newest first, with the deployment's version; filtered and paged. */

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
