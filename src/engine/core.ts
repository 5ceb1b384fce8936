// The interpreter core: commands in, effects out. Deterministic — it reads no clock and no
// randomness (time and ids come from the caller) and performs no I/O, so the in-memory dry
// run and the durable engine on the database run exactly the same code.
//
// A command mutates the instance state it is given and returns the effects. Validation
// that can refuse a command (a task already completed, bad form data) happens before any
// mutation; failures inside the model at run time (a condition that matches no flow, an
// error nobody catches) become incidents on the element, never half-applied commands.
import { evaluateCondition, ExpressionError } from './expression.js';
import { ConflictError, IncidentError, InvalidInputError } from './errors.js';
import type { FlowNode, ProcessModel } from './model.js';
import type { ElementContext, ElementProcessor, Trigger } from './processor.js';
import {
  emptyEffects,
  type Actor,
  type CompensableRecord,
  type Effects,
  type ElementInstance,
  type HistoryEvent,
  type InstanceState,
  type JobRecord,
  type SubscriptionRecord,
  type TaskRecord,
} from './state.js';
import { TimerError, type CalendarResolver } from './time.js';
import { processorFor } from './elements/index.js';
import { selectOutgoing } from './behavior/flows.js';
import { lookupIn, setVariables } from './behavior/variables.js';
import { armEvent, clearOwnedWaits, rearmCycle, subscribeBoundaries } from './behavior/events.js';
import { validateForm } from './behavior/form.js';
import { findCatch, type Catch } from './behavior/errors.js';
import { durationMs } from './time.js';
import { LoopLimitError, maxMultiInstance, maxSteps, mayRunAway, type EngineLimits } from './bounds.js';

export interface EngineOptions extends EngineLimits {
  /** Calendars by name, for zaizao:calendar on timers. */
  calendars?: CalendarResolver;
  /** Calendar for user task due dates given as durations (default "cn-workday" when resolvable). */
  dueDateCalendar?: string;
}

type Work = { op: 'activate'; elementId: string; scopeKey: string | null; flowId?: string } | { op: 'checkScope'; scopeKey: string | null };

// Every command formats its instant; consecutive commands at one instant (the in-memory engine's clock) format it once.
let lastMs = Number.NaN;
let lastIso = '';
function isoOf(d: Date): string {
  const ms = d.getTime();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = d.toISOString();
  }
  return lastIso;
}

/** The one implementation of ElementContext: the state of one command on one instance. */
export class Context implements ElementContext {
  readonly effects: Effects = emptyEffects();
  private readonly queue: Work[] = [];
  private head = 0;
  private readonly pending = new Map<string, number>();
  private steps = 0;
  readonly nowIso: string;
  private firedByGateway?: Set<string>;

  constructor(
    readonly state: InstanceState,
    readonly model: ProcessModel,
    readonly now: Date,
    readonly options: EngineOptions,
  ) {
    this.nowIso = isoOf(now);
  }

  /** Catch events activated by an event-based gateway that already fired them (made when first needed: most commands never do). */
  get triggered(): Set<string> {
    return (this.firedByGateway ??= new Set<string>());
  }

  get active(): boolean {
    return this.state.status === 'active';
  }

  newKey(): string {
    return String(this.state.nextKey++);
  }

  node(elementId: string): FlowNode {
    return this.model.nodes[elementId];
  }

  record(type: HistoryEvent['type'], ei?: ElementInstance | null, extra: Partial<HistoryEvent> = {}): void {
    const e: HistoryEvent = { type, at: this.nowIso, instanceId: this.state.id, processId: this.state.processId };
    if (ei) {
      const node = this.model.nodes[ei.elementId];
      e.elementId = ei.elementId;
      e.elementKey = ei.key;
      e.elementType = ei.kind;
      if (node?.name) e.elementName = node.name;
    }
    this.effects.history.push(Object.assign(e, extra));
  }

  /** Variable lookup as seen from an element instance: local, enclosing scopes, process. */
  lookup(ei: ElementInstance | null): (name: string) => unknown {
    return (name) => {
      for (let e: ElementInstance | null | undefined = ei; e; e = e.scopeKey ? this.state.elements[e.scopeKey] : null) {
        if (e.mi) {
          if (name === 'nrOfInstances') return e.mi.total;
          if (name === 'nrOfCompletedInstances') return e.mi.completed;
          if (name === 'nrOfActiveInstances') return e.mi.active;
          // The collected outputs are visible (as they stand) while the body runs.
          if (name === this.model.nodes[e.elementId].multiInstance?.outputCollection) return e.mi.outputs;
        }
        if (e.vars && Object.prototype.hasOwnProperty.call(e.vars, name)) return e.vars[name];
      }
      return lookupIn(this.state.variables, name);
    };
  }

  // ---- activation and completion -------------------------------------------------------

  /** Queues the activation of an element reached by a flow (or a start event). */
  enqueueActivate(elementId: string, scopeKey: string | null, flowId?: string): void {
    this.queue.push({ op: 'activate', elementId, scopeKey, flowId });
    const k = scopeKey ?? '';
    this.pending.set(k, (this.pending.get(k) ?? 0) + 1);
  }

  /** Drops queued activations in a scope (after a terminate end event). */
  dropQueued(scopeKey: string | null): void {
    for (let i = this.head; i < this.queue.length; i++) {
      const w = this.queue[i];
      if (w.op === 'activate' && w.scopeKey === scopeKey) {
        this.queue[i] = { op: 'checkScope', scopeKey };
        const k = scopeKey ?? '';
        this.pending.set(k, (this.pending.get(k) ?? 1) - 1);
      }
    }
  }

