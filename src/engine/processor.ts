// The contract between the interpreter core and the element processors (after Zeebe's
// BpmnElementProcessor and BpmnContainerProcessor). A processor reacts to its element being
// activated, triggered (task completed, timer fired, message correlated, called process
// ended) and terminated; a container (sub-process, multi-instance body) is also told when a
// child completed and when the last execution path inside it ended, and decides itself
// whether it completes; a joining gateway decides when the tokens arrived at it may go on.
// Processors see the core only through `ElementContext`: the generic moves it offers
// (activate, complete, terminate, deliver, record, raise an incident), never the class that
// implements them. What an event definition does when thrown or caught (errors, escalations,
// compensation, event sub-processes) is a behaviour of its own in ./behavior, written on this
// interface, that processors call.
import type { FlowNode, ProcessModel } from './model.js';
import type { Effects, ElementInstance, HistoryEvent, InstanceState, JobRecord, SubscriptionRecord } from './state.js';
import type { EngineOptions } from './core.js';

export type Trigger =
  | { kind: 'task'; variables: Record<string, unknown> }
  | { kind: 'job'; variables: Record<string, unknown> }
  | { kind: 'timer'; target: string }
  | { kind: 'message'; target: string; variables: Record<string, unknown> }
  | { kind: 'child'; variables: Record<string, unknown> }
  | { kind: 'condition'; target: string };

/** What an element processor may read and do during one command on one instance. */
export interface ElementContext {
  /** The instance's state: processors change it only through the behaviours below and the records they own (their element instance, variables). */
  readonly state: InstanceState;
  readonly model: ProcessModel;
  readonly now: Date;
  readonly nowIso: string;
  readonly options: EngineOptions;
  /** What the command produces besides the state: history, records, requests to other instances. */
  readonly effects: Effects;
  /** Catch events an event-based gateway fired in this command. */
  readonly triggered: Set<string>;

  /** Variable lookup as seen from an element instance: local, enclosing scopes, process. */
  lookup(ei: ElementInstance | null): (name: string) => unknown;
  record(type: HistoryEvent['type'], ei?: ElementInstance | null, extra?: Partial<HistoryEvent>): void;
  childrenOf(scopeKey: string | null): ElementInstance[];

  /** Queues the activation of an element in a scope (a start event, a flow's target). */
  enqueueActivate(elementId: string, scopeKey: string | null, flowId?: string): void;
  /** Drops the activations queued in a scope (a terminate end event). */
  dropQueued(scopeKey: string | null): void;
  /** Creates an element instance and runs its processor now. */
  activateNow(elementId: string, scopeKey: string | null, init?: Partial<ElementInstance>): ElementInstance | null;
  /** Completes an element instance and leaves it over `flows`, or over the flows whose conditions hold. */
  complete(ei: ElementInstance, flows?: string[]): void;
  /** Terminates an element instance and everything inside it. */
  terminate(ei: ElementInstance): void;
  /** Terminates everything in a scope except `except`. */
  terminateScope(scopeKey: string | null, except?: ElementInstance): void;

  /** Delivers a trigger to a waiting element through its processor's onTrigger. */
  deliver(ei: ElementInstance, trigger: Trigger): void;
  /** Ends the process instance (an uncaught error in a called process ends it with `errorCode`). */
  finishProcess(status: 'completed' | 'terminated', errorCode?: string): void;
  /** Runs fn; an incident-worthy failure (an expression, a timer, an IncidentError) puts `ei` on hold with an incident. */
  guard(ei: ElementInstance, fn: () => void, phase?: ElementInstance['incidentPhase']): boolean;
  raiseIncident(ei: ElementInstance, message: string, job?: JobRecord, phase?: ElementInstance['incidentPhase']): void;
  /** The next element instance key of the instance. */
  newKey(): string;

  addJob(ei: ElementInstance, job: Omit<JobRecord, 'id' | 'instanceId' | 'elementKey' | 'elementId'>): JobRecord;
  addSubscription(ei: ElementInstance, sub: Omit<SubscriptionRecord, 'id' | 'instanceId' | 'elementKey' | 'elementId'>): SubscriptionRecord;
}

export interface ElementProcessor {
  onActivate(ctx: ElementContext, ei: ElementInstance, node: FlowNode): void;
  onTrigger?(ctx: ElementContext, ei: ElementInstance, node: FlowNode, trigger: Trigger): void;
  onTerminate?(ctx: ElementContext, ei: ElementInstance, node: FlowNode): void;

  // ---- containers ----
  /** A child instance of this container completed (the multi-instance body's inner instances). */
  onChildCompleted?(ctx: ElementContext, container: ElementInstance, node: FlowNode, child: ElementInstance): void;
  /** No token is left inside this container (a sub-process's last path ended). */
  afterExecutionPathCompleted?(ctx: ElementContext, container: ElementInstance, node: FlowNode): void;

  // ---- joining gateways ----
  /** A token arrived over `flowId` at this gateway, which has several incoming flows: true when it activates now. */
  onTokenArrived?(ctx: ElementContext, node: FlowNode, scopeKey: string | null, flowId: string): boolean;
  /** Nothing else moves in the instance: true when the tokens waiting at this gateway (under `joinKey`) go on. */
  joinsWhenIdle?(ctx: ElementContext, node: FlowNode, scopeKey: string | null, joinKey: string): boolean;
}
