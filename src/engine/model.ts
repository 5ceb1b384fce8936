// The executable BPMN subset the engine runs, as plain data (an intermediate representation).
// The importer (./bpmn/import.ts) turns BPMN 2.0 XML into a ProcessModel; the interpreter core
// (./commands driving ./core.ts, ./elements and ./behavior) runs it; the store persists it as JSON.

/** The element kinds the engine executes. Anything else is reported as unsupported. */
export const ELEMENT_KINDS = [
  'startEvent',
  'endEvent',
  'intermediateCatchEvent',
  'intermediateThrowEvent',
  'boundaryEvent',
  'task',
  'manualTask',
  'userTask',
  'serviceTask',
  'receiveTask',
  'sendTask',
  'exclusiveGateway',
  'parallelGateway',
  'inclusiveGateway',
  'eventBasedGateway',
  'subProcess',
  'callActivity',
] as const;
export type ElementKind = (typeof ELEMENT_KINDS)[number];

export type EventKind = 'none' | 'message' | 'timer' | 'terminate' | 'error' | 'escalation' | 'signal' | 'conditional' | 'compensate';

/** A timer: an ISO-8601 duration, date or repeating cycle, measured on a calendar. */
export interface TimerDefinition {
  type: 'duration' | 'date' | 'cycle';
  /** Literal ISO text or an expression (`= ...`) giving it. */
  value: string;
  /** Calendar name (zaizao:calendar); absent = plain clock time. */
  calendar?: string;
}

export interface EventDefinition {
  kind: EventKind;
  /** message: the message name to wait for or send. */
  messageName?: string;
  /** message catch: expression giving the correlation key (zaizao:correlationKey). */
  correlationKey?: string;
  /** error: the error code thrown or caught (absent on a catch = catch every error). */
  errorCode?: string;
  /** escalation: the escalation code thrown or caught (absent on a catch = catch every escalation). */
  escalationCode?: string;
  /** signal: the signal's name, broadcast to every instance of the region waiting for it. */
  signalName?: string;
  timer?: TimerDefinition;
  /** conditional: the condition on process variables; the event happens when it turns true. */
  condition?: string;
  /** compensate throw: the activity to compensate (absent = every completed activity of the scope, latest first). */
  activityRef?: string;
}

export interface FormField {
  id: string;
  label?: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'enum';
  required: boolean;
  values?: string[];
}

/** Who may work a user task. Each entry is a literal or an expression (`= ...`). */
export interface Candidates {
  departments: string[];
  roles: string[];
  users: string[];
  assignee?: string;
}

export interface MultiInstance {
  sequential: boolean;
  /** Expression for the number of instances (loopCardinality). */
  cardinality?: string;
  /** Expression giving a list; one instance per item (zaizao:collection). */
  collection?: string;
  /** Name of the local variable holding the item (zaizao:elementVariable). */
  elementVariable?: string;
  /** When true after an instance completes, the rest are cancelled (completionCondition). */
  completionCondition?: string;
  /** Collect each instance's `outputElement` value into this process variable. */
  outputCollection?: string;
  outputElement?: string;
}

export interface FlowNode {
  id: string;
  kind: ElementKind;
  name?: string;
  /** The container: the process id or the id of the enclosing sub-process. */
  scope: string;
  incoming: string[];
  outgoing: string[];
  /** Event elements: their (single) event definition; none when absent. */
  event?: EventDefinition;
  /** Boundary event: the activity it is attached to, and whether it interrupts it (a start event of an event sub-process: isInterrupting). */
  attachedTo?: string;
  cancelActivity?: boolean;
  /** Activities: boundary events attached to them. */
  boundaries?: string[];
  /** Gateways with a default flow. */
  defaultFlow?: string;
  /** User task. */
  candidates?: Candidates;
  formKey?: string;
  form?: FormField[];
  /** Expression or ISO duration for the task's due date (zaizao:dueDate). */
  dueDate?: string;
  /** Service task: the registered handler (zaizao:type), retries before an incident. */
  serviceType?: string;
  retries?: number;
  /** Service task: ISO duration of the first retry wait; doubles each time (zaizao:retryBackoff). */
  retryBackoff?: string;
  /** Call activity: the process id it starts. */
  calledElement?: string;
  /** Sub-process: its none start event (an event sub-process: the start event that triggers it). */
  startEvent?: string;
  /** Sub-process: an event sub-process (triggeredByEvent), started by its start event's event. */
  eventSubProcess?: boolean;
  /** Sub-process: the event sub-processes directly inside it. */
  eventSubProcesses?: string[];
  multiInstance?: MultiInstance;
  /** Asynchronous continuation (zaizao:async): the activity starts in a job, after the command that reached it has committed. */
  async?: boolean;
  /** Activity with a compensation boundary event: its compensation handler (the activity the boundary's association points to). */
  compensationHandler?: string;
  /** A compensation handler (isForCompensation): reached only by compensation, never by a flow. */
  forCompensation?: boolean;
}

export interface SequenceFlow {
  id: string;
  name?: string;
  source: string;
  target: string;
  scope: string;
  condition?: string;
}

export interface ProcessModel {
  id: string;
  name?: string;
  executable: boolean;
  nodes: Record<string, FlowNode>;
  flows: Record<string, SequenceFlow>;
  /** The process's own none start event. */
  startEvent?: string;
  /** Message start events by message name. */
  messageStarts: Record<string, string>;
  /** Signal start events by signal name. */
  signalStarts?: Record<string, string>;
  /** The event sub-processes at the process's top level. */
  eventSubProcesses?: string[];
  /** Timer start events of the process: the deployment starts an instance when each falls due. */
  timerStarts?: string[];
  /** Conditional start events of the process: an instance starts when one holds for the variables offered. */
  conditionalStarts?: string[];
  /** Some element waits on a condition: every command on an instance re-evaluates the conditions waiting in it. */
  conditional?: boolean;
  /**
   * For every inclusive gateway with more than one incoming flow: the nodes (same scope)
   * from which it can be reached without passing through it. Used by the join.
   */
  reachableFrom: Record<string, string[]>;
}

/** A BPMN file may hold several processes (collaborations, call activities). */
export interface ModelSet {
  processes: ProcessModel[];
  /** Message id → name, error id → code, for reference. */
  messages: Record<string, string>;
}

export interface ValidationProblem {
  id?: string;
  type?: string;
  message: string;
}

export interface UnsupportedElement {
  id: string;
  type: string;
  /** What is missing or not supported. */
  reason?: string;
  /** What to add or change, and where. */
  hint?: string;
}

export interface ValidationResult {
  /** Parses and validates, and every executable element is supported. */
  ok: boolean;
  /** At least one process is marked isExecutable (or none is marked and we treat it as executable). */
  executable: boolean;
  errors: ValidationProblem[];
  unsupported: UnsupportedElement[];
  warnings: string[];
}