  /** Creates an element instance and runs its processor (boundary events are armed first). */
  activateNow(elementId: string, scopeKey: string | null, init: Partial<ElementInstance> = {}): ElementInstance | null {
    if (++this.steps > maxSteps(this.options)) throw new LoopLimitError(elementId, maxSteps(this.options));
    const node = this.node(elementId);
    const multi = node.multiInstance && !init.inner;
    const ei: ElementInstance = {
      key: this.newKey(),
      elementId,
      kind: multi ? 'multiInstanceBody' : node.kind,
      scopeKey,
      enteredAt: this.nowIso,
      ...init,
    };
    this.state.elements[ei.key] = ei;
    this.record('element.entered', ei);
    if (!ei.inner && node.boundaries?.length) {
      if (!this.guard(ei, () => subscribeBoundaries(this, ei, node))) return ei;
    }
    if (node.async && !ei.inner) {
      // Asynchronous continuation: the job executor starts the activity in its own transaction.
      this.addJob(ei, { kind: 'continuation', dueAt: this.nowIso });
      return ei;
    }
    const processor = processorFor(ei.kind);
    this.guard(ei, () => processor.onActivate(this, ei, node));
    return ei;
  }

  /** Creates an element instance without running it (it is to wait with an incident). */
  enter(elementId: string, scopeKey: string | null): ElementInstance {
    const node = this.node(elementId);
    const ei: ElementInstance = { key: this.newKey(), elementId, kind: node.kind, scopeKey, enteredAt: this.nowIso };
    this.state.elements[ei.key] = ei;
    this.record('element.entered', ei);
    return ei;
  }

  /** Runs fn; an incident-worthy failure puts the element on hold with an incident. */
  guard(ei: ElementInstance, fn: () => void, phase: ElementInstance['incidentPhase'] = 'activate'): boolean {
    try {
      fn();
      return true;
    } catch (err) {
      if (err instanceof ExpressionError || err instanceof IncidentError || err instanceof TimerError) {
        this.raiseIncident(ei, err.message, undefined, phase);
        return false;
      }
      throw err;
    }
  }

  raiseIncident(ei: ElementInstance, message: string, job?: JobRecord, phase: ElementInstance['incidentPhase'] = 'activate'): void {
    if (!this.state.elements[ei.key]) return;
    const id = `${this.state.id}:i${this.newKey()}`;
    ei.incidentId = id;
    ei.incidentPhase = phase;
    const incident = { id, instanceId: this.state.id, elementKey: ei.key, elementId: ei.elementId, message, createdAt: this.nowIso } as Effects['incidentsCreated'][number];
    if (job) {
      incident.jobId = job.id;
      if (job.serviceType) incident.serviceType = job.serviceType;
    }
    this.effects.incidentsCreated.push(incident);
    this.record('incident.created', ei, { data: { incidentId: id, message } });
  }

  /**
   * Completes an element instance and leaves it: over `flows` when given (gateways choose
   * their own), else over the outgoing flows whose conditions hold.
   */
  complete(ei: ElementInstance, flows?: string[]): void {
    if (!this.state.elements[ei.key]) return;
    const node = this.node(ei.elementId);
    let outgoing = flows;
    if (!outgoing && !ei.inner) {
      try {
        outgoing = selectOutgoing(this, ei, node);
      } catch (err) {
        if (err instanceof ExpressionError || err instanceof IncidentError) {
          this.raiseIncident(ei, err.message, undefined, 'complete');
          return;
        }
        throw err;
      }
    }
    clearOwnedWaits(this, ei);
    // An incident on an element that completes anyway (a boundary condition that failed to evaluate) ends with it.
    if (ei.incidentId) this.effects.incidentsResolved.push(ei.incidentId);
    delete this.state.elements[ei.key];
    this.record('element.completed', ei);
    if (!ei.inner && (node.compensationHandler || (ei.kind === 'subProcess' && this.state.compensable))) this.keepCompensable(ei, node);
    if (ei.compensates) {
      // A compensation handler has no outgoing flows: its thrower goes on with the next one.
      this.queue.push({ op: 'checkScope', scopeKey: ei.scopeKey });
      const thrower = this.state.elements[ei.compensates];
      if (thrower) this.compensateNext(thrower);
      return;
    }
    if (ei.inner) {
      // An inner instance of a multi-instance body: the body decides what comes next.
      const body = this.state.elements[ei.scopeKey!];
      if (body) processorFor(body.kind).onChildCompleted?.(this, body, node, ei);
      return;
    }
    for (const f of outgoing ?? []) this.enqueueActivate(this.model.flows[f].target, ei.scopeKey, f);
    this.queue.push({ op: 'checkScope', scopeKey: ei.scopeKey });
  }

  /**
   * A completed activity that can be compensated is remembered in its scope. A completed
   * sub-process hands what completed inside it to its own scope, unless it has a handler of
   * its own, which then stands for them (BPMN's default compensation of a sub-process).
   */
  private keepCompensable(ei: ElementInstance, node: FlowNode): void {
    let list = this.state.compensable ?? [];
    if (ei.kind === 'subProcess') {
      list = node.compensationHandler ? list.filter((r) => r.scopeKey !== ei.key) : list.map((r) => (r.scopeKey === ei.key ? { ...r, scopeKey: ei.scopeKey } : r));
    }
    if (node.compensationHandler) list.push({ elementId: ei.elementId, handler: node.compensationHandler, scopeKey: ei.scopeKey });
    // Bounded like everything a loop can grow: the oldest records go first.
    const max = maxMultiInstance(this.options);
    if (list.length > max) list = list.slice(list.length - max);
    if (list.length) this.state.compensable = list;
    else delete this.state.compensable;
  }

