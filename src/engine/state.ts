// The runtime state of one process instance, and what a command produces. A command
// (./commands) is deterministic in (state, model, command, now) but not pure: it changes the
// state it is given in place and returns it with the effects — history events, tasks, jobs,
// message subscriptions, incidents and requests to other instances — which the in-memory
// engine and the database store apply.
import type { Candidates, ElementKind, FormField } from './model.js';
import type { Trigger } from './processor.js';

export type InstanceStatus = 'active' | 'completed' | 'terminated' | 'cancelled';

export interface MultiInstanceState {
  items: unknown[];
  total: number;
  /** Index of the next inner instance to start (sequential). */
  next: number;
  completed: number;
  active: number;
  outputs: unknown[];
}

/** One active element instance (a token, or a scope holding tokens). */
export interface ElementInstance {
  /** Unique within the process instance. */
  key: string;
  elementId: string;
  kind: ElementKind | 'multiInstanceBody';
  /** The enclosing sub-process or multi-instance body; null = the process itself. */
  scopeKey: string | null;
  enteredAt: string;
  /** Local variables (the multi-instance item, loopCounter). */
  vars?: Record<string, unknown>;
  /** Inner instance of a multi-instance body. */
  inner?: boolean;
  /**
   * The start event of an event sub-process, waiting for its timer or message on behalf of the
   * enclosing scope. Not a token: it does not keep its scope open and leaves no history.
   */
  listener?: boolean;
  mi?: MultiInstanceState;
  /** Conditional events this instance waits for (a catch event, its boundary events, an event sub-process start): target id → whether its condition held when last evaluated. */
  conds?: Record<string, boolean>;
  /** A compensation handler: the key of the compensation throw or end event waiting for it. */
  compensates?: string;
  /** A compensation throw or end event: the handlers still to run, latest activity first. */
  compensating?: CompensableRecord[];
  taskId?: string;
  /** Jobs (timers, service calls) and message subscriptions this instance owns. */
  jobs?: string[];
  subscriptions?: string[];
  childInstanceId?: string;
  /** Open incident on this element (it waits until the incident is resolved). */
  incidentId?: string;
  /**
   * Where it failed: resolving re-runs the activation, retries the completion, (trigger) lets
   * it wait again, or (retry) delivers again what reached it when the command ran over the
   * step bound — `retry` holds that trigger, or the error code it was to throw.
   */
  incidentPhase?: 'activate' | 'complete' | 'trigger' | 'retry';
  retry?: { trigger?: Trigger; errorCode?: string | null };
}

/** A completed activity with a compensation handler: compensated, latest first, by a compensation throw in its scope. */
export interface CompensableRecord {
  elementId: string;
  handler: string;
  /** The scope the activity completed in (a sub-process's key, null = the process). */
  scopeKey: string | null;
}

export interface InstanceState {
  id: string;
  processId: string;
  /** The deployment the instance runs on (it stays on it). */
  deploymentId: string;
  status: InstanceStatus;
  businessKey?: string;
  variables: Record<string, unknown>;
  elements: Record<string, ElementInstance>;
  nextKey: number;
  /** Tokens waiting at a parallel or inclusive join: `${scopeKey}|${gatewayId}` → arrived flow ids. */
  joins: Record<string, string[]>;
  parent?: { instanceId: string; elementKey: string };
  /** Completed activities that can be compensated, oldest first. */
  compensable?: CompensableRecord[];
  startedAt: string;
  endedAt?: string;
}

export interface Actor {
  userId?: string | number;
  username?: string;
  departmentCode?: string;
  role?: string;
}

export interface TaskRecord {
  id: string;
  instanceId: string;
  processId: string;
  elementId: string;
  elementKey: string;
  name?: string;
  candidates: Candidates;
  assignee?: string;
  formKey?: string;
  form?: FormField[];
  createdAt: string;
  dueAt?: string;
  /** The due date was counted across a holiday year that has only its provisional arrangement (暂定); set when read from the store. */
  dueProvisional?: boolean;
  /** Local variables at creation (the countersign item, loopCounter), for display. */
  context?: Record<string, unknown>;
}

