// The engine in memory: the same interpreter core as the durable engine, with instances,
// tasks, jobs and subscriptions held in maps and time read from a clock the caller sets.
// It serves the dry run on a virtual clock (./dry-run.ts), simulation, tests and the
// in-memory benchmark.
import * as core from './commands/index.js';
import { ConflictError, InvalidInputError, NotFoundError } from './errors.js';
import type { ModelSet, ProcessModel } from './model.js';
import type { Actor, Effects, HistoryEvent, IncidentRecord, InstanceState, JobRecord, SubscriptionRecord, TaskRecord } from './state.js';
import type { EngineOptions } from './core.js';
import { signalSubscription } from './behavior/definitions/signal.js';
import { conditionalStartsHolding, firstStartJobs, nextStartJob } from './behavior/start-events.js';
import { calledProcessMissing, cancelCalledProcess, notifyCaller, reachesOthers, routeNow, type EffectRoutes } from './router.js';

/** Instances one signal reaches at most, and how deep signals may throw signals (the durable engine has the same bounds). */
export const MAX_SIGNAL_RECEIVERS = 1000;
const MAX_SIGNAL_CASCADE = 64;

/** A service task handler: returns variables, or throws (BpmnError for a modelled error). */
export type ServiceHandler = (input: { job: JobRecord; variables: Record<string, unknown> }) => Record<string, unknown> | void | Promise<Record<string, unknown> | void>;

/** Thrown by a service handler to raise a BPMN error with a code (caught by error boundary events). */
export class BpmnError extends Error {
  constructor(
    readonly errorCode: string,
    message = `BPMN error ${errorCode}`,
  ) {
    super(message);
    this.name = 'BpmnError';
  }
}

export interface MemoryEngineOptions extends EngineOptions {
  /** Start time of the clock (default the current time). */
  now?: Date;
  /** Keep finished instances (and their history) in memory (default true). */
  retainCompleted?: boolean;
  /** Called with every history event as it happens. */
  onHistory?: (event: HistoryEvent) => void;
  /** Keep history events in `history` (default true). */
  keepHistory?: boolean;
  handlers?: Record<string, ServiceHandler>;
}

interface Running {
  state: InstanceState;
  model: ProcessModel;
}

export class MemoryEngine {
  now: Date;
  readonly history: HistoryEvent[] = [];
  readonly instances = new Map<string, Running>();
  readonly tasks = new Map<string, TaskRecord>();
  readonly jobs = new Map<string, JobRecord>();
  readonly subscriptions = new Map<string, SubscriptionRecord>();
  readonly incidents = new Map<string, IncidentRecord>();
  private readonly models = new Map<string, ProcessModel>();
  private seq = 0;
  private signalDepth = 0;
  private readonly options: MemoryEngineOptions;

  constructor(options: MemoryEngineOptions = {}) {
    this.options = options;
    this.now = options.now ?? new Date();
  }

  /**
   * Deploys processes (a process deployed again replaces the earlier one). A process with
   * timer start events gets one start job per event, owned by the deployment; deploying it
   * again replaces them. A first firing that cannot be computed refuses the deployment.
   */
  deploy(models: ModelSet | ProcessModel[] | ProcessModel): void {
    const list = Array.isArray(models) ? models : 'processes' in models ? models.processes : [models];
    const jobs: JobRecord[] = [];
    for (const m of list) {
      const first = firstStartJobs(m, m.id, this.now, this.options, () => `start:${m.id}:${++this.seq}`);
      if (first.problems.length) throw new InvalidInputError(first.problems.map((p) => `${p.id}: ${p.reason}`).join('; '));
      jobs.push(...first.jobs);
    }
    for (const m of list) {
      this.models.set(m.id, m);
      for (const [id, j] of this.jobs) if (j.kind === 'start' && j.processId === m.id) this.jobs.delete(id);
    }
    for (const j of jobs) this.jobs.set(j.id, j);
  }

  model(processId: string): ProcessModel {
    const m = this.models.get(processId);
    if (!m) throw new NotFoundError(`process ${processId} is not deployed`);
    return m;
  }

  start(processId: string, opts: { variables?: Record<string, unknown>; businessKey?: string; actor?: Actor; messageName?: string } = {}): string {
    const model = this.model(processId);
    const instanceId = `p${++this.seq}`;
    this.startWith(model, { instanceId, deploymentId: processId, ...opts });
    return instanceId;
  }

  private startWith(model: ProcessModel, opts: core.StartOptions): void {
    const r = core.startInstance(model, opts, this.now, this.options);
    this.instances.set(r.state.id, { state: r.state, model });
    this.apply(r.state, r.effects);
  }

  instance(id: string): InstanceState {
    const r = this.instances.get(id);
    if (!r) throw new NotFoundError(`process instance ${id} not found`);
    return r.state;
  }

  openTasks(filter: (t: TaskRecord) => boolean = () => true): TaskRecord[] {
    return [...this.tasks.values()].filter(filter);
  }