  /**
   * A compensation throw or end event: the completed activities of its scope (of the scope
   * around it when it sits in an event sub-process) that have handlers — all, or those of its
   * activityRef — are compensated one after the other, latest first; it goes on when the last
   * handler has completed.
   */
  compensate(thrower: ElementInstance, node: FlowNode): void {
    let scopeKey = thrower.scopeKey;
    const scope = scopeKey ? this.state.elements[scopeKey] : null;
    if (scope && this.node(scope.elementId).eventSubProcess) scopeKey = scope.scopeKey;
    const ref = node.event?.activityRef;
    const chosen: CompensableRecord[] = [];
    const kept: CompensableRecord[] = [];
    for (const r of this.state.compensable ?? []) (r.scopeKey === scopeKey && (!ref || r.elementId === ref) ? chosen : kept).push(r);
    if (kept.length) this.state.compensable = kept;
    else delete this.state.compensable;
    thrower.compensating = chosen.reverse();
    this.record('compensation.thrown', thrower, { data: { activities: chosen.map((r) => r.elementId) } });
    this.compensateNext(thrower);
  }

  /** Starts the next compensation handler of a thrower, or lets the thrower go on when none is left. */
  compensateNext(thrower: ElementInstance): void {
    const next = thrower.compensating?.shift();
    if (!next) {
      delete thrower.compensating;
      this.complete(thrower);
      return;
    }
    if (next.scopeKey !== null && !this.state.elements[next.scopeKey]) {
      this.compensateNext(thrower);
      return;
    }
    this.activateNow(next.handler, next.scopeKey, { compensates: thrower.key });
  }

  /** Terminates an element instance and everything inside it. */
  terminate(ei: ElementInstance): void {
    if (!this.state.elements[ei.key]) return;
    if (ei.listener) {
      // Not a token: withdrawn without history.
      clearOwnedWaits(this, ei);
      if (ei.incidentId) this.effects.incidentsResolved.push(ei.incidentId);
      delete this.state.elements[ei.key];
      return;
    }
    for (const child of this.childrenOf(ei.key)) this.terminate(child);
    for (const k of Object.keys(this.state.joins)) if (k.startsWith(`${ei.key}|`)) delete this.state.joins[k];
    // What completed inside an interrupted scope can no longer be compensated.
    if (this.state.compensable && ei.kind === 'subProcess') {
      this.state.compensable = this.state.compensable.filter((r) => r.scopeKey !== ei.key);
      if (!this.state.compensable.length) delete this.state.compensable;
    }
    const node = this.node(ei.elementId);
    processorFor(ei.kind).onTerminate?.(this, ei, node);
    clearOwnedWaits(this, ei);
    if (ei.incidentId) {
      this.effects.incidentsResolved.push(ei.incidentId);
      this.record('incident.resolved', ei, { data: { incidentId: ei.incidentId, reason: 'element terminated' } });
    }
    delete this.state.elements[ei.key];
    this.record('element.terminated', ei);
  }

  childrenOf(scopeKey: string | null): ElementInstance[] {
    return Object.values(this.state.elements).filter((e) => e.scopeKey === scopeKey);
  }

  /** Terminates everything in a scope (terminate end event). */
  terminateScope(scopeKey: string | null, except?: ElementInstance): void {
    for (const child of this.childrenOf(scopeKey)) if (child !== except) this.terminate(child);
    const prefix = `${scopeKey ?? ''}|`;
    for (const k of Object.keys(this.state.joins)) if (k.startsWith(prefix)) delete this.state.joins[k];
  }

  // ---- the loop -------------------------------------------------------------------------

  run(): void {
    for (;;) {
      while (this.head < this.queue.length) {
        const w = this.queue[this.head++];
        if (w.op === 'activate') {
          const k = w.scopeKey ?? '';
          this.pending.set(k, (this.pending.get(k) ?? 1) - 1);
        }
        if (!this.active) continue;
        if (w.scopeKey !== null && !this.state.elements[w.scopeKey]) continue; // the scope was terminated
        if (w.op === 'activate') this.activateFromFlow(w.elementId, w.scopeKey, w.flowId);
        else this.checkScope(w.scopeKey);
      }
      if (!this.active) break;
      if (this.fireIdleJoins()) continue;
      // Only models with conditional events pay for this: every command re-evaluates what waits on a condition.
      if (this.model.conditional && this.fireConditions()) continue;
      break;
    }
    this.queue.length = 0;
    this.head = 0;
  }

  private activateFromFlow(elementId: string, scopeKey: string | null, flowId?: string): void {
    const node = this.node(elementId);
    if (flowId && node.incoming.length > 1) {
      // A joining gateway decides when the tokens arrived at it go on.
      const arrive = processorFor(node.kind).onTokenArrived;
      if (arrive) {
        if (arrive(this, node, scopeKey, flowId)) this.activateNow(elementId, scopeKey);
        return;
      }
    }
    this.activateNow(elementId, scopeKey);
  }