export interface JobRecord {
  id: string;
  instanceId: string;
  elementKey: string;
  elementId: string;
  /** timer; service call; continuation = an asynchronous continuation (the activity starts when it runs); start = a timer start event of a deployed process (no instance: instanceId and elementKey are empty). */
  kind: 'timer' | 'service' | 'continuation' | 'start';
  dueAt: string;
  /** Service task: the registered handler. */
  serviceType?: string;
  retries?: number;
  /** Timer: the element whose event this is (a boundary or a catch event after an event gateway). */
  target?: string;
  /** Timer cycle: how many times it fired before this job. */
  fired?: number;
  /** Timer start: the deployment and process it starts. */
  deploymentId?: string;
  processId?: string;
  /** Timer start whose next firing could not be computed (a year without calendar data): why; it is tried again a day later. */
  error?: string;
  /** Timer: a duration counted on a working-day calendar from `from`, recounted when an official holiday year replaces a provisional one. */
  rule?: { duration: string; calendar: string; from: string };
}

export interface SubscriptionRecord {
  id: string;
  instanceId: string;
  elementKey: string;
  elementId: string;
  messageName: string;
  correlationKey: string | null;
  /** The element whose event this is (boundary event, catch event after an event gateway). */
  target: string;
}

export interface IncidentRecord {
  id: string;
  instanceId: string;
  elementKey: string;
  elementId: string;
  jobId?: string;
  serviceType?: string;
  message: string;
  createdAt: string;
}

export type HistoryType =
  | 'process.started'
  | 'process.completed'
  | 'process.cancelled'
  | 'element.entered'
  | 'element.completed'
  | 'element.terminated'
  | 'task.created'
  | 'task.claimed'
  | 'task.completed'
  | 'task.cancelled'
  | 'task.reassigned'
  | 'task.returned'
  | 'timer.scheduled'
  | 'timer.fired'
  | 'message.correlated'
  | 'message.sent'
  | 'signal.sent'
  | 'job.failed'
  | 'error.thrown'
  | 'escalation.thrown'
  | 'compensation.thrown'
  | 'incident.created'
  | 'incident.resolved';

export interface HistoryEvent {
  type: HistoryType;
  at: string;
  instanceId: string;
  processId: string;
  elementId?: string;
  elementKey?: string;
  elementType?: string;
  elementName?: string;
  taskId?: string;
  actor?: string;
  department?: string;
  data?: Record<string, unknown>;
}

export interface SentMessage {
  name: string;
  correlationKey: string | null;
  variables: Record<string, unknown>;
}

export interface ChildStart {
  instanceId: string;
  processId: string;
  variables: Record<string, unknown>;
  parent: { instanceId: string; elementKey: string };
}

/** To the parent of a called instance, when it ends. */
export interface ParentNotice {
  instanceId: string;
  elementKey: string;
  outcome: 'completed' | 'error';
  variables: Record<string, unknown>;
  errorCode?: string;
}

export interface SentSignal {
  name: string;
  variables: Record<string, unknown>;
}

export interface Effects {
  history: HistoryEvent[];
  tasksCreated: TaskRecord[];
  /** Tasks that ended: completed by the command, or cancelled because their element ended. */
  tasksClosed: Array<{ id: string; status: 'completed' | 'cancelled' }>;
  jobsCreated: JobRecord[];
  jobsRemoved: string[];
  subscriptionsCreated: SubscriptionRecord[];
  subscriptionsRemoved: string[];
  incidentsCreated: IncidentRecord[];
  incidentsResolved: string[];
  childrenStarted: ChildStart[];
  childrenCancelled: string[];
  parentNotice?: ParentNotice;
  messagesSent: SentMessage[];
  /** Signals thrown: broadcast to every waiting instance of the region and every signal start. */
  signalsSent: SentSignal[];
}

export function emptyEffects(): Effects {
  return {
    history: [],
    tasksCreated: [],
    tasksClosed: [],
    jobsCreated: [],
    jobsRemoved: [],
    subscriptionsCreated: [],
    subscriptionsRemoved: [],
    incidentsCreated: [],
    incidentsResolved: [],
    childrenStarted: [],
    childrenCancelled: [],
    messagesSent: [],
    signalsSent: [],
  };
}
