// BPMN 2.0 XML → the engine's model (../model.ts), with validation that names every problem
// and every unsupported element by id and type. Parsing uses bpmn-moddle; the graph is
// built from each sequence flow's sourceRef/targetRef (not from incoming/outgoing lists,
// which many tools leave out or get wrong).
import { BpmnModdle } from 'bpmn-moddle';
import { checkExpression, evaluate, ExpressionError, isExpression } from '../expression.js';
import { parseIsoDuration, parseIsoCycle } from '../time.js';
import { isoDatesExist } from '../../shared/time.js';
import { inputLimits, tooDeep, xmlTextDepth } from '../../shared/bounds.js';
import type {
  Candidates,
  ElementKind,
  EventDefinition,
  FlowNode,
  FormField,
  ModelSet,
  MultiInstance,
  ProcessModel,
  SequenceFlow,
  UnsupportedElement,
  ValidationProblem,
  ValidationResult,
} from '../model.js';
import { zaizaoDescriptor } from './zaizao-moddle.js';
import { cyclePeriodMs, maxMultiInstance, minTimerCycleMs, type EngineLimits } from '../bounds.js';

// bpmn-moddle's generated types are too narrow for walking arbitrary content.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type El = any;

const KIND_BY_TYPE: Record<string, ElementKind> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:Task': 'task',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:CallActivity': 'callActivity',
};

/** Flow elements that carry no behaviour: accepted and ignored. */
const IGNORED_TYPES = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

const EVENT_KIND_BY_DEF: Record<string, EventDefinition['kind']> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:CompensateEventDefinition': 'compensate',
};

/** Which event definitions each event kind supports. */
const ALLOWED_EVENTS: Partial<Record<ElementKind, EventDefinition['kind'][]>> = {
  // Error and escalation start events only start event sub-processes (checkProcess).
  startEvent: ['none', 'message', 'timer', 'error', 'escalation', 'signal', 'conditional'],
  endEvent: ['none', 'message', 'terminate', 'error', 'escalation', 'signal', 'compensate'],
  intermediateCatchEvent: ['message', 'timer', 'signal', 'conditional'],
  intermediateThrowEvent: ['none', 'message', 'escalation', 'signal', 'compensate'],
  boundaryEvent: ['message', 'timer', 'error', 'escalation', 'signal', 'conditional', 'compensate'],
};

const ACTIVITY_KINDS = new Set<ElementKind>(['task', 'manualTask', 'userTask', 'serviceTask', 'receiveTask', 'sendTask', 'subProcess', 'callActivity']);

export function isActivity(kind: ElementKind): boolean {
  return ACTIVITY_KINDS.has(kind);
}

export class BpmnParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BpmnParseError';
  }
}

export function createModdle(): BpmnModdle {
  return new BpmnModdle({ zaizao: zaizaoDescriptor } as never);
}

export interface ParsedBpmn {
  definitions: El;
  warnings: Array<{ message: string; element?: El; property?: string; value?: unknown }>;
}

export async function parseBpmnXml(xml: string): Promise<ParsedBpmn> {
  const moddle = createModdle();
  try {
    const result = (await moddle.fromXML(xml)) as unknown as { rootElement: El; warnings: ParsedBpmn['warnings'] };
    if (!result.rootElement || result.rootElement.$type !== 'bpmn:Definitions') throw new BpmnParseError('the document is not a BPMN definitions element');
    return { definitions: result.rootElement, warnings: result.warnings ?? [] };
  } catch (err) {
    if (err instanceof BpmnParseError) throw err;
    throw new BpmnParseError(oneLine((err as Error).message));
  }
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, '; ');

export interface ImportResult {
  validation: ValidationResult;
  /** Present when the XML parsed (even with problems). */
  models: ModelSet | null;
  /** The document as bpmn-moddle read it, qualified references linked (for writing it back whole). */
  definitions?: unknown;
}

/** Parses and validates; never throws on bad input. */
export async function importBpmn(xml: string, limits: EngineLimits = {}): Promise<ImportResult> {
  let parsed: ParsedBpmn;
  // Elements nested thousands deep make the model builder and the engine's walks slow or
  // overflow the stack: refuse them before parsing.
  const { maxDepth } = inputLimits();
  if (xmlTextDepth(xml, maxDepth) < 0) {
    return { validation: { ok: false, executable: false, errors: [{ message: tooDeep(maxDepth, 'XML').en }], unsupported: [], warnings: [] }, models: null };
  }
  try {
    parsed = await parseBpmnXml(xml);
  } catch (err) {
    return {
      validation: { ok: false, executable: false, errors: [{ message: (err as Error).message }], unsupported: [], warnings: [] },
      models: null,
    };
  }
  const ctx = new ImportContext(xml, limits);
  let models: ModelSet;
  try {
    ctx.readWarnings(parsed.warnings, parsed.definitions);
    models = ctx.readDefinitions(parsed.definitions);
  } catch (err) {
    // A model shaped in a way this reader did not foresee: report it, never crash.
    ctx.errors.push({ message: `cannot read the model: ${(err as Error).message}` });
    return { validation: { ok: false, executable: false, errors: ctx.errors, unsupported: ctx.unsupported, warnings: ctx.warnings }, models: null };
  }
  const executable = models.processes.some((p) => p.executable);
  const validation: ValidationResult = {
    ok: ctx.errors.length === 0 && ctx.unsupported.length === 0,
    executable,
    errors: ctx.errors,
    unsupported: ctx.unsupported,
    warnings: ctx.warnings,
  };
  return { validation, models, definitions: parsed.definitions };
}

