// How the durable engine runs a command: in a transaction (retried on deadlock), on an
// instance locked for it, its effects written in one call of engine_apply, then followed to
// the instances they reach (./../router.ts) in the same transaction — called processes, their
// callers, messages and signals (correlated and broadcast here). Instances this process wrote
// last are remembered, so that the next command on one needs no read.
import crypto from 'node:crypto';
import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import * as core from '../commands/index.js';
import { EngineError, NotFoundError } from '../errors.js';
import type { ProcessModel } from '../model.js';
import type { Effects, InstanceState, SubscriptionRecord, TaskRecord } from '../state.js';
import { MAX_SIGNAL_RECEIVERS } from '../memory.js';
import { signalSubscription } from '../behavior/definitions/signal.js';
import { calledProcessMissing, cancelCalledProcess, notifyCaller, reachesOthers, routeInTurn, type EffectRoutes } from '../router.js';
import { json } from './queries.js';
import { applyCommand } from './write.js';
import { engineActor, type EngineCaller } from './actors.js';
import type { Deployments } from './deployments.js';

type Db = Kysely<Database>;
type Tx = Transaction<Database>;

/** An instance as a command runs on it: its row, its state, its model. */
export interface Loaded {
  row: { id: string; region_code: string; deployment_id: number; process_key: string };
  state: InstanceState;
  model: ProcessModel;
}

const MAX_CASCADE = 64;
/** How many instances (and four times as many tasks) a process remembers after writing them. */
const RECENT = 10_000;

export class CommandApplier {
  /**
   * Active instances this process wrote last, as written (state JSON, revision), and the tasks
   * those commands created: completing such a task needs no read. An entry that another
   * command has overtaken fails the write's revision check and the command reads the database.
   */
  readonly recent = new Map<string, { revision: number; state: string; row: Loaded['row'] }>();
  readonly recentTasks = new Map<string, TaskRecord>();

  constructor(
    private readonly db: Db,
    private readonly deployments: Deployments,
    private readonly host: { now(): Date; engineOptions: core.EngineOptions },
  ) {}

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

  /** Runs fn in a transaction, retrying on deadlock and serialisation failure. */
  async tx<T>(fn: (trx: Tx) => Promise<T>): Promise<T> {
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

  async lockInstance(trx: Tx, instanceId: string): Promise<Loaded> {
    const row = await trx
      .selectFrom('engine_instances')
      .select(['id', 'region_code', 'deployment_id', 'process_key', 'state'])
      .where('id', '=', instanceId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`process instance ${instanceId} not found`);
    const state = (typeof row.state === 'string' ? JSON.parse(row.state) : row.state) as InstanceState;
    return { row, state, model: await this.deployments.model(trx, row.deployment_id, row.process_key) };
  }

  startLoaded(state: InstanceState, model: ProcessModel, deploymentId: number, regionCode: string): Loaded {
    return { row: { id: state.id, region_code: regionCode, deployment_id: deploymentId, process_key: model.id }, state, model };
  }

  async startIn(trx: Tx, model: ProcessModel, deploymentId: number, regionCode: string, start: core.StartOptions, depth: number): Promise<Effects> {
    const r = core.startInstance(model, start, this.host.now(), this.host.engineOptions);
    await this.writeEffects(trx, this.startLoaded(r.state, model, deploymentId, regionCode), r.effects, depth, r.state, { start });
    return r.effects;
  }

  /** Runs a core command on a locked instance and writes everything it produced. */
  async apply(trx: Tx, loaded: Loaded, command: (now: Date) => core.CommandResult, depth = 0): Promise<Effects> {
    const r = command(this.host.now());
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
  async writeEffects(
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
    const now = this.host.now();
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
      const r = command(this.host.now());
      if (r) await this.writeEffects(trx, target, r.effects, depth, r.state);
    };
    return {
      cancelChild: async (childId) => {
        const child = await this.lockInstance(trx, childId).catch(() => null);
        await run(child, (n) => child && cancelCalledProcess(child.state, child.model, n, this.host.engineOptions));
      },
      startChild: async (c) => {
        // The latest version in the region, else the process of the same file.
        const sameFile = (await this.deployments.modelSet(trx, loaded.row.deployment_id)).processes.find((p) => p.id === c.processId);
        const deploymentId = (await this.deployments.latestDeployment(trx, region, c.processId)) ?? (sameFile ? loaded.row.deployment_id : null);
        if (!deploymentId) {
          const caller = await this.lockInstance(trx, loaded.row.id);
          await run(caller, (n) => calledProcessMissing(caller.state, caller.model, c, n, this.host.engineOptions));
          return;
        }
        const model = await this.deployments.model(trx, deploymentId, c.processId);
        await this.startIn(trx, model, deploymentId, region, { instanceId: c.instanceId, deploymentId: String(deploymentId), variables: c.variables, parent: c.parent }, depth);
      },
      notifyParent: async (n) => {
        const parent = await this.lockInstance(trx, n.instanceId);
        await run(parent, (now) => notifyCaller(parent.state, parent.model, n, now, this.host.engineOptions));
      },
      publishMessage: async (m) => void (await this.correlateIn(trx, region, m.name, m.correlationKey, m.variables, depth)),
      broadcastSignal: async (s) => void (await this.broadcastIn(trx, region, s.name, s.variables, depth)),
    };
  }

  /** A message reaches the oldest subscription waiting for it in the region (name and key), else starts the latest process with that message start event. */
  async correlateIn(
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
      await this.apply(trx, loaded, (now) => core.correlateMessage(loaded.state, loaded.model, sub, variables, now, this.host.engineOptions, engineActor(opts.actor)), depth);
      return [c.instance_id];
    }
    const starters = await trx.selectFrom('engine_deployments').select(['id', 'process_key']).where('region_code', '=', regionCode).orderBy('id', 'desc').execute();
    for (const d of starters) {
      const set = await this.deployments.modelSet(trx, d.id);
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

  /**
   * A signal reaches, in its region only, every instance waiting for it (at most
   * MAX_SIGNAL_RECEIVERS, oldest first) and starts the latest version of every process with a
   * signal start event for it, all in the transaction of the command that threw it.
   */
  async broadcastIn(trx: Tx, regionCode: string, name: string, variables: Record<string, unknown>, depth: number): Promise<string[]> {
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
      await this.apply(trx, loaded, (now) => core.correlateMessage(loaded.state, loaded.model, sub, variables, now, this.host.engineOptions), depth);
      reached.push(w.instance_id);
    }
    for (const { deploymentId, model } of await this.deployments.latestModels(trx, regionCode)) {
      if (!model.signalStarts?.[name]) continue;
      const id = crypto.randomUUID();
      await this.startIn(trx, model, deploymentId, regionCode, { instanceId: id, deploymentId: String(deploymentId), variables, signalName: name }, depth);
      reached.push(id);
    }
    return reached;
  }
}