  completeTask(taskId: string, opts: core.CompleteTaskOptions = {}): void {
    const task = this.tasks.get(taskId);
    if (!task) throw new ConflictError(`task ${taskId} is not open`);
    const run = this.running(task.instanceId);
    this.exec(run, () => core.completeTask(run.state, run.model, task, opts, this.now, this.options));
  }

  claimTask(taskId: string, actor: Actor): void {
    const task = this.tasks.get(taskId);
    if (!task) throw new ConflictError(`task ${taskId} is not open`);
    if (task.assignee && task.assignee !== actor.username) throw new ConflictError(`task ${taskId} is claimed by ${task.assignee}`);
    task.assignee = actor.username;
    this.emit({
      type: 'task.claimed',
      at: this.now.toISOString(),
      instanceId: task.instanceId,
      processId: task.processId,
      elementId: task.elementId,
      elementKey: task.elementKey,
      elementType: 'userTask',
      taskId,
      actor: actor.username,
      department: actor.departmentCode,
    });
  }

  /** Publishes a message: a matching subscription of a running instance, else a message start event. Returns the instance ids it reached. */
  correlate(name: string, correlationKey: string | null, variables: Record<string, unknown> = {}): string[] {
    for (const sub of this.subscriptions.values()) {
      if (sub.messageName !== name) continue;
      if (sub.correlationKey !== null && sub.correlationKey !== correlationKey) continue;
      const run = this.running(sub.instanceId);
      this.exec(run, () => core.correlateMessage(run.state, run.model, sub, variables, this.now, this.options));
      return [sub.instanceId];
    }
    for (const model of this.models.values()) {
      if (model.messageStarts[name]) return [this.start(model.id, { messageName: name, variables, businessKey: correlationKey ?? undefined })];
    }
    return [];
  }

  /**
   * Broadcasts a signal: every instance waiting for it goes on (those waiting when it was
   * thrown), and every process with a signal start event for it starts. Returns the instances reached.
   */
  signal(name: string, variables: Record<string, unknown> = {}): string[] {
    if (++this.signalDepth > MAX_SIGNAL_CASCADE) {
      this.signalDepth = 0;
      throw new InvalidInputError(`signal "${name}": signals throw signals more than ${MAX_SIGNAL_CASCADE} deep`);
    }
    try {
      const reached: string[] = [];
      const key = signalSubscription(name);
      const waiting = [...this.subscriptions.values()].filter((s) => s.messageName === key).slice(0, MAX_SIGNAL_RECEIVERS);
      for (const sub of waiting) {
        if (!this.subscriptions.has(sub.id)) continue;
        const run = this.running(sub.instanceId);
        if (run.state.status !== 'active') continue;
        this.exec(run, () => core.correlateMessage(run.state, run.model, sub, variables, this.now, this.options));
        reached.push(sub.instanceId);
      }
      for (const model of [...this.models.values()]) {
        if (model.signalStarts?.[name]) {
          const instanceId = `p${++this.seq}`;
          this.startWith(model, { instanceId, deploymentId: model.id, variables, signalName: name });
          reached.push(instanceId);
        }
      }
      return reached;
    } finally {
      this.signalDepth--;
    }
  }

  cancel(instanceId: string, opts: { actor?: Actor; reason?: string } = {}): void {
    const run = this.running(instanceId);
    this.exec(run, () => core.cancelInstance(run.state, run.model, this.now, opts, this.options));
  }

  resolveIncident(incidentId: string, variables: Record<string, unknown> = {}): void {
    const inc = this.incidents.get(incidentId);
    if (!inc) throw new ConflictError(`incident ${incidentId} is not open`);
    const run = this.running(inc.instanceId);
    this.exec(run, () => core.resolveIncident(run.state, run.model, inc, variables, this.now, this.options));
  }

  /** The earliest due job (ties: creation order) of those `filter` lets through, or undefined. */
  nextJob(filter?: (j: JobRecord) => boolean): JobRecord | undefined {
    let best: JobRecord | undefined;
    for (const j of this.jobs.values()) if ((!best || j.dueAt < best.dueAt) && (!filter || filter(j))) best = j;
    return best;
  }

  /**
   * Offers variables to the conditional start events of every process: each whose condition
   * holds for them starts an instance with them. Returns the instances started, and the
   * conditions that could not be evaluated on these variables (by process and element id).
   */
  startByConditions(variables: Record<string, unknown>): { instances: string[]; failed: Array<{ processId: string; elementId: string; message: string }> } {
    const started: string[] = [];
    const failed: Array<{ processId: string; elementId: string; message: string }> = [];
    for (const model of [...this.models.values()]) {
      for (const startEventId of conditionalStartsHolding(model, variables, failed)) {
        const instanceId = `p${++this.seq}`;
        this.startWith(model, { instanceId, deploymentId: model.id, variables, startEventId });
        started.push(instanceId);
      }
    }
    return { instances: started, failed };
  }

