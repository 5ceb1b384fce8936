// The interpreter core: the generic execution loop of one command on one instance — tokens
// queued and moved over sequence flows, each element dispatched to its processor
// (./elements), containers told when a child completed or their last path ended, joins
// decided by their gateways, incidents raised where the model fails at run time. What an
// element or event definition means is decided in ./elements and ./behavior, never here; the
// commands that drive this loop are in ./commands.
//
// Deterministic: it reads no clock and no randomness (time and ids come from the caller) and
// performs no I/O, so the in-memory dry run and the durable engine run exactly the same code.
// Not pure: it changes the instance state it is given, in place.
import { ExpressionError } from './expression.js';
import { ConflictError, IncidentError } from './errors.js';
import type { FlowNode, ProcessModel } from './model.js';
import type { ElementContext, Trigger } from './processor.js';
import { emptyEffects, type Effects, type ElementInstance, type HistoryEvent, type InstanceState, type JobRecord, type SubscriptionRecord } from './state.js';
import { TimerError, type CalendarResolver } from './time.js';
import { processorFor } from './elements/index.js';
import { selectOutgoing } from './behavior/flows.js';
import { lookupIn } from './behavior/variables.js';
import { clearOwnedWaits, subscribeBoundaries } from './behavior/events.js';
import { fireConditions } from './behavior/definitions/conditional.js';
import { forgetCompensable, handlerCompleted, rememberCompensable } from './behavior/definitions/compensation.js';
import { LoopLimitError, maxSteps, type EngineLimits } from './bounds.js';

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
    rememberCompensable(this, ei, node);
    if (ei.compensates) {
      // A compensation handler has no outgoing flows: its thrower goes on with the next one.
      this.queue.push({ op: 'checkScope', scopeKey: ei.scopeKey });
      handlerCompleted(this, ei);
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
    forgetCompensable(this, ei);
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
      if (this.model.conditional && fireConditions(this)) continue;
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

  /** Delivers a trigger to a waiting element (a task, job, timer, message, called process or condition). */
  deliver(ei: ElementInstance, t: Trigger): void {
    const processor = processorFor(ei.kind);
    if (!processor.onTrigger) throw new ConflictError(`element ${ei.elementId} does not wait for anything`);
    this.guard(ei, () => processor.onTrigger!(this, ei, this.model.nodes[ei.elementId], t), 'trigger');
  }

  /** Ends the instance (its last path ended, or an uncaught error ends a called process); a caller is told. */
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
