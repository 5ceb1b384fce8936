// The engine's model → BPMN 2.0 XML, through bpmn-moddle, with Zaizao's extension
// attributes. Used to write out processes generated from the catalogue and bundles, and by
// `zaizao bpmn export` to show what the engine understood. Importing the output gives the
// same model back (tested). No diagram interchange (layout) is written.
import type { FlowNode, ModelSet, ProcessModel } from '../model.js';
import { createModdle, importBpmn } from './import.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any;

const TYPE_BY_KIND: Record<FlowNode['kind'], string> = {
  startEvent: 'bpmn:StartEvent',
  endEvent: 'bpmn:EndEvent',
  intermediateCatchEvent: 'bpmn:IntermediateCatchEvent',
  intermediateThrowEvent: 'bpmn:IntermediateThrowEvent',
  boundaryEvent: 'bpmn:BoundaryEvent',
  task: 'bpmn:Task',
  manualTask: 'bpmn:ManualTask',
  userTask: 'bpmn:UserTask',
  serviceTask: 'bpmn:ServiceTask',
  receiveTask: 'bpmn:ReceiveTask',
  sendTask: 'bpmn:SendTask',
  exclusiveGateway: 'bpmn:ExclusiveGateway',
  parallelGateway: 'bpmn:ParallelGateway',
  inclusiveGateway: 'bpmn:InclusiveGateway',
  eventBasedGateway: 'bpmn:EventBasedGateway',
  subProcess: 'bpmn:SubProcess',
  callActivity: 'bpmn:CallActivity',
};

export async function exportBpmn(set: ModelSet | ProcessModel[]): Promise<string> {
  const processes = Array.isArray(set) ? set : set.processes;
  const moddle = createModdle();
  const messages = new Map<string, El>();
  const errors = new Map<string, El>();
  const message = (name: string) => {
    if (!messages.has(name)) messages.set(name, moddle.create('bpmn:Message', { id: `Message_${messages.size + 1}`, name }));
    return messages.get(name);
  };
  const error = (code: string) => {
    if (!errors.has(code)) errors.set(code, moddle.create('bpmn:Error', { id: `Error_${errors.size + 1}`, name: code, errorCode: code }));
    return errors.get(code);
  };
  const expr = (body: string) => moddle.create('bpmn:FormalExpression', { body });
  const escalations = new Map<string, El>();
  const escalation = (code: string) => {
    if (!escalations.has(code)) escalations.set(code, moddle.create('bpmn:Escalation', { id: `Escalation_${escalations.size + 1}`, name: code, escalationCode: code }));
    return escalations.get(code);
  };
  const signals = new Map<string, El>();
  const signal = (name: string) => {
    if (!signals.has(name)) signals.set(name, moddle.create('bpmn:Signal', { id: `Signal_${signals.size + 1}`, name }));
    return signals.get(name);
  };

  const roots: El[] = [];
  for (const model of processes) {
    const proc: El = moddle.create('bpmn:Process', { id: model.id, isExecutable: model.executable, flowElements: [] });
    if (model.name) proc.name = model.name;
    const containers = new Map<string, El>([[model.id, proc]]);
    const elements = new Map<string, El>();
    // Parents before children: sub-processes are created when first seen, in document order.
    const ordered = Object.values(model.nodes);
    const containerOf = (scope: string): El => {
      const existing = containers.get(scope);
      if (existing) return existing;
      throw new Error(`scope ${scope} is not defined before its content`);
    };
    const pending = [...ordered];
    while (pending.length) {
      const before = pending.length;
      for (let i = 0; i < pending.length; i++) {
        const node = pending[i];
        if (!containers.has(node.scope)) continue;
        const el = createNode(moddle, node, { message, error, escalation, signal, expr });
        elements.set(node.id, el);
        containerOf(node.scope).flowElements.push(el);
        if (node.kind === 'subProcess') {
          el.flowElements = [];
          containers.set(node.id, el);
        }
        pending.splice(i--, 1);
      }
      if (pending.length === before) throw new Error(`cannot place ${pending.map((n) => n.id).join(', ')}`);
    }
    for (const node of ordered) {
      const el = elements.get(node.id);
      if (node.kind === 'boundaryEvent' && node.attachedTo) el.attachedToRef = elements.get(node.attachedTo);
      if (node.event?.kind === 'compensate' && node.event.activityRef) el.eventDefinitions[0].activityRef = elements.get(node.event.activityRef);
      // A compensation boundary event is linked to its handler by an association in their scope.
      const handler = node.kind === 'boundaryEvent' && node.event?.kind === 'compensate' && node.attachedTo ? model.nodes[node.attachedTo]?.compensationHandler : undefined;
      if (handler) {
        const container = containerOf(node.scope);
        (container.artifacts ??= []).push(moddle.create('bpmn:Association', { id: `${node.id}_handler`, sourceRef: el, targetRef: elements.get(handler) }));
      }
    }
    const flows = new Map<string, El>();
    for (const f of Object.values(model.flows)) {
      const el: El = moddle.create('bpmn:SequenceFlow', { id: f.id, sourceRef: elements.get(f.source), targetRef: elements.get(f.target) });
      if (f.name) el.name = f.name;
      if (f.condition) el.conditionExpression = expr(f.condition);
      flows.set(f.id, el);
      containerOf(f.scope).flowElements.push(el);
      const src = elements.get(f.source);
      const tgt = elements.get(f.target);
      (src.outgoing ??= []).push(el);
      (tgt.incoming ??= []).push(el);
    }
    for (const node of ordered) if (node.defaultFlow) elements.get(node.id).default = flows.get(node.defaultFlow);
    roots.push(proc);
  }
  const definitions = moddle.create('bpmn:Definitions', {
    id: 'Definitions_1',
    targetNamespace: 'http://zaizao.dev/bpmn',
    rootElements: [...messages.values(), ...errors.values(), ...escalations.values(), ...signals.values(), ...roots],
  });
  const { xml } = await moddle.toXML(definitions, { format: true });
  return `${xml}\n`;
}