  /** Joins decided only when nothing else moves (the inclusive join): the first that goes on is activated. */
  private fireIdleJoins(): boolean {
    for (const key of Object.keys(this.state.joins)) {
      const sep = key.lastIndexOf('|');
      const scopeKey = key.slice(0, sep) || null;
      const gatewayId = key.slice(sep + 1);
      const node = this.node(gatewayId);
      if (!processorFor(node.kind).joinsWhenIdle?.(this, node, scopeKey, key)) continue;
      this.activateNow(gatewayId, scopeKey);
      return true;
    }
    return false;
  }

  /**
   * Conditional events: each condition waiting in the instance is evaluated; the first one
   * that has turned true since it was last evaluated fires (the event happens on the change,
   * so a non-interrupting one fires again only after its condition was false in between).
   * A condition that cannot be evaluated is an incident on the element waiting for it.
   */
  private fireConditions(): boolean {
    for (const ei of Object.values(this.state.elements)) {
      if (!ei.conds || ei.incidentId) continue;
      for (const target of Object.keys(ei.conds)) {
        const condition = this.node(target).event?.condition ?? '';
        let holds = false;
        if (!this.guard(ei, () => (holds = evaluateCondition(condition, this.lookup(ei))), 'trigger')) return true;
        const was = ei.conds[target];
        ei.conds[target] = holds;
        if (holds && !was) {
          deliver(this, ei, { kind: 'condition', target });
          return true;
        }
      }
    }
    return false;
  }

  private checkScope(scopeKey: string | null): void {
    if ((this.pending.get(scopeKey ?? '') ?? 0) > 0) return;
    const children = this.childrenOf(scopeKey);
    if (children.some((c) => !c.listener)) return;
    const prefix = `${scopeKey ?? ''}|`;
    if (Object.keys(this.state.joins).some((k) => k.startsWith(prefix))) return;
    // Only event sub-process starts left: the scope is done and they are withdrawn with it.
    for (const c of children) this.terminate(c);
    if (scopeKey === null) {
      this.finishProcess('completed');
      return;
    }
    // The container decides what its last path ending means (a sub-process completes).
    const scope = this.state.elements[scopeKey];
    if (scope) processorFor(scope.kind).afterExecutionPathCompleted?.(this, scope, this.node(scope.elementId));
  }

  finishProcess(status: 'completed' | 'terminated', errorCode?: string): void {
    if (!this.active) return;
    this.state.status = status;
    this.state.endedAt = this.nowIso;
    this.record('process.completed', null, errorCode ? { data: { outcome: 'error', errorCode } } : undefined);
    if (this.state.parent) {
      this.effects.parentNotice = {
        instanceId: this.state.parent.instanceId,
        elementKey: this.state.parent.elementKey,
        outcome: errorCode ? 'error' : 'completed',
        variables: { ...this.state.variables },
        ...(errorCode ? { errorCode } : {}),
      };
    }
  }

  /** A BPMN error thrown at `from`: caught by the nearest matching error boundary or event sub-process, else up to the caller, else an incident. */
  throwError(from: ElementInstance, errorCode: string | undefined): void {
    this.record('error.thrown', from, { data: { errorCode: errorCode ?? null } });
    const caught = findCatch(this, from, 'error', errorCode);
    if (caught) {
      this.catchAt(caught, true, errorCode ? { errorCode } : undefined);
      this.run();
      return;
    }
    if (this.state.parent) {
      this.terminateScope(null);
      this.finishProcess('terminated', errorCode ?? 'error');
      return;
    }
    if (this.state.elements[from.key]) this.raiseIncident(from, `error ${errorCode ?? '(no code)'} is not caught`);
  }

  /**
   * An escalation thrown at `from`: caught by the nearest matching escalation boundary event or
   * event sub-process, interrupting or not. Returns whether `from` goes on (false when it was
   * interrupted, or when nothing caught it: then it waits with an incident).
   */
  throwEscalation(from: ElementInstance, code: string | undefined): boolean {
    this.record('escalation.thrown', from, { data: { escalationCode: code ?? null } });
    const caught = findCatch(this, from, 'escalation', code);
    if (!caught) {
      this.raiseIncident(from, `escalation ${code ?? '(no code)'} is not caught`);
      return false;
    }
    const catcher = 'boundaryId' in caught ? caught.boundaryId : caught.startId;
    this.catchAt(caught, this.node(catcher).cancelActivity !== false, code ? { escalationCode: code } : undefined);
    return Boolean(this.state.elements[from.key]);
  }

  /** Runs a catch: a boundary event (ending its host when it interrupts), or an event sub-process in its scope. */
  private catchAt(c: Catch, interrupting: boolean, vars?: Record<string, unknown>): void {
    if ('boundaryId' in c) {
      if (interrupting) this.terminate(c.host);
      this.activateNow(c.boundaryId, c.host.scopeKey, vars ? { vars } : {});
      return;
    }
    this.startEventSubProcess(c.scopeKey, c.startId, interrupting);
  }

  /** Starts the event sub-process of `startId` in a scope; an interrupting one ends everything else there first. */
  startEventSubProcess(scopeKey: string | null, startId: string, interrupting: boolean): void {
    if (interrupting) {
      this.terminateScope(scopeKey);
      this.dropQueued(scopeKey);
    }
    this.activateNow(this.node(startId).scope, scopeKey);
  }

