// Accepting Petri nets, and the translation of a BPMN process into one: every sequence
// flow is a place; a task is a visible transition; an exclusive gateway is a place with
// silent transitions in and out; a parallel gateway is one silent transition; the start
// event's flows are initially marked, end events feed one sink place, the final marking.
import { BpmnModdle } from 'bpmn-moddle';
import { DomainError } from '../../shared/errors.js';

export interface Transition {
  id: string;
  /** Activity name; null for a silent (tau) transition. */
  label: string | null;
  /** Input and output places (indices), one entry per token. */
  pre: number[];
  post: number[];
}

export interface PetriNet {
  places: string[];
  transitions: Transition[];
  initialMarking: Int32Array;
  finalMarking: Int32Array;
}

/** A BPMN model that cannot be replayed: 422 `model_unusable`, saying why. */
export class BpmnConversionError extends DomainError {
  constructor(
    /** Why, in English (the CLI prints it after the file name). */
    readonly problem: string,
  ) {
    super(422, 'model_unusable', { zh: `BPMN 模型无法用于一致性检查：${problem}`, en: `the BPMN model cannot be replayed: ${problem}` });
  }
}

interface ModdleElement {
  $type: string;
  id: string;
  name?: string;
  flowElements?: ModdleElement[];
  sourceRef?: ModdleElement;
  targetRef?: ModdleElement;
  rootElements?: ModdleElement[];
}

const TASKS = new Set([
  'bpmn:Task',
  'bpmn:UserTask',
  'bpmn:ServiceTask',
  'bpmn:ManualTask',
  'bpmn:SendTask',
  'bpmn:ReceiveTask',
  'bpmn:ScriptTask',
  'bpmn:BusinessRuleTask',
  'bpmn:CallActivity',
]);
const PASS_THROUGH = new Set(['bpmn:IntermediateCatchEvent', 'bpmn:IntermediateThrowEvent']);

/** Parses BPMN 2.0 XML and converts its (first executable, else first) process. */
export async function bpmnXmlToPetriNet(xml: string): Promise<PetriNet> {
  const moddle = new BpmnModdle();
  let definitions: ModdleElement;
  try {
    const result = (await moddle.fromXML(xml, 'bpmn:Definitions')) as unknown as { rootElement: ModdleElement };
    definitions = result.rootElement;
  } catch (err) {
    throw new BpmnConversionError(`not a BPMN 2.0 document: ${(err as Error).message.split('\n')[0]}`);
  }
  const processes = (definitions.rootElements ?? []).filter((e) => e.$type === 'bpmn:Process');
  const process = processes.find((p) => (p as unknown as { isExecutable?: boolean }).isExecutable) ?? processes[0];
  if (!process) throw new BpmnConversionError('the BPMN document has no process');
  return processToPetriNet(process.flowElements ?? []);
}

function processToPetriNet(elements: ModdleElement[]): PetriNet {
  const places: string[] = [];
  const transitions: Transition[] = [];
  const place = (name: string) => places.push(name) - 1;
  const flows = elements.filter((e) => e.$type === 'bpmn:SequenceFlow');
  const flowPlace = new Map<string, number>();
  const incoming = new Map<string, number[]>();
  const outgoing = new Map<string, number[]>();
  for (const f of flows) {
    if (!f.sourceRef || !f.targetRef) throw new BpmnConversionError(`sequence flow ${f.id} lacks a source or target`);
    const p = place(f.id);
    flowPlace.set(f.id, p);
    (outgoing.get(f.sourceRef.id) ?? outgoing.set(f.sourceRef.id, []).get(f.sourceRef.id)!).push(p);
    (incoming.get(f.targetRef.id) ?? incoming.set(f.targetRef.id, []).get(f.targetRef.id)!).push(p);
  }
  const source = place('source');
  const sink = place('sink');
  let starts = 0;
  for (const el of elements) {
    if (el.$type === 'bpmn:SequenceFlow') continue;
    const ins = incoming.get(el.id) ?? [];
    const outs = outgoing.get(el.id) ?? [];
    if (el.$type === 'bpmn:StartEvent') {
      starts++;
      transitions.push({ id: el.id, label: null, pre: [source], post: outs });
    } else if (el.$type === 'bpmn:EndEvent') {
      ins.forEach((p, i) => transitions.push({ id: `${el.id}#${i}`, label: null, pre: [p], post: [sink] }));
    } else if (TASKS.has(el.$type)) {
      if (el.name === undefined || el.name === '') throw new BpmnConversionError(`${el.id}: a task without a name cannot be matched to the log`);
      // several incoming flows merge (exclusively), several outgoing flows fork (in parallel)
      let input: number;
      if (ins.length === 1) input = ins[0];
      else {
        input = place(`${el.id}:in`);
        ins.forEach((p, i) => transitions.push({ id: `${el.id}:merge#${i}`, label: null, pre: [p], post: [input] }));
      }
      transitions.push({ id: el.id, label: el.name, pre: [input], post: outs });
    } else if (el.$type === 'bpmn:ExclusiveGateway' || PASS_THROUGH.has(el.$type)) {
      const mid = place(el.id);
      ins.forEach((p, i) => transitions.push({ id: `${el.id}:in#${i}`, label: null, pre: [p], post: [mid] }));
      outs.forEach((p, i) => transitions.push({ id: `${el.id}:out#${i}`, label: null, pre: [mid], post: [p] }));
    } else if (el.$type === 'bpmn:ParallelGateway') {
      transitions.push({ id: el.id, label: null, pre: ins, post: outs });
    } else if (
      el.$type === 'bpmn:TextAnnotation' ||
      el.$type === 'bpmn:Association' ||
      el.$type === 'bpmn:DataObjectReference' ||
      el.$type === 'bpmn:DataObject' ||
      el.$type === 'bpmn:DataStoreReference'
    ) {
      continue;
    } else {
      throw new BpmnConversionError(
        `${el.id}: ${el.$type.replace('bpmn:', '')} is not supported for conformance checking (start/end events, tasks, exclusive and parallel gateways are)`,
      );
    }
  }
  if (starts !== 1) throw new BpmnConversionError(`the process needs exactly one start event (found ${starts})`);
  const initialMarking = new Int32Array(places.length);
  initialMarking[source] = 1;
  const finalMarking = new Int32Array(places.length);
  finalMarking[sink] = 1;
  return { places, transitions, initialMarking, finalMarking };
}