/** Exit status of `zaizao bpmn validate`: 0 ok, 1 invalid XML/BPMN, 3 unsupported elements. */
export function validationExitCode(v: ValidationResult): 0 | 1 | 3 {
  if (v.errors.length > 0) return 1;
  if (v.unsupported.length > 0) return 3;
  return 0;
}

/** Reports what keeps an element from running here: unsupported in a process that is to run, a warning in one that is not. */
type Check = (el: El, reason: string, hint?: string) => void;

class ImportContext {
  errors: ValidationProblem[] = [];
  unsupported: UnsupportedElement[] = [];
  warnings: string[] = [];
  /** Flows whose condition is in an unsupported language or syntax (already reported). */
  readonly unsupportedConditions = new Set<string>();
  private messages: Record<string, string> = {};
  /** Association source id → target ids (compensation boundary event → handler). */
  private readonly associations = new Map<string, string[]>();
  private errorCodes: Record<string, string> = {};
  private lineStarts: number[];

  constructor(
    private readonly xml: string,
    private readonly limits: EngineLimits,
  ) {
    this.lineStarts = [0];
    for (let i = 0; i < xml.length; i++) if (xml[i] === '\n') this.lineStarts.push(i + 1);
  }

  /**
   * A reference written as a qualified name (`tns:m1`, `other:Reply`), which bpmn-moddle does
   * not resolve. Its prefix naming the document's own target namespace: the element is looked
   * up by its local id and linked (true). Another namespace: a reference to something defined
   * elsewhere (a WSDL operation's message), kept as written, with a warning. Unknown prefix or
   * missing local element: null (an error).
   */
  private qualifiedReference(el: El, property: string | undefined, ref: string, definitions: El): true | string | null {
    const colon = ref.indexOf(':');
    if (colon <= 0 || !property) return null;
    const prefix = ref.slice(0, colon);
    const local = ref.slice(colon + 1);
    const namespace = this.namespaces(definitions)[prefix];
    if (!namespace) return null;
    const name = property.includes(':') ? property.slice(property.indexOf(':') + 1) : property;
    const descriptor = el.$descriptor?.propertiesByName?.[name];
    const link = (target: El) => {
      if (descriptor?.isMany) (el.get(name) as El[]).push(target);
      else el.set(name, target);
    };
    if (namespace !== definitions.targetNamespace) {
      // A stand-in carrying the qualified name, so that writing the document out keeps the reference.
      if (descriptor?.type && el.$model) link(el.$model.create(descriptor.type, { id: ref }));
      return `${el.id ?? el.$type}: ${property} "${ref}" refers to ${namespace}, outside this document; kept as written`;
    }
    const target = this.ids(definitions).get(local);
    if (!target) return null;
    link(target);
    return true;
  }

  private nsCache: Record<string, string> | null = null;
  private namespaces(definitions: El): Record<string, string> {
    if (!this.nsCache) {
      this.nsCache = {};
      for (const [k, v] of Object.entries((definitions.$attrs ?? {}) as Record<string, string>)) if (k.startsWith('xmlns:')) this.nsCache[k.slice(6)] = v;
    }
    return this.nsCache;
  }

  private idCache: Map<string, El> | null = null;
  private ids(definitions: El): Map<string, El> {
    if (!this.idCache) {
      const ids = new Map<string, El>();
      const seen = new Set<El>();
      const walk = (x: El, depth: number) => {
        if (!x || typeof x !== 'object' || seen.has(x) || depth > 200) return;
        seen.add(x);
        if (Array.isArray(x)) {
          for (const y of x) walk(y, depth + 1);
          return;
        }
        if (!x.$type) return;
        if (typeof x.id === 'string' && !ids.has(x.id)) ids.set(x.id, x);
        for (const [k, v] of Object.entries(x)) if (!k.startsWith('$') && v && typeof v === 'object' && (Array.isArray(v) || (v as El).$type)) walk(v, depth + 1);
      };
      walk(definitions, 0);
      this.idCache = ids;
    }
    return this.idCache;
  }

  readWarnings(warnings: ParsedBpmn['warnings'], definitions: El): void {
    for (const w of warnings) {
      const msg = w.message ?? String(w);
      const unknown =
        /^unparsable content <([^>\s]+)> detected[\s\S]*?line: (\d+)[\s\S]*?column: (\d+)[\s\S]*?nested error: (unknown type <([^>]+)>|unrecognized element <([^>]+)>)?/.exec(msg);
      if (unknown) {
        const tag = unknown[1];
        const id = this.idAt(tag, Number(unknown[2]), Number(unknown[3])) ?? '';
        const bpmnType = unknown[5];
        if (bpmnType && bpmnType.startsWith('bpmn:')) {
          this.errors.push({ id, type: bpmnType, message: `unknown BPMN element <${tag}>` });
        } else if (!unknown[4]) {
          // Not an unknown element but a broken one (a duplicate id, a bad attribute value).
          const nested = /nested error: ([^\n]*)/.exec(msg);
          this.errors.push({ id, type: tag.includes(':') ? tag : `bpmn:${tag[0].toUpperCase()}${tag.slice(1)}`, message: nested ? nested[1] : oneLine(msg) });
        } else {
          this.unsupported.push({ id, type: unknown[6] ?? tag, reason: 'element outside the BPMN schema' });
        }
        continue;
      }
      const unresolved = /^unresolved reference <([^>]*)>/.exec(msg);
      if (unresolved && w.element) {
        const kept = this.qualifiedReference(w.element, w.property, unresolved[1], definitions);
        if (kept) {
          if (kept !== true) this.warnings.push(kept);
          continue;
        }
        this.errors.push({ id: w.element.id, type: w.element.$type, message: `${w.property ?? 'reference'} points to missing element "${unresolved[1]}"` });
        continue;
      }
      this.warnings.push(oneLine(msg));
    }
  }

