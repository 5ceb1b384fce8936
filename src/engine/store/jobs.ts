// The job executor of the durable engine: timers, service calls, asynchronous continuations
// and timer starts are rows in engine_jobs, shared by every server process on one database.
// Each leases due jobs with FOR UPDATE SKIP LOCKED and a lease that expires (a worker that dies
// leaves its jobs to the others); a worker whose lease was taken over leaves the job. A service
// handler runs outside the transaction, its outcome is applied under the instance's lock.
import crypto from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';
import * as core from '../commands/index.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { ProcessModel } from '../model.js';
import type { Effects, InstanceState, JobRecord } from '../state.js';
import { BpmnError, type ServiceHandler } from '../memory.js';
import { nextStartJob } from '../behavior/start-events.js';
import type { Loaded } from './apply.js';

type Tx = Transaction<Database>;

/** What the executor needs of the engine it runs jobs for. */
export interface JobHost {
  db: Kysely<Database>;
  workerId: string;
  leaseMs: number;
  handlers: Record<string, ServiceHandler>;
  engineOptions: core.EngineOptions;
  now(): Date;
  tx<T>(fn: (trx: Tx) => Promise<T>): Promise<T>;
  lockInstance(trx: Tx, instanceId: string): Promise<Loaded>;
  /** Runs a core command on a locked instance and writes everything it produced (and what it reaches). */
  apply(trx: Tx, loaded: Loaded, command: (now: Date) => core.CommandResult): Promise<Effects>;
  model(trx: Tx, deploymentId: number, processKey: string): Promise<ProcessModel>;
  insertStartJob(trx: Tx, regionCode: string, job: JobRecord): Promise<void>;
  startIn(trx: Tx, model: ProcessModel, deploymentId: number, regionCode: string, start: core.StartOptions): Promise<Effects>;
}

export class JobExecutor {
  constructor(private readonly host: JobHost) {}

  /** Leases up to `limit` due jobs to this worker (skipping rows other workers hold). */
  async acquire(limit = 10): Promise<JobRecord[]> {
    const now = this.host.now();
    const until = new Date(now.getTime() + this.host.leaseMs);
    const rows = await sql<{ job: unknown }>`
      update engine_jobs set locked_by = ${this.host.workerId}, lock_expires_at = ${until}, attempts = attempts + 1
      where id in (
        select id from engine_jobs
        where due_at <= ${now} and (lock_expires_at is null or lock_expires_at < ${now})
        order by due_at
        limit ${limit}
        for update skip locked)
      returning job`.execute(this.host.db);
    return rows.rows.map((r) => (typeof r.job === 'string' ? JSON.parse(r.job) : r.job) as JobRecord);
  }