  /** Arms the timer, message, signal and conditional starts of the event sub-processes of a scope (listeners owned by the scope). */
  armEventSubProcesses(scopeKey: string | null, subs: string[] | undefined): void {
    for (const id of subs ?? []) {
      const startId = this.model.nodes[id].startEvent;
      const start = startId ? this.model.nodes[startId] : undefined;
      const kind = start?.event?.kind;
      if (!start || (kind !== 'timer' && kind !== 'message' && kind !== 'signal' && kind !== 'conditional')) continue;
      const listener: ElementInstance = { key: this.newKey(), elementId: start.id, kind: 'startEvent', scopeKey, enteredAt: this.nowIso, listener: true };
      this.state.elements[listener.key] = listener;
      this.guard(listener, () => armEvent(this, listener, start, start.id));
    }
  }

  // ---- records ---------------------------------------------------------------------------

  addJob(ei: ElementInstance, job: Omit<JobRecord, 'id' | 'instanceId' | 'elementKey' | 'elementId'>): JobRecord {
    const record: JobRecord = { id: `${this.state.id}:j${this.newKey()}`, instanceId: this.state.id, elementKey: ei.key, elementId: ei.elementId, ...job };
    (ei.jobs ??= []).push(record.id);
    this.effects.jobsCreated.push(record);
    return record;
  }

  addSubscription(ei: ElementInstance, sub: Omit<SubscriptionRecord, 'id' | 'instanceId' | 'elementKey' | 'elementId'>): SubscriptionRecord {
    const record: SubscriptionRecord = { id: `${this.state.id}:s${this.newKey()}`, instanceId: this.state.id, elementKey: ei.key, elementId: ei.elementId, ...sub };
    (ei.subscriptions ??= []).push(record.id);
    this.effects.subscriptionsCreated.push(record);
    return record;
  }
}

// ---- commands ----------------------------------------------------------------------------

export interface StartOptions {
  instanceId: string;
  deploymentId: string;
  variables?: Record<string, unknown>;
  businessKey?: string;
  /** A message start event (by message name); default the none start event. */
  messageName?: string;
  /** A signal start event (by signal name). */
  signalName?: string;
  /** A timer or conditional start event of the process (by id). */
  startEventId?: string;
  /** A timer start: the job that fired, for the history. */
  timer?: { jobId: string; dueAt: string };
  parent?: { instanceId: string; elementKey: string };
  actor?: Actor;
}

export interface CommandResult {
  state: InstanceState;
  effects: Effects;
}

/**
 * Commands that may activate elements run bounded: when one runs over the step bound it is
 * rolled back — the state is restored to what it was before (a copy is kept only for models
 * that can run away at all, see ./bounds.ts) — and the command leaves something else instead,
 * normally its own element waiting with an incident. `snapshot` is taken before the command,
 * `rollBack` after it threw; written without closures, as they are on every command's path.
 */
function snapshot(state: InstanceState, model: ProcessModel, options: EngineOptions): string | null {
  return mayRunAway(model, options) ? JSON.stringify(state) : null;
}

function rollBack(err: unknown, state: InstanceState, saved: string | null): LoopLimitError {
  if (!(err instanceof LoopLimitError)) throw err;
  // Unreachable for models mayRunAway clears; refused rather than half-applied if it ever is.
  if (saved === null) throw new InvalidInputError(err.message);
  const before = JSON.parse(saved) as InstanceState;
  for (const k of Object.keys(state)) delete (state as unknown as Record<string, unknown>)[k];
  Object.assign(state, before);
  return err;
}

function bounded(state: InstanceState, model: ProcessModel, options: EngineOptions, run: () => CommandResult, onLoop: (err: LoopLimitError) => CommandResult): CommandResult {
  const saved = snapshot(state, model, options);
  try {
    return run();
  } catch (err) {
    return onLoop(rollBack(err, state, saved));
  }
}

function freshState(model: ProcessModel, opts: StartOptions, now: Date): InstanceState {
  const state: InstanceState = {
    id: opts.instanceId,
    processId: model.id,
    deploymentId: opts.deploymentId,
    status: 'active',
    variables: {},
    elements: {},
    nextKey: 1,
    joins: {},
    startedAt: now.toISOString(),
  };
  if (opts.businessKey) state.businessKey = opts.businessKey;
  if (opts.parent) state.parent = opts.parent;
  setVariables(state.variables, opts.variables ?? {});
  return state;
}

function beginStart(state: InstanceState, model: ProcessModel, opts: StartOptions, now: Date, options: EngineOptions): Context {
  const ctx = new Context(state, model, now, options);
  ctx.record('process.started', null, {
    actor: opts.actor?.username,
    department: opts.actor?.departmentCode,
    data: {
      businessKey: opts.businessKey ?? null,
      variables: { ...state.variables },
      ...(opts.parent ? { parentInstanceId: opts.parent.instanceId } : {}),
      ...(opts.timer ? { timer: opts.timer } : {}),
      ...(opts.startEventId ? { startEvent: opts.startEventId } : {}),
    },
  });
  return ctx;
}