  /** Finds the id attribute of the element starting near a line/column reported by the parser. */
  private idAt(tag: string, line: number, column: number): string | undefined {
    const start = (this.lineStarts[line] ?? 0) + column;
    const open = this.xml.lastIndexOf(`<${tag}`, start + 1);
    const from = open >= 0 ? open : this.xml.indexOf(`<${tag}`);
    if (from < 0) return undefined;
    const end = this.xml.indexOf('>', from);
    const m = /\sid\s*=\s*["']([^"']*)["']/.exec(this.xml.slice(from, end < 0 ? undefined : end));
    return m?.[1];
  }

  private unsupportedEl(el: El, reason: string, hint?: string): void {
    this.unsupported.push({ id: el.id ?? '', type: el.$type, reason, ...(hint ? { hint } : {}) });
  }

  private error(el: El | undefined, message: string): void {
    this.errors.push({ id: el?.id, type: el?.$type, message });
  }

  readDefinitions(defs: El): ModelSet {
    for (const root of defs.rootElements ?? []) {
      if (root.$type === 'bpmn:Message') this.messages[root.id] = root.name ?? root.id;
      if (root.$type === 'bpmn:Error') this.errorCodes[root.id] = root.errorCode ?? root.name ?? root.id;
    }
    const processes: ProcessModel[] = [];
    // What would be deployed: the processes marked executable, or all of them when none is.
    const procs = (defs.rootElements ?? []).filter((r: El) => r.$type === 'bpmn:Process');
    const noneExecutable = procs.length > 0 && procs.every((r: El) => r.isExecutable === false);
    for (const root of procs) processes.push(this.readProcess(root, noneExecutable));
    if (processes.length === 0) this.error(defs, 'the definitions contain no process');
    this.checkEscalations(processes);
    // A call activity must name a process of this file or one deployed separately; only
    // a missing name is an error here.
    return { processes, messages: this.messages };
  }

  /** An escalation thrown with a code that no boundary event or event sub-process of the file catches would go nowhere: refused. */
  private checkEscalations(processes: ProcessModel[]): void {
    const caught = new Set<string | undefined>();
    for (const p of processes) {
      for (const n of Object.values(p.nodes)) {
        if (n.event?.kind !== 'escalation') continue;
        if (n.kind === 'boundaryEvent' || (n.kind === 'startEvent' && p.nodes[n.scope]?.eventSubProcess)) caught.add(n.event.escalationCode);
      }
    }
    for (const p of processes) {
      if (!p.executable && processes.some((q) => q.executable)) continue;
      for (const n of Object.values(p.nodes)) {
        if (n.event?.kind !== 'escalation' || (n.kind !== 'endEvent' && n.kind !== 'intermediateThrowEvent') || !n.event.escalationCode) continue;
        if (caught.has(undefined) || caught.has(n.event.escalationCode)) continue;
        this.unsupported.push({
          id: n.id,
          type: n.kind === 'endEvent' ? 'bpmn:EndEvent' : 'bpmn:IntermediateThrowEvent',
          reason: `escalation "${n.event.escalationCode}" is caught nowhere`,
          hint: `add an escalation boundary event (escalationRef to code "${n.event.escalationCode}") on an activity around ${n.id}, or an event sub-process starting on it`,
        });
      }
    }
  }

  private readProcess(proc: El, noneExecutable: boolean): ProcessModel {
    // A process is executable unless it says isExecutable="false".
    const executable = proc.isExecutable !== false;
    const model: ProcessModel = {
      id: proc.id,
      name: proc.name,
      executable,
      nodes: {},
      flows: {},
      messageStarts: {},
      reachableFrom: {},
    };
    const problemsBefore = this.errors.length;
    const check: Check = (el, reason, hint) => {
      if (executable || noneExecutable) this.unsupportedEl(el ?? proc, reason, hint);
      else this.warnings.push(`${el?.id ?? proc.id}: ${reason} (process is not executable)`);
    };
    if (noneExecutable) this.unsupportedEl(proc, 'the process is marked isExecutable="false"', `set isExecutable="true" on <process id="${proc.id}"> to deploy it`);
    this.readContainer(proc, proc.id, model, check);
    this.link(model, check);
    this.checkProcess(model, proc, check, noneExecutable);
    if (this.errors.length === problemsBefore) model.reachableFrom = computeInclusiveReach(model);
    return model;
  }