interface Refs {
  message: (name: string) => El;
  error: (code: string) => El;
  escalation: (code: string) => El;
  signal: (name: string) => El;
  expr: (body: string) => El;
}

function createNode(moddle: El, node: FlowNode, { message, error, escalation, signal, expr }: Refs): El {
  const attrs: Record<string, unknown> = { id: node.id };
  if (node.name) attrs.name = node.name;
  const el: El = moddle.create(TYPE_BY_KIND[node.kind], attrs);
  const ev = node.event;
  if (ev && node.kind !== 'receiveTask' && node.kind !== 'sendTask' && ev.kind !== 'none') {
    let def: El;
    if (ev.kind === 'message') {
      def = moddle.create('bpmn:MessageEventDefinition', {});
      if (ev.messageName) def.messageRef = message(ev.messageName);
      if (ev.correlationKey) def.correlationKey = ev.correlationKey;
    } else if (ev.kind === 'timer') {
      def = moddle.create('bpmn:TimerEventDefinition', {});
      const t = ev.timer!;
      const key = t.type === 'duration' ? 'timeDuration' : t.type === 'date' ? 'timeDate' : 'timeCycle';
      def[key] = expr(t.value);
      if (t.calendar) def.calendar = t.calendar;
    } else if (ev.kind === 'error') {
      def = moddle.create('bpmn:ErrorEventDefinition', {});
      if (ev.errorCode) def.errorRef = error(ev.errorCode);
    } else if (ev.kind === 'escalation') {
      def = moddle.create('bpmn:EscalationEventDefinition', {});
      if (ev.escalationCode) def.escalationRef = escalation(ev.escalationCode);
    } else if (ev.kind === 'signal') {
      def = moddle.create('bpmn:SignalEventDefinition', {});
      if (ev.signalName) def.signalRef = signal(ev.signalName);
    } else if (ev.kind === 'conditional') {
      def = moddle.create('bpmn:ConditionalEventDefinition', { condition: expr(ev.condition ?? '') });
    } else if (ev.kind === 'compensate') {
      def = moddle.create('bpmn:CompensateEventDefinition', {});
    } else {
      def = moddle.create('bpmn:TerminateEventDefinition', {});
    }
    el.eventDefinitions = [def];
  }
  if (node.kind === 'boundaryEvent' && node.cancelActivity === false) el.cancelActivity = false;
  if (node.kind === 'startEvent' && node.cancelActivity === false) el.isInterrupting = false;
  if (node.eventSubProcess) el.triggeredByEvent = true;
  if ((node.kind === 'receiveTask' || node.kind === 'sendTask') && ev?.messageName) {
    el.messageRef = message(ev.messageName);
    if (ev.correlationKey) el.correlationKey = ev.correlationKey;
  }
  if (node.kind === 'userTask') {
    const c = node.candidates;
    const join = (xs: string[]) => (xs.length === 1 ? xs[0] : xs.join(','));
    if (c?.departments.length) el.candidateDepartments = join(c.departments);
    if (c?.roles.length) el.candidateRoles = join(c.roles);
    if (c?.users.length) el.candidateUsers = join(c.users);
    if (c?.assignee) el.assignee = c.assignee;
    if (node.formKey) el.formKey = node.formKey;
    if (node.dueDate) el.dueDate = node.dueDate;
    if (node.form?.length) {
      el.extensionElements = moddle.create('bpmn:ExtensionElements', {
        values: node.form.map((f) => {
          const ff = moddle.create('zaizao:FormField', { id: f.id, type: f.type });
          if (f.label) ff.label = f.label;
          if (f.required) ff.required = true;
          if (f.values) ff.values = f.values.join(',');
          return ff;
        }),
      });
    }
  }
  if (node.kind === 'serviceTask') {
    if (node.serviceType) el.type = node.serviceType;
    if (node.retries !== undefined && node.retries !== 3) el.retries = node.retries;
    if (node.retryBackoff) el.retryBackoff = node.retryBackoff;
  }
  if (node.kind === 'callActivity' && node.calledElement) el.calledElement = node.calledElement;
  if (node.async) el.async = true;
  if (node.forCompensation) el.isForCompensation = true;
  const mi = node.multiInstance;
  if (mi) {
    const loop = moddle.create('bpmn:MultiInstanceLoopCharacteristics', {});
    if (mi.sequential) loop.isSequential = true;
    if (mi.cardinality) loop.loopCardinality = expr(mi.cardinality);
    if (mi.completionCondition) loop.completionCondition = expr(mi.completionCondition);
    if (mi.collection) loop.collection = mi.collection;
    if (mi.elementVariable) loop.elementVariable = mi.elementVariable;
    if (mi.outputCollection) loop.outputCollection = mi.outputCollection;
    if (mi.outputElement) loop.outputElement = mi.outputElement;
    el.loopCharacteristics = loop;
  }
  return el;
}

/**
 * A BPMN document written back whole: every element, extension and the diagram, as read by
 * bpmn-moddle (what `zaizao bpmn export` writes). References to elements of other namespaces
 * are kept as written. The errors instead when the document is not valid BPMN (see importBpmn).
 */
export async function exportDocument(xml: string): Promise<{ xml: string } | { errors: Array<{ id?: string; message: string }> }> {
  const { validation, definitions } = await importBpmn(xml);
  if (validation.errors.length || !definitions) return { errors: validation.errors };
  const out = await createModdle().toXML(definitions as El, { format: true });
  return { xml: out.xml };
}