export function startInstance(model: ProcessModel, opts: StartOptions, now: Date, options: EngineOptions = {}): CommandResult {
  const startId = opts.startEventId
    ? [...(model.timerStarts ?? []), ...(model.conditionalStarts ?? [])].find((id) => id === opts.startEventId)
    : opts.messageName
      ? model.messageStarts[opts.messageName]
      : opts.signalName
        ? model.signalStarts?.[opts.signalName]
        : model.startEvent;
  if (!startId) {
    throw new InvalidInputError(
      opts.startEventId
        ? `process ${model.id} has no timer or conditional start event ${opts.startEventId}`
        : opts.messageName
          ? `process ${model.id} has no start event for message "${opts.messageName}"`
          : opts.signalName
            ? `process ${model.id} has no start event for signal "${opts.signalName}"`
            : `process ${model.id} has no none start event`,
    );
  }
  const state = freshState(model, opts, now);
  try {
    const ctx = beginStart(state, model, opts, now, options);
    if (model.eventSubProcesses) ctx.armEventSubProcesses(null, model.eventSubProcesses);
    ctx.enqueueActivate(startId, null);
    ctx.run();
    return { state, effects: ctx.effects };
  } catch (err) {
    if (!(err instanceof LoopLimitError)) throw err;
    // The instance starts, and waits at its start event with the incident; resolving re-runs it.
    const again = freshState(model, opts, now);
    const ctx = beginStart(again, model, opts, now, options);
    ctx.raiseIncident(ctx.enter(startId, null), err.message, undefined, 'activate');
    return { state: again, effects: ctx.effects };
  }
}

function requireElement(state: InstanceState, key: string, what: string): ElementInstance {
  if (state.status !== 'active') throw new ConflictError(`${what}: the process instance is ${state.status}`);
  const ei = state.elements[key];
  if (!ei) throw new ConflictError(`${what}: the element has already moved on`);
  return ei;
}

/**
 * Delivers a trigger to an element. `before` consumes what delivered it (the task, the job,
 * the subscription) and records it; over the step bound that much stays done and the element
 * waits with an incident holding the trigger, delivered again when the incident is resolved.
 */
function trigger(
  state: InstanceState,
  model: ProcessModel,
  key: string,
  t: Trigger,
  now: Date,
  options: EngineOptions,
  before?: (ctx: Context, ei: ElementInstance) => void,
): CommandResult {
  const saved = snapshot(state, model, options);
  try {
    const ctx = new Context(state, model, now, options);
    const ei = state.elements[key];
    before?.(ctx, ei);
    deliver(ctx, ei, t);
    ctx.run();
    return { state, effects: ctx.effects };
  } catch (err) {
    const loop = rollBack(err, state, saved);
    const ctx = new Context(state, model, now, options);
    const ei = state.elements[key];
    before?.(ctx, ei);
    ei.retry = { trigger: t };
    ctx.raiseIncident(ei, loop.message, undefined, 'retry');
    return { state, effects: ctx.effects };
  }
}

function deliver(ctx: Context, ei: ElementInstance, t: Trigger): void {
  const processor: ElementProcessor = processorFor(ei.kind);
  if (!processor.onTrigger) throw new ConflictError(`element ${ei.elementId} does not wait for anything`);
  ctx.guard(ei, () => processor.onTrigger!(ctx, ei, ctx.model.nodes[ei.elementId], t), 'trigger');
}

export interface CompleteTaskOptions {
  variables?: Record<string, unknown>;
  actor?: Actor;
}

/** Completes a user task. A task that is no longer open gives a ConflictError (HTTP 409). */
export function completeTask(state: InstanceState, model: ProcessModel, task: TaskRecord, opts: CompleteTaskOptions, now: Date, options: EngineOptions = {}): CommandResult {
  const ei = requireElement(state, task.elementKey, `task ${task.id}`);
  if (ei.taskId !== task.id) throw new ConflictError(`task ${task.id} is no longer open`);
  const variables = opts.variables ?? {};
  const node = model.nodes[ei.elementId];
  validateForm(node.form, variables);
  return trigger(state, model, ei.key, { kind: 'task', variables }, now, options, (ctx, ei) => {
    ctx.effects.tasksClosed.push({ id: task.id, status: 'completed' });
    ctx.record('task.completed', ei, {
      taskId: task.id,
      actor: opts.actor?.username,
      department: opts.actor?.departmentCode ?? task.candidates.departments[0],
      data: Object.keys(variables).length ? { variables } : undefined,
    });
  });
}

/** A timer job fell due. A job whose element has moved on gives a ConflictError. */
export function fireTimer(state: InstanceState, model: ProcessModel, job: JobRecord, now: Date, options: EngineOptions = {}): CommandResult {
  const ei = requireElement(state, job.elementKey, `timer ${job.id}`);
  if (!ei.jobs?.includes(job.id)) throw new ConflictError(`timer ${job.id} is no longer scheduled`);
  return trigger(state, model, ei.key, { kind: 'timer', target: job.target ?? ei.elementId }, now, options, (ctx, ei) => {
    ei.jobs = ei.jobs!.filter((j) => j !== job.id);
    ctx.effects.jobsRemoved.push(job.id);
    ctx.record('timer.fired', ei, { data: { jobId: job.id, target: job.target ?? ei.elementId, dueAt: job.dueAt } });
    // A repeating cycle on a non-interrupting boundary schedules its next firing first.
    const target = model.nodes[job.target ?? ei.elementId];
    if ((target.kind === 'boundaryEvent' || target.kind === 'startEvent') && target.cancelActivity === false && target.event?.timer?.type === 'cycle') {
      ctx.guard(ei, () => rearmCycle(ctx, ei, target, job.fired ?? 0), 'trigger');
    }
  });
}

