// What the importer maps: BPMN element types to the engine's element kinds, event definition
// types to event kinds, and which event definitions each kind of event may carry.
import type { ElementKind, EventDefinition } from '../../model.js';

// bpmn-moddle's generated types are too narrow for walking arbitrary content.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type El = any;

/** A document as bpmn-moddle read it, with the warnings it gave. */
export interface ParsedBpmn {
  definitions: El;
  warnings: Array<{ message: string; element?: El; property?: string; value?: unknown }>;
}

export const KIND_BY_TYPE: Record<string, ElementKind> = {
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
export const IGNORED_TYPES = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

export const EVENT_KIND_BY_DEF: Record<string, EventDefinition['kind']> = {
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
export const ALLOWED_EVENTS: Partial<Record<ElementKind, EventDefinition['kind'][]>> = {
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