  private readContainer(container: El, scope: string, model: ProcessModel, check: Check): void {
    const flows: El[] = [];
    const unsupportedCondition = this.unsupportedConditions;
    // Associations link a compensation boundary event to its handler.
    for (const a of container.artifacts ?? []) {
      if (a.$type === 'bpmn:Association' && a.sourceRef?.id && a.targetRef?.id)
        this.associations.set(a.sourceRef.id, [...(this.associations.get(a.sourceRef.id) ?? []), a.targetRef.id]);
    }
    for (const el of container.flowElements ?? []) {
      if (el.$type === 'bpmn:SequenceFlow') {
        flows.push(el);
        continue;
      }
      if (IGNORED_TYPES.has(el.$type)) continue;
      const kind = KIND_BY_TYPE[el.$type];
      if (!kind) {
        this.unsupportedEl(el, 'element type not executed by the engine', 'replace it by a supported element (docs/engine.md, Supported BPMN) or remove it');
        continue;
      }
      const node: FlowNode = { id: el.id, kind, scope, incoming: [], outgoing: [] };
      if (kind === 'subProcess' && el.triggeredByEvent) node.eventSubProcess = true;
      if (el.name) node.name = el.name;
      if (!this.readEvent(el, node, check)) continue;
      if (!this.readActivity(el, node, check)) continue;
      if (el.default) node.defaultFlow = el.default.id;
      if (model.nodes[node.id]) this.error(el, `duplicate id "${node.id}"`);
      model.nodes[node.id] = node;
      if (kind === 'subProcess') this.readContainer(el, el.id, model, check);
    }
    for (const f of flows) {
      const flow: SequenceFlow = { id: f.id, source: f.sourceRef?.id, target: f.targetRef?.id, scope };
      if (f.name) flow.name = f.name;
      if (!f.sourceRef || !f.targetRef) {
        this.error(f, `sequence flow without ${!f.sourceRef ? 'sourceRef' : 'targetRef'}`);
        continue;
      }
      const cond = f.conditionExpression;
      if (cond) {
        const body = (cond.body ?? '').trim();
        if (cond.language && !/feel|zaizao|juel/i.test(cond.language)) {
          this.unsupported.push({
            id: f.id,
            type: 'bpmn:FormalExpression',
            reason: `expression language ${cond.language}`,
            hint: "rewrite the condition in the engine's expression language (FEEL subset, see docs/engine.md) and drop the language attribute or set it to FEEL",
          });
        } else if (body === '') {
          check(f, 'empty condition expression', 'write the condition in the conditionExpression, e.g. "= amount > 1000", or remove the element');
        } else if (this.expressionOk(f, body)) flow.condition = body;
        else unsupportedCondition.add(f.id);
      }
      model.flows[flow.id] = flow;
    }
  }

  /** Reports an expression the evaluator cannot parse as unsupported; returns whether it parses. */
  private expressionOk(el: El, text: string): boolean {
    try {
      checkExpression(text);
      return true;
    } catch (err) {
      this.unsupported.push({
        id: el.id,
        type: el.$type === 'bpmn:SequenceFlow' ? 'bpmn:FormalExpression' : el.$type,
        reason: err instanceof ExpressionError ? err.message : String(err),
        hint: 'write it in the engine\'s expression language (see docs/engine.md), e.g. "= serviceLevel = \"Premium\""',
      });
      return false;
    }
  }