  /** Runs a leased job. A job whose lease was lost, or that was withdrawn meanwhile, is left alone. */
  async execute(job: JobRecord): Promise<'done' | 'skipped'> {
    if (job.kind === 'start') return this.executeStart(job);
    let outcome: { kind: 'ok'; variables: Record<string, unknown> } | { kind: 'error'; code: string } | { kind: 'fail'; message: string } | null = null;
    if (job.kind === 'service') {
      const handler = job.serviceType ? this.host.handlers[job.serviceType] : undefined;
      if (!handler) outcome = { kind: 'fail', message: `no handler registered for "${job.serviceType}"` };
      else {
        const inst = await this.host.db.selectFrom('engine_instances').select('state').where('id', '=', job.instanceId).executeTakeFirst();
        const state = inst ? ((typeof inst.state === 'string' ? JSON.parse(inst.state) : inst.state) as InstanceState) : null;
        try {
          outcome = { kind: 'ok', variables: (await handler({ job, variables: { ...(state?.variables ?? {}) } })) ?? {} };
        } catch (err) {
          outcome = err instanceof BpmnError ? { kind: 'error', code: err.errorCode } : { kind: 'fail', message: (err as Error).message ?? String(err) };
        }
      }
    }
    return this.host.tx(async (trx) => {
      const loaded = await this.host.lockInstance(trx, job.instanceId).catch((err) => {
        if (err instanceof NotFoundError) return null;
        throw err;
      });
      if (!loaded) return 'skipped' as const;
      const row = await trx.selectFrom('engine_jobs').select(['locked_by']).where('id', '=', job.id).executeTakeFirst();
      if (!row || row.locked_by !== this.host.workerId) return 'skipped' as const;
      const o = outcome;
      try {
        await this.host.apply(trx, loaded, (now) => {
          if (job.kind === 'timer') return core.fireTimer(loaded.state, loaded.model, job, now, this.host.engineOptions);
          if (job.kind === 'continuation') return core.runContinuation(loaded.state, loaded.model, job, now, this.host.engineOptions);
          if (o?.kind === 'ok') return core.completeJob(loaded.state, loaded.model, job, o.variables, now, this.host.engineOptions);
          if (o?.kind === 'error') return core.throwJobError(loaded.state, loaded.model, job, o.code, now, this.host.engineOptions);
          return core.failJob(loaded.state, loaded.model, job, o?.message ?? 'failed', now, this.host.engineOptions);
        });
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
        // The element moved on (e.g. the task was completed before its timer ran): drop the job.
        await trx.deleteFrom('engine_jobs').where('id', '=', job.id).execute();
        return 'skipped' as const;
      }
      await trx.deleteFrom('engine_jobs').where('id', '=', job.id).execute();
      return 'done' as const;
    });
  }

  /**
   * A timer start fell due: in one transaction the instance starts on the job's deployment
   * (the latest: a new version removed the earlier ones' jobs), the job is removed and the
   * next firing of a cycle is scheduled. Exactly once, like every timer.
   */
  private async executeStart(job: JobRecord): Promise<'done' | 'skipped'> {
    return this.host.tx(async (trx) => {
      const row = await trx.selectFrom('engine_jobs').select(['locked_by', 'region_code']).where('id', '=', job.id).forUpdate().executeTakeFirst();
      if (!row || row.locked_by !== this.host.workerId) return 'skipped' as const;
      await trx.deleteFrom('engine_jobs').where('id', '=', job.id).execute();
      const deploymentId = Number(job.deploymentId);
      const model = await this.host.model(trx, deploymentId, job.processId ?? '').catch((err) => {
        if (err instanceof NotFoundError) return null;
        throw err;
      });
      if (!model) return 'skipped' as const;
      const now = this.host.now();
      const next = nextStartJob(model, job, now, this.host.engineOptions, `${deploymentId}:start:${crypto.randomUUID()}`);
      if (next) await this.host.insertStartJob(trx, row.region_code, next);
      if (job.error) return 'done' as const;
      await this.host.startIn(trx, model, deploymentId, row.region_code, {
        instanceId: crypto.randomUUID(),
        deploymentId: String(deploymentId),
        startEventId: job.elementId,
        timer: { jobId: job.id, dueAt: job.dueAt },
      });
      return 'done' as const;
    });
  }

  /** Runs due jobs until none is left (or `max` ran). Returns how many ran. */
  async runDue(max = 10_000): Promise<number> {
    let n = 0;
    while (n < max) {
      const jobs = await this.acquire(Math.min(20, max - n));
      if (jobs.length === 0) break;
      for (const j of jobs) if ((await this.execute(j)) === 'done') n++;
    }
    return n;
  }

  /** Polls for due jobs every `intervalMs` until stopped. */
  start(intervalMs = 1000): { stop: () => Promise<void> } {
    let stopped = false;
    let running: Promise<unknown> = Promise.resolve();
    const tick = async () => {
      if (stopped) return;
      running = this.runDue(200).catch(() => 0);
      await running;
      if (!stopped) timer = setTimeout(tick, intervalMs);
    };
    let timer = setTimeout(tick, 0);
    return {
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        await running;
      },
    };
  }
}