/** An asynchronous continuation: the activity that waited for it starts now. */
export function runContinuation(state: InstanceState, model: ProcessModel, job: JobRecord, now: Date, options: EngineOptions = {}): CommandResult {
  const found = requireElement(state, job.elementKey, `continuation ${job.id}`);
  if (!found.jobs?.includes(job.id)) throw new ConflictError(`continuation ${job.id} is no longer scheduled`);
  const begin = (): [Context, ElementInstance] => {
    const ctx = new Context(state, model, now, options);
    const ei = state.elements[job.elementKey];
    ei.jobs = ei.jobs!.filter((j) => j !== job.id);
    ctx.effects.jobsRemoved.push(job.id);
    return [ctx, ei];
  };
  return bounded(
    state,
    model,
    options,
    () => {
      const [ctx, ei] = begin();
      ctx.guard(ei, () => processorFor(ei.kind).onActivate(ctx, ei, model.nodes[ei.elementId]));
      ctx.run();
      return { state, effects: ctx.effects };
    },
    (err) => {
      const [ctx, ei] = begin();
      ctx.raiseIncident(ei, err.message, undefined, 'activate');
      return { state, effects: ctx.effects };
    },
  );
}

/** Throws a BPMN error from an element, bounded like every command (see trigger). */
function throwBounded(
  state: InstanceState,
  model: ProcessModel,
  key: string,
  errorCode: string | undefined,
  now: Date,
  options: EngineOptions,
  before: (ctx: Context, ei: ElementInstance) => void,
): CommandResult {
  return bounded(
    state,
    model,
    options,
    () => {
      const ctx = new Context(state, model, now, options);
      const ei = state.elements[key];
      before(ctx, ei);
      ctx.throwError(ei, errorCode);
      ctx.run();
      return { state, effects: ctx.effects };
    },
    (err) => {
      const ctx = new Context(state, model, now, options);
      const ei = state.elements[key];
      before(ctx, ei);
      ei.retry = { errorCode: errorCode ?? null };
      ctx.raiseIncident(ei, err.message, undefined, 'retry');
      return { state, effects: ctx.effects };
    },
  );
}

/** A service task's handler returned. */
export function completeJob(state: InstanceState, model: ProcessModel, job: JobRecord, variables: Record<string, unknown>, now: Date, options: EngineOptions = {}): CommandResult {
  const ei = requireElement(state, job.elementKey, `job ${job.id}`);
  if (!ei.jobs?.includes(job.id)) throw new ConflictError(`job ${job.id} is no longer active`);
  return trigger(state, model, ei.key, { kind: 'job', variables }, now, options, (ctx, ei) => {
    ei.jobs = ei.jobs!.filter((j) => j !== job.id);
    ctx.effects.jobsRemoved.push(job.id);
  });
}

/** A service task's handler failed: retry after a back-off, or raise an incident when no retries are left. */
export function failJob(state: InstanceState, model: ProcessModel, job: JobRecord, message: string, now: Date, options: EngineOptions = {}): CommandResult {
  const ei = requireElement(state, job.elementKey, `job ${job.id}`);
  if (!ei.jobs?.includes(job.id)) throw new ConflictError(`job ${job.id} is no longer active`);
  const ctx = new Context(state, model, now, options);
  const node = model.nodes[ei.elementId];
  ei.jobs = ei.jobs.filter((j) => j !== job.id);
  ctx.effects.jobsRemoved.push(job.id);
  const retries = (job.retries ?? 1) - 1;
  ctx.record('job.failed', ei, { data: { jobId: job.id, message, retriesLeft: retries } });
  if (retries > 0) {
    const attempt = (node.retries ?? 3) - retries; // 1 after the first failure
    const base = durationMs(node.retryBackoff ?? 'PT10S');
    const due = new Date(now.getTime() + base * 2 ** Math.max(0, attempt - 1));
    ctx.addJob(ei, { kind: 'service', dueAt: due.toISOString(), serviceType: job.serviceType, retries });
  } else {
    ctx.raiseIncident(ei, message, job);
  }
  ctx.run();
  return { state, effects: ctx.effects };
}

/** A service task's handler threw a BPMN error with a code: caught by an error boundary or raised further. */
export function throwJobError(state: InstanceState, model: ProcessModel, job: JobRecord, errorCode: string, now: Date, options: EngineOptions = {}): CommandResult {
  const ei = requireElement(state, job.elementKey, `job ${job.id}`);
  if (!ei.jobs?.includes(job.id)) throw new ConflictError(`job ${job.id} is no longer active`);
  return throwBounded(state, model, ei.key, errorCode, now, options, (ctx, e) => {
    e.jobs = e.jobs!.filter((j) => j !== job.id);
    ctx.effects.jobsRemoved.push(job.id);
  });
}

/** Delivers a message to a subscription of this instance. */
export function correlateMessage(
  state: InstanceState,
  model: ProcessModel,
  sub: SubscriptionRecord,
  variables: Record<string, unknown>,
  now: Date,
  options: EngineOptions = {},
  actor?: Actor,
): CommandResult {
  const ei = requireElement(state, sub.elementKey, `message ${sub.messageName}`);
  if (!ei.subscriptions?.includes(sub.id)) throw new ConflictError(`subscription ${sub.id} is closed`);
  return trigger(state, model, ei.key, { kind: 'message', target: sub.target, variables }, now, options, (ctx, ei) => {
    const target = model.nodes[sub.target];
    const keepOpen = (target.kind === 'boundaryEvent' || target.kind === 'startEvent') && target.cancelActivity === false;
    if (!keepOpen) {
      ei.subscriptions = ei.subscriptions!.filter((s) => s !== sub.id);
      ctx.effects.subscriptionsRemoved.push(sub.id);
    }
    ctx.record('message.correlated', ei, {
      actor: actor?.username,
      department: actor?.departmentCode,
      data: { messageName: sub.messageName, correlationKey: sub.correlationKey, target: sub.target },
    });
  });
}