  private readEvent(el: El, node: FlowNode, check: Check): boolean {
    const allowed = ALLOWED_EVENTS[node.kind];
    if (!allowed) return true;
    const defs: El[] = el.eventDefinitions ?? [];
    if (defs.length > 1) {
      this.unsupportedEl(el, 'multiple event definitions');
      return false;
    }
    const def = defs[0];
    const kind = def ? EVENT_KIND_BY_DEF[def.$type] : 'none';
    if (!kind || !allowed.includes(kind)) {
      this.unsupportedEl(el, `${def ? def.$type.replace('bpmn:', '') : 'none'} on ${el.$type.replace('bpmn:', '')}`);
      return false;
    }
    const event: EventDefinition = { kind };
    if (kind === 'message') {
      if (!def.messageRef)
        check(el, 'message event without messageRef', 'declare <message id="..." name="..."/> in the definitions and add messageRef="that id" to the messageEventDefinition');
      else event.messageName = def.messageRef.name ?? def.messageRef.id;
      if (def.correlationKey) {
        if (!this.expressionOk(el, def.correlationKey)) return false;
        event.correlationKey = def.correlationKey;
      }
    }
    if (kind === 'error' && def.errorRef) event.errorCode = def.errorRef.errorCode ?? def.errorRef.name ?? def.errorRef.id;
    if (kind === 'escalation' && def.escalationRef) event.escalationCode = def.escalationRef.escalationCode ?? def.escalationRef.name ?? def.escalationRef.id;
    if (kind === 'escalation' && !event.escalationCode && (node.kind === 'endEvent' || node.kind === 'intermediateThrowEvent')) {
      check(
        el,
        'escalation thrown without an escalation code',
        'declare <escalation id="..." escalationCode="..."/> in the definitions and add escalationRef="that id" to the escalationEventDefinition',
      );
    }
    if (kind === 'signal') {
      const name = def.signalRef?.name ?? def.signalRef?.id;
      if (!name)
        check(el, 'signal event without a named signal', 'declare <signal id="..." name="..."/> in the definitions and add signalRef="that id" to the signalEventDefinition');
      else event.signalName = name;
    }
    if (kind === 'conditional') {
      const cond = def.condition;
      const body = (cond?.body ?? '').trim();
      if (cond?.language && !/feel|zaizao|juel/i.test(cond.language)) {
        check(
          el,
          `condition in expression language ${cond.language}`,
          "rewrite the condition in the engine's expression language (FEEL subset, see docs/engine.md) and drop the language attribute or set it to FEEL",
        );
        return false;
      }
      if (body === '') {
        check(
          el,
          'conditional event without a condition',
          'write the condition on process variables in <condition xsi:type="tFormalExpression">= amount > 1000</condition> inside the conditionalEventDefinition',
        );
        return false;
      }
      if (!this.expressionOk(el, body)) return false;
      event.condition = body;
    }
    if (kind === 'compensate' && def.activityRef) event.activityRef = def.activityRef.id;
    if (node.kind === 'startEvent') node.cancelActivity = el.isInterrupting !== false;
    if (kind === 'timer') {
      const timer = def.timeDuration
        ? { type: 'duration' as const, e: def.timeDuration }
        : def.timeDate
          ? { type: 'date' as const, e: def.timeDate }
          : def.timeCycle
            ? { type: 'cycle' as const, e: def.timeCycle }
            : null;
      const value = (timer?.e?.body ?? '').trim();
      if (!timer || value === '') {
        check(el, 'timer without timeDuration, timeDate or timeCycle', 'add <timeDuration>P2D</timeDuration> (or timeDate, timeCycle) inside the timerEventDefinition');
      } else {
        if (isExpression(value)) {
          if (!this.expressionOk(el, value)) return false;
        } else if (!isoDatesExist(value)) {
          // Date.parse would roll 2025-02-30 over to 2025-03-02: a date that does not exist is an error in the model.
          check(el, `timer ${timer.type} "${value}" names a day that does not exist`);
          return false;
        } else if (!this.timerLiteralOk(timer.type, value)) {
          this.unsupportedEl(el, `timer ${timer.type} "${value}" is not ISO-8601`);
          return false;
        } else if (timer.type === 'cycle' && (cyclePeriodMs(value) ?? 0) < minTimerCycleMs(this.limits)) {
          this.unsupportedEl(el, `timer cycle "${value}" repeats more often than every ${minTimerCycleMs(this.limits) / 1000} s; use a longer period (timeCycle)`);
          return false;
        } else if (def.calendar && timer.type !== 'date' && /^[^T]*\d(Y|M)/.test(timer.type === 'cycle' ? (parseIsoCycle(value)?.durationText ?? '') : value)) {
          // Fails at run time anyway (time.ts): years and months have no working-day meaning.
          this.unsupportedEl(
            el,
            `timer ${timer.type} "${value}" counts years or months on the working-day calendar ${def.calendar}`,
            'count working days (P20D) on the calendar, or drop zaizao:calendar for calendar months (R/2025-10-01T09:00:00+08:00/P1M)',
          );
          return false;
        }
        event.timer = { type: timer.type, value };
        if (def.calendar) event.timer.calendar = def.calendar;
      }
    }
    node.event = event;
    if (node.kind === 'boundaryEvent') {
      node.attachedTo = el.attachedToRef?.id;
      node.cancelActivity = el.cancelActivity !== false;
      if (!node.attachedTo) this.error(el, 'boundary event without attachedToRef');
      if (kind === 'error' && !node.cancelActivity) this.error(el, 'an error boundary event always interrupts (cancelActivity must be true)');
    }
    return true;
  }

  private timerLiteralOk(type: 'duration' | 'date' | 'cycle', value: string): boolean {
    if (type === 'duration') return parseIsoDuration(value) !== null;
    if (type === 'date') return !Number.isNaN(Date.parse(value));
    return parseIsoCycle(value) !== null;
  }