  /** Runs one job that is due now: fires a timer, starts a process on its timer, or calls a service handler. */
  async runJob(job: JobRecord): Promise<void> {
    if (job.kind === 'start') {
      this.jobs.delete(job.id);
      const model = this.models.get(job.processId ?? '');
      if (!model) return;
      const next = nextStartJob(model, job, this.now, this.options, `start:${model.id}:${++this.seq}`);
      if (next) this.jobs.set(next.id, next);
      if (job.error) return; // the previous attempt could not compute this firing: only the next one was sought
      const instanceId = `p${++this.seq}`;
      this.startWith(model, { instanceId, deploymentId: job.deploymentId ?? model.id, startEventId: job.elementId, timer: { jobId: job.id, dueAt: job.dueAt } });
      return;
    }
    const run = this.running(job.instanceId);
    if (job.kind === 'timer') {
      this.exec(run, () => core.fireTimer(run.state, run.model, job, this.now, this.options));
      return;
    }
    if (job.kind === 'continuation') {
      this.exec(run, () => core.runContinuation(run.state, run.model, job, this.now, this.options));
      return;
    }
    const handler = job.serviceType ? this.options.handlers?.[job.serviceType] : undefined;
    if (!handler) {
      this.exec(run, () => core.failJob(run.state, run.model, job, `no handler registered for "${job.serviceType}"`, this.now, this.options));
      return;
    }
    let result: Record<string, unknown> | void;
    try {
      result = await handler({ job, variables: { ...run.state.variables } });
    } catch (err) {
      if (err instanceof BpmnError) this.exec(run, () => core.throwJobError(run.state, run.model, job, err.errorCode, this.now, this.options));
      else this.exec(run, () => core.failJob(run.state, run.model, job, (err as Error).message ?? String(err), this.now, this.options));
      return;
    }
    this.exec(run, () => core.completeJob(run.state, run.model, job, result ?? {}, this.now, this.options));
  }

  /** Runs every job due at the current time, repeatedly, until none is due. */
  async runDueJobs(): Promise<number> {
    let n = 0;
    for (;;) {
      const job = this.nextJob();
      if (!job || new Date(job.dueAt).getTime() > this.now.getTime()) return n;
      await this.runJob(job);
      n++;
    }
  }

  private running(instanceId: string): Running {
    const run = this.instances.get(instanceId);
    if (!run) throw new NotFoundError(`process instance ${instanceId} not found`);
    return run;
  }

  private exec(run: Running, command: () => core.CommandResult): void {
    const r = command();
    this.apply(run.state, r.effects);
  }

  private emit(e: HistoryEvent): void {
    if (this.options.keepHistory !== false) this.history.push(e);
    this.options.onHistory?.(e);
  }

  /** Applies a command's effects: records, history, and the instances it reaches. */
  private apply(state: InstanceState, fx: Effects): void {
    for (const e of fx.history) this.emit(e);
    // Ids are never reused, so creating before removing handles records born and ended in one command.
    for (const t of fx.tasksCreated) this.tasks.set(t.id, t);
    for (const t of fx.tasksClosed) this.tasks.delete(t.id);
    for (const j of fx.jobsCreated) this.jobs.set(j.id, j);
    for (const id of fx.jobsRemoved) this.jobs.delete(id);
    for (const s of fx.subscriptionsCreated) this.subscriptions.set(s.id, s);
    for (const id of fx.subscriptionsRemoved) this.subscriptions.delete(id);
    for (const i of fx.incidentsCreated) this.incidents.set(i.id, i);
    for (const id of fx.incidentsResolved) this.incidents.delete(id);
    if (reachesOthers(fx)) routeNow(fx, this.routesFrom(state));
    if (state.status !== 'active' && this.options.retainCompleted === false) this.instances.delete(state.id);
  }

  /** How the memory engine carries a command's routes (./router.ts): every deployed process, no regions. */
  private routesFrom(state: InstanceState): EffectRoutes<void> {
    return {
      cancelChild: (childId) => {
        const child = this.instances.get(childId);
        if (child) this.execIf(child, cancelCalledProcess(child.state, child.model, this.now, this.options));
      },
      startChild: (c) => {
        const model = this.models.get(c.processId);
        if (model) this.startWith(model, { instanceId: c.instanceId, deploymentId: model.id, variables: c.variables, parent: c.parent });
        else this.execIf(this.running(state.id), calledProcessMissing(state, this.running(state.id).model, c, this.now, this.options));
      },
      notifyParent: (n) => {
        const parent = this.instances.get(n.instanceId);
        if (parent) this.execIf(parent, notifyCaller(parent.state, parent.model, n, this.now, this.options));
      },
      publishMessage: (m) => void this.correlate(m.name, m.correlationKey, m.variables),
      broadcastSignal: (s) => void this.signal(s.name, s.variables),
    };
  }

  private execIf(run: Running, r: core.CommandResult | null): void {
    if (r) this.apply(run.state, r.effects);
  }

  /** Checks JSON input for variables (CLI, tests). */
  static parseVariables(text: string | undefined): Record<string, unknown> {
    if (!text) return {};
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (err) {
      throw new InvalidInputError(`variables are not JSON: ${(err as Error).message}`);
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new InvalidInputError('variables must be a JSON object');
    return v as Record<string, unknown>;
  }
}