/** A process started by a call activity ended. */
export function completeCallActivity(
  state: InstanceState,
  model: ProcessModel,
  notice: { elementKey: string; outcome: 'completed' | 'error'; variables: Record<string, unknown>; errorCode?: string },
  now: Date,
  options: EngineOptions = {},
): CommandResult {
  const ei = requireElement(state, notice.elementKey, 'called process');
  if (ei.kind !== 'callActivity') throw new ConflictError(`element ${ei.elementId} is not a call activity`);
  if (notice.outcome === 'error') {
    return throwBounded(state, model, ei.key, notice.errorCode, now, options, (_ctx, e) => {
      delete e.childInstanceId;
    });
  }
  return trigger(state, model, ei.key, { kind: 'child', variables: notice.variables }, now, options);
}

/** Resolves an incident: retries the failed job, or re-runs the element with the (corrected) variables. */
export function resolveIncident(
  state: InstanceState,
  model: ProcessModel,
  incident: { id: string; elementKey: string; jobId?: string; serviceType?: string },
  variables: Record<string, unknown>,
  now: Date,
  options: EngineOptions = {},
): CommandResult {
  const found = requireElement(state, incident.elementKey, `incident ${incident.id}`);
  if (found.incidentId !== incident.id) throw new ConflictError(`incident ${incident.id} is already resolved`);
  return bounded(
    state,
    model,
    options,
    () => resolveNow(state, model, incident, variables, now, options),
    (err) => {
      // Refused, and nothing changes: the incident stays open until the data lets the model through.
      throw new InvalidInputError(`resolving incident ${incident.id} runs into the bound again: ${err.message}`);
    },
  );
}

function resolveNow(
  state: InstanceState,
  model: ProcessModel,
  incident: { id: string; elementKey: string; jobId?: string; serviceType?: string },
  variables: Record<string, unknown>,
  now: Date,
  options: EngineOptions,
): CommandResult {
  const ei = state.elements[incident.elementKey];
  const ctx = new Context(state, model, now, options);
  setVariables(state.variables, variables);
  delete ei.incidentId;
  ctx.effects.incidentsResolved.push(incident.id);
  ctx.record('incident.resolved', ei, { data: { incidentId: incident.id } });
  const node = model.nodes[ei.elementId];
  const phase = ei.incidentPhase ?? 'activate';
  delete ei.incidentPhase;
  if (incident.jobId) {
    ctx.addJob(ei, { kind: 'service', dueAt: ctx.nowIso, serviceType: incident.serviceType ?? node.serviceType, retries: node.retries ?? 3 });
  } else if (phase === 'retry') {
    const retry = ei.retry ?? {};
    delete ei.retry;
    if (retry.trigger) {
      // The trigger's variables are delivered again, and what the resolver corrects wins.
      const t: Trigger = 'variables' in retry.trigger ? { ...retry.trigger, variables: { ...retry.trigger.variables, ...variables } } : retry.trigger;
      ctx.guard(ei, () => processorFor(ei.kind).onTrigger?.(ctx, ei, node, t), 'trigger');
    } else ctx.throwError(ei, retry.errorCode ?? undefined);
  } else if (phase === 'complete') {
    ctx.complete(ei);
  } else if (phase === 'activate') {
    if (ei.listener) {
      // An event sub-process start that could not be armed (its correlation key or timer): arm it again.
      clearOwnedWaits(ctx, ei);
      ctx.guard(ei, () => armEvent(ctx, ei, node, node.id));
    } else if (ei.kind === 'endEvent' && node.event?.kind === 'error') {
      ctx.throwError(ei, node.event.errorCode);
    } else {
      clearOwnedWaits(ctx, ei);
      if (node.boundaries?.length && !ei.inner && !ctx.guard(ei, () => subscribeBoundaries(ctx, ei, node))) {
        ctx.run();
        return { state, effects: ctx.effects };
      }
      ctx.guard(ei, () => processorFor(ei.kind).onActivate(ctx, ei, node));
    }
  }
  // phase 'trigger': the element waits again for its task, timer, message or called process.
  ctx.run();
  return { state, effects: ctx.effects };
}

/** Cancels a running instance: every element is terminated, tasks and jobs withdrawn. */
export function cancelInstance(state: InstanceState, model: ProcessModel, now: Date, opts: { actor?: Actor; reason?: string } = {}, options: EngineOptions = {}): CommandResult {
  if (state.status !== 'active') throw new ConflictError(`the process instance is already ${state.status}`);
  const ctx = new Context(state, model, now, options);
  ctx.terminateScope(null);
  state.status = 'cancelled';
  state.endedAt = ctx.nowIso;
  ctx.record('process.cancelled', null, { actor: opts.actor?.username, department: opts.actor?.departmentCode, data: opts.reason ? { reason: opts.reason } : undefined });
  return { state, effects: ctx.effects };
}

/** Sets process variables (no other effect). */
export function setInstanceVariables(state: InstanceState, variables: Record<string, unknown>): void {
  setVariables(state.variables, variables);
}