  private readActivity(el: El, node: FlowNode, check: Check): boolean {
    if (!isActivity(node.kind)) return true;
    if (el.isForCompensation === true) node.forCompensation = true;
    if (el.async === true) node.async = true;
    const loop = el.loopCharacteristics;
    if (loop) {
      if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
        this.unsupportedEl(el, `${loop.$type.replace('bpmn:', '')} (only multi-instance loops)`);
        return false;
      }
      const mi: MultiInstance = { sequential: loop.isSequential === true };
      const exprs: Array<[keyof MultiInstance, string | undefined]> = [
        ['cardinality', loop.loopCardinality?.body],
        ['collection', loop.collection],
        ['completionCondition', loop.completionCondition?.body],
        ['outputElement', loop.outputElement],
      ];
      for (const [key, text] of exprs) {
        if (!text || !text.trim()) continue;
        const t = text.trim();
        if (!this.expressionOk(el, t)) return false;
        (mi as unknown as Record<string, unknown>)[key] = t;
      }
      const literal = mi.cardinality ? constantOf(mi.cardinality) : undefined;
      if (typeof literal === 'number' && literal > maxMultiInstance(this.limits)) {
        this.unsupportedEl(el, `loopCardinality ${literal} exceeds the bound of ${maxMultiInstance(this.limits)} instances`);
        return false;
      }
      if (loop.elementVariable) mi.elementVariable = loop.elementVariable;
      if (loop.outputCollection) mi.outputCollection = loop.outputCollection;
      if (!mi.cardinality && !mi.collection)
        check(
          el,
          'multi-instance without loopCardinality or zaizao:collection',
          'add <loopCardinality>= n</loopCardinality> or zaizao:collection="= list" to the multiInstanceLoopCharacteristics',
        );
      node.multiInstance = mi;
    }
    if (node.kind === 'userTask') {
      const list = (v: string | undefined) =>
        !v
          ? []
          : isExpression(v)
            ? [v.trim()]
            : v
                .split(',')
                .map((s) => s.trim())
                .filter(Boolean);
      const c: Candidates = { departments: list(el.candidateDepartments), roles: list(el.candidateRoles), users: list(el.candidateUsers) };
      if (el.assignee) c.assignee = el.assignee.trim();
      for (const v of [...c.departments, ...c.roles, ...c.users, c.assignee ?? '']) if (isExpression(v) && !this.expressionOk(el, v)) return false;
      node.candidates = c;
      if (el.formKey) node.formKey = el.formKey;
      if (el.dueDate) {
        const d = el.dueDate.trim();
        if (isExpression(d) ? !this.expressionOk(el, d) : parseIsoDuration(d) === null && Number.isNaN(Date.parse(d))) {
          if (!isExpression(d)) this.unsupportedEl(el, `dueDate "${d}" is neither an ISO duration nor a date`);
          return false;
        }
        node.dueDate = d;
      }
      const fields: FormField[] = [];
      for (const v of el.extensionElements?.values ?? []) {
        if (v.$type !== 'zaizao:FormField') continue;
        const type = (v.type ?? 'string') as FormField['type'];
        if (!['string', 'number', 'boolean', 'date', 'enum'].includes(type)) {
          check(el, `form field "${v.id}" has unknown type "${type}"`, 'use type="string", "number", "boolean", "date" or "enum" on the zaizao:formField');
          continue;
        }
        const f: FormField = { id: v.id, type, required: v.required === true };
        if (v.label) f.label = v.label;
        if (v.values)
          f.values = String(v.values)
            .split(',')
            .map((s: string) => s.trim());
        fields.push(f);
      }
      if (fields.length) node.form = fields;
    }
    if (node.kind === 'serviceTask') {
      if (el.type) node.serviceType = el.type;
      else if (el.implementation && !/##(WebService|unspecified)/.test(el.implementation)) node.serviceType = el.implementation;
      else
        check(el, 'service task without zaizao:type (the registered handler)', `add zaizao:type="handler-name" to <serviceTask id="${el.id}"> naming a registered service handler`);
      node.retries = typeof el.retries === 'number' ? el.retries : 3;
      if (el.retryBackoff) {
        if (parseIsoDuration(el.retryBackoff) === null)
          check(el, `retryBackoff "${el.retryBackoff}" is not an ISO duration`, 'write zaizao:retryBackoff as an ISO-8601 duration, e.g. "PT10S"');
        else node.retryBackoff = el.retryBackoff;
      }
    }
    if (node.kind === 'sendTask') {
      // Publishes its message as an intermediate message throw event does (zaizao:correlationKey: the key it carries).
      const msg = el.messageRef;
      if (!msg) check(el, 'send task without messageRef', `declare <message id="..." name="..."/> in the definitions and add messageRef="that id" to <sendTask id="${el.id}">`);
      else node.event = { kind: 'message', messageName: msg.name ?? msg.id };
      if (el.correlationKey && node.event) {
        if (!this.expressionOk(el, el.correlationKey)) return false;
        node.event.correlationKey = el.correlationKey;
      }
    }
    if (node.kind === 'receiveTask') {
      const msg = el.messageRef;
      if (!msg)
        check(el, 'receive task without messageRef', `declare <message id="..." name="..."/> in the definitions and add messageRef="that id" to <receiveTask id="${el.id}">`);
      else node.event = { kind: 'message', messageName: msg.name ?? msg.id };
      if (el.correlationKey && node.event) {
        if (!this.expressionOk(el, el.correlationKey)) return false;
        node.event.correlationKey = el.correlationKey;
      }
    }
    if (node.kind === 'callActivity') {
      if (!el.calledElement) check(el, 'call activity without calledElement', `add calledElement="process-id" to <callActivity id="${el.id}">`);
      else node.calledElement = el.calledElement;
    }
    return true;
  }

  /** Builds incoming/outgoing from the flows and attaches boundary events (a compensation boundary event: its handler, through its association). */
  private link(model: ProcessModel, check: Check): void {
    for (const flow of Object.values(model.flows)) {
      const src = model.nodes[flow.source];
      const tgt = model.nodes[flow.target];
      if (!src || !tgt) {
        // An end of the flow is an unsupported or ignored element: already reported.
        delete model.flows[flow.id];
        continue;
      }
      if (src.scope !== flow.scope || tgt.scope !== flow.scope) {
        this.error({ id: flow.id, $type: 'bpmn:SequenceFlow' }, `sequence flow crosses a sub-process boundary (${flow.source} → ${flow.target})`);
        continue;
      }
      src.outgoing.push(flow.id);
      tgt.incoming.push(flow.id);
    }
    for (const node of Object.values(model.nodes)) {
      if (node.kind !== 'boundaryEvent' || !node.attachedTo) continue;
      const host = model.nodes[node.attachedTo];
      if (!host) continue;
      if (!isActivity(host.kind)) {
        this.error({ id: node.id, $type: 'bpmn:BoundaryEvent' }, `attached to ${node.attachedTo}, which is not an activity`);
        continue;
      }
      (host.boundaries ??= []).push(node.id);
      if (node.event?.kind === 'compensate') this.linkCompensation(model, node, host, check);
    }
  }

