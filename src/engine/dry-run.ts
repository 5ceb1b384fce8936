// A process run in memory on a virtual clock: user tasks complete at once (or after the
// duration given per task), service tasks complete at once (or run the given handlers),
// timers fire at their due instants, scheduled messages arrive at theirs. Same interpreter
// as production, no database. It prints the history: the base of simulation.
import { MemoryEngine, type ServiceHandler } from './memory.js';
import { calendarResolver, CN_WORKDAY } from './calendars.js';
import { InvalidInputError } from './errors.js';
import type { FormField, ModelSet } from './model.js';
import type { HistoryEvent, IncidentRecord, InstanceStatus, TaskRecord } from './state.js';
import { durationFrom, parseIsoDuration } from './time.js';
import type { WorkCalendar } from '../calendar/index.js';

export interface DryRunOptions {
  start: Date;
  processId?: string;
  variables?: Record<string, unknown>;
  /** Element id → ISO duration a user task takes (on the working-day calendar). Default: at once. */
  taskDurations?: Record<string, string>;
  /** Element id → variables its user task completes with. Default: required form fields filled with samples. */
  taskVariables?: Record<string, Record<string, unknown>>;
  /** Messages to publish at given instants. */
  messages?: Array<{ at: Date; name: string; correlationKey?: string | null; variables?: Record<string, unknown> }>;
  handlers?: Record<string, ServiceHandler>;
  calendar?: WorkCalendar;
  /** Stop after this many steps (default 10,000) — a repeating timer would run forever. */
  maxSteps?: number;
}

export interface DryRunResult {
  processId: string;
  instanceId: string;
  status: InstanceStatus;
  start: string;
  end: string;
  steps: number;
  events: HistoryEvent[];
  openTasks: TaskRecord[];
  incidents: IncidentRecord[];
}

/** A sample value for each required form field, so a dry run can complete the task. */
export function sampleFormData(form: FormField[] | undefined, now: Date): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of form ?? []) {
    if (!f.required) continue;
    out[f.id] = f.type === 'boolean' ? true : f.type === 'number' ? 0 : f.type === 'date' ? now.toISOString().slice(0, 10) : f.type === 'enum' ? (f.values?.[0] ?? '') : 'dry-run';
  }
  return out;
}

export async function dryRun(models: ModelSet, opts: DryRunOptions): Promise<DryRunResult> {
  const executable = models.processes.filter((p) => p.executable && (p.startEvent || Object.keys(p.messageStarts).length || p.timerStarts?.length));
  const model = opts.processId ? models.processes.find((p) => p.id === opts.processId) : executable[0];
  if (!model) throw new InvalidInputError(opts.processId ? `no process ${opts.processId} in the file` : 'no executable process in the file');
  for (const [id, d] of Object.entries(opts.taskDurations ?? {})) if (!parseIsoDuration(d)) throw new InvalidInputError(`task duration of ${id} is not an ISO-8601 duration: ${d}`);
  const calendars = calendarResolver(opts.calendar);
  const handlers = new Proxy(opts.handlers ?? {}, { get: (target, name: string) => target[name] ?? (() => ({})) });
  const engine = new MemoryEngine({ now: opts.start, calendars, handlers });
  engine.deploy(models);
  // A process with only timer start events starts when the first of them falls due.
  const instanceId = model.startEvent || !model.timerStarts?.length ? engine.start(model.id, { variables: opts.variables }) : await startOnTimer(engine, model.id);
  const taskDue = new Map<string, number>();
  const messages = [...(opts.messages ?? [])].sort((a, b) => a.at.getTime() - b.at.getTime());
  const maxSteps = opts.maxSteps ?? 10_000;
  let steps = 0;
  for (; steps < maxSteps; steps++) {
    if (engine.instance(instanceId).status !== 'active') break;
    for (const t of engine.tasks.values()) {
      if (taskDue.has(t.id)) continue;
      const d = opts.taskDurations?.[t.elementId];
      taskDue.set(t.id, d ? durationFrom(new Date(t.createdAt), d, calendars(CN_WORKDAY), false).getTime() : new Date(t.createdAt).getTime());
    }
    let next: { at: number; run: () => Promise<void> | void } | null = null;
    for (const t of engine.tasks.values()) {
      const at = taskDue.get(t.id)!;
      if (!next || at < next.at) {
        const node = engine.model(t.processId).nodes[t.elementId];
        next = {
          at,
          run: () => engine.completeTask(t.id, { variables: opts.taskVariables?.[t.elementId] ?? sampleFormData(node.form, engine.now), actor: { username: 'dry-run' } }),
        };
      }
    }
    // The run follows its one instance: further timer starts are not run.
    const job = engine.nextJob((j) => j.kind !== 'start');
    if (job) {
      const at = new Date(job.dueAt).getTime();
      if (!next || at < next.at) next = { at, run: () => engine.runJob(job) };
    }
    const msg = messages[0];
    if (msg && (!next || msg.at.getTime() < next.at)) {
      next = {
        at: msg.at.getTime(),
        run: () => {
          messages.shift();
          engine.correlate(msg.name, msg.correlationKey ?? null, msg.variables ?? {});
        },
      };
    }
    if (!next) break;
    if (next.at > engine.now.getTime()) engine.now = new Date(next.at);
    await next.run();
  }
  const state = engine.instance(instanceId);
  return {
    processId: model.id,
    instanceId,
    status: state.status,
    start: opts.start.toISOString(),
    end: engine.now.toISOString(),
    steps,
    events: engine.history,
    openTasks: engine.openTasks(),
    incidents: [...engine.incidents.values()],
  };
}

async function startOnTimer(engine: MemoryEngine, processId: string): Promise<string> {
  const job = engine.nextJob((j) => j.kind === 'start' && j.processId === processId);
  if (!job) throw new InvalidInputError(`the timer start events of ${processId} never fall due`);
  if (new Date(job.dueAt).getTime() > engine.now.getTime()) engine.now = new Date(job.dueAt);
  const before = new Set(engine.instances.keys());
  await engine.runJob(job);
  const started = [...engine.instances.keys()].find((id) => !before.has(id));
  if (!started) throw new InvalidInputError(`the timer start of ${processId} started no instance`);
  return started;
}

/** An instant as Asia/Shanghai local time with its offset: 2025-10-10T10:00:00+08:00. */
export function shanghaiIso(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const ms = d.getUTCMilliseconds();
  return `${d.toISOString().slice(0, 19)}${ms ? `.${String(ms).padStart(3, '0')}` : ''}+08:00`;
}