  private linkCompensation(model: ProcessModel, boundary: FlowNode, host: FlowNode, check: Check): void {
    const el = { id: boundary.id, $type: 'bpmn:BoundaryEvent' };
    const handlers = (this.associations.get(boundary.id) ?? []).filter((id) => model.nodes[id]);
    const handler = handlers.length === 1 ? model.nodes[handlers[0]] : undefined;
    if (!handler) {
      check(
        el,
        handlers.length ? 'compensation boundary event associated with more than one activity' : 'compensation boundary event without a handler',
        `draw one association from ${boundary.id} to the activity that undoes ${host.id}, marked isForCompensation="true"`,
      );
      return;
    }
    if (!handler.forCompensation) check(el, `the compensation handler ${handler.id} is not marked isForCompensation="true"`, `add isForCompensation="true" to ${handler.id}`);
    else if (handler.scope !== host.scope) check(el, `the compensation handler ${handler.id} is not in the scope of ${host.id}`, `move ${handler.id} next to ${host.id}`);
    else if (host.compensationHandler) check(el, `${host.id} has more than one compensation boundary event`, `keep one compensation boundary event on ${host.id}`);
    else host.compensationHandler = handler.id;
  }

  private checkProcess(model: ProcessModel, proc: El, check: Check, noneExecutable: boolean): void {
    const ref = (n: FlowNode) => ({ id: n.id, $type: `bpmn:${n.kind[0].toUpperCase()}${n.kind.slice(1)}` });
    const startsByScope = new Map<string, FlowNode[]>();
    for (const node of Object.values(model.nodes)) {
      // Conditions waiting inside instances (all but a process's own conditional start) are re-evaluated after every command.
      if (node.event?.kind === 'conditional' && (node.kind !== 'startEvent' || model.nodes[node.scope]?.eventSubProcess)) model.conditional = true;
      if (node.kind === 'startEvent') {
        const list = startsByScope.get(node.scope) ?? [];
        list.push(node);
        startsByScope.set(node.scope, list);
        if (node.incoming.length) this.error(ref(node), 'a start event has incoming flows');
        const scopeNode = model.nodes[node.scope];
        const kind = node.event?.kind ?? 'none';
        if (scopeNode?.eventSubProcess) {
          // An event sub-process starts with the event it waits for; error starts always interrupt.
          if (kind === 'none') this.error(ref(node), `the start event of event sub-process ${scopeNode.id} has no event definition`);
          if (kind === 'error' && node.cancelActivity === false) this.error(ref(node), 'an error start event always interrupts (isInterrupting must be true)');
          if (scopeNode.startEvent) this.error(ref(node), `more than one start event in event sub-process ${scopeNode.id}`);
          scopeNode.startEvent = node.id;
          continue;
        }
        if (kind === 'error' || kind === 'escalation') {
          this.error(ref(node), `an ${kind} start event belongs in an event sub-process`);
          continue;
        }
        if (kind === 'signal') {
          if (node.scope !== model.id) this.error(ref(node), 'a signal start event inside a sub-process (only a process starts on a signal here)');
          else if (node.event!.signalName) (model.signalStarts ??= {})[node.event!.signalName] = node.id;
          continue;
        }
        if (kind === 'timer' || kind === 'conditional') {
          if (node.scope !== model.id) {
            this.error(ref(node), `a ${kind} start event inside a sub-process (only a process or an event sub-process starts on a ${kind === 'timer' ? 'timer' : 'condition'})`);
          } else if (kind === 'timer' && node.event!.timer && isExpression(node.event!.timer.value)) {
            check(
              ref(node),
              'timer start event with an expression (a process has no variables before it starts)',
              `write the time of ${node.id} as a literal ISO-8601 date, duration or cycle`,
            );
          } else if (kind === 'timer' && node.event!.timer) (model.timerStarts ??= []).push(node.id);
          else if (kind === 'conditional' && node.event!.condition) (model.conditionalStarts ??= []).push(node.id);
          continue;
        }
        if (kind === 'message') {
          if (node.scope !== model.id) {
            this.error(ref(node), 'a message start event inside a sub-process (only event sub-processes start on a message)');
            continue;
          }
          if (node.event!.messageName) model.messageStarts[node.event!.messageName] = node.id;
        } else if (node.scope === model.id) {
          if (model.startEvent) check(ref(node), 'more than one none start event', 'keep one none start event per process (give the others a message)');
          model.startEvent = node.id;
        } else {
          if (scopeNode.startEvent) this.error(ref(node), 'more than one start event in the sub-process');
          scopeNode.startEvent = node.id;
        }
      }
      if (node.eventSubProcess) {
        if (node.incoming.length || node.outgoing.length) this.error(ref(node), 'an event sub-process has sequence flows');
        if (node.boundaries?.length) this.error(ref(node), 'an event sub-process has boundary events');
        const container = model.nodes[node.scope];
        if (container) (container.eventSubProcesses ??= []).push(node.id);
        else (model.eventSubProcesses ??= []).push(node.id);
      }
      if (node.kind === 'endEvent' && node.outgoing.length) this.error(ref(node), 'an end event has outgoing flows');
      if (node.forCompensation && (node.incoming.length || node.outgoing.length)) {
        check(
          ref(node),
          'a compensation handler (isForCompensation) with sequence flows',
          `remove the sequence flows of ${node.id}: it is reached only through the association from a compensation boundary event`,
        );
      }
      if (node.kind === 'boundaryEvent' && node.event?.kind === 'compensate' && node.outgoing.length) {
        check(ref(node), 'a compensation boundary event with outgoing flows', `remove the outgoing flows of ${node.id}: its handler is linked by an association`);
      }
      if (node.event?.kind === 'compensate' && node.event.activityRef && !model.nodes[node.event.activityRef]?.compensationHandler) {
        this.warnings.push(`${node.id}: compensates ${node.event.activityRef}, which has no compensation boundary event and handler, so nothing is compensated`);
      }
      if (node.kind === 'boundaryEvent' && node.incoming.length) this.error(ref(node), 'a boundary event has incoming flows');
      if (node.kind === 'exclusiveGateway' || node.kind === 'inclusiveGateway') {
        if (node.outgoing.length > 1) {
          for (const fid of node.outgoing) {
            const f = model.flows[fid];
            if (!f.condition && fid !== node.defaultFlow && !this.unsupportedConditions.has(fid)) {
              this.warnings.push(`${fid}: leaves ${node.kind} ${node.id} without a condition and is not its default flow, so it is always taken`);
            }
          }
        }
        if (node.defaultFlow && !node.outgoing.includes(node.defaultFlow)) this.error(ref(node), `default flow ${node.defaultFlow} does not leave the gateway`);
      }
      if (node.kind === 'eventBasedGateway') {
        for (const fid of node.outgoing) {
          const t = model.nodes[model.flows[fid].target];
          const ok = (t.kind === 'intermediateCatchEvent' && t.incoming.length === 1) || (t.kind === 'receiveTask' && !t.multiInstance);
          if (!ok) this.error(ref(t), `follows event-based gateway ${node.id} but is not a catch event or receive task with one incoming flow`);
        }
        if (node.outgoing.length < 2) this.error(ref(node), 'an event-based gateway needs at least two outgoing flows');
      }
      if (node.kind === 'subProcess' && !Object.values(model.nodes).some((n) => n.scope === node.id && n.kind === 'startEvent')) {
        this.unsupported.push({
          id: node.id,
          type: 'bpmn:SubProcess',
          reason: 'sub-process without a start event (implicit start)',
          hint: `add a none <startEvent> inside <subProcess id="${node.id}"> with a sequence flow to its first element`,
        });
      }
      if (!['startEvent', 'boundaryEvent'].includes(node.kind) && !node.eventSubProcess && !node.forCompensation && node.incoming.length === 0 && model.executable) {
        this.warnings.push(`${node.id}: ${node.kind} has no incoming flow and is never reached`);
      }
    }
    if (
      !model.startEvent &&
      Object.keys(model.messageStarts).length === 0 &&
      Object.keys(model.signalStarts ?? {}).length === 0 &&
      !model.timerStarts?.length &&
      !model.conditionalStarts?.length
    ) {
      if (model.executable || noneExecutable)
        this.unsupported.push({
          id: proc.id,
          type: 'bpmn:Process',
          reason: 'no none or message start event (implicit start)',
          hint: `add a none <startEvent> to <process id="${proc.id}"> with a sequence flow to its first element`,
        });
      else this.warnings.push(`${proc.id}: the process has no none or message start event (process is not executable)`);
    }
  }
}

/** The value of an expression that reads no variable (a literal, `= 2 * 500`); undefined otherwise. */
function constantOf(text: string): unknown {
  let readsVariable = false;
  try {
    const v = evaluate(text, () => {
      readsVariable = true;
      return null;
    });
    return readsVariable ? undefined : v;
  } catch {
    return undefined;
  }
}

/**
 * For each inclusive gateway with several incoming flows: the nodes of its scope from which
 * it can be reached without passing through it (boundary events lead back to their host).
 */
function computeInclusiveReach(model: ProcessModel): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const g of Object.values(model.nodes)) {
    if (g.kind !== 'inclusiveGateway' || g.incoming.length < 2) continue;
    const seen = new Set<string>();
    const stack = g.incoming.map((f) => model.flows[f].source);
    while (stack.length) {
      const id = stack.pop()!;
      if (id === g.id || seen.has(id)) continue;
      seen.add(id);
      const n = model.nodes[id];
      for (const f of n.incoming) stack.push(model.flows[f].source);
      if (n.kind === 'boundaryEvent' && n.attachedTo) stack.push(n.attachedTo);
    }
    // A token on a boundary event's host can reach the gateway through the boundary event.
    for (const id of [...seen]) {
      const n = model.nodes[id];
      if (n.kind === 'boundaryEvent' && n.attachedTo) seen.add(n.attachedTo);
    }
    out[g.id] = [...seen].sort();
  }
  return out;
}
