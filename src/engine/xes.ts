// History → XES (IEEE 1849-2016): one trace per process instance, one event per activity
// lifecycle step; the traces are built here and written by the one XES writer (shared/xes.ts).
//   user tasks:        task.created → schedule, task.claimed → assign, task.completed → complete,
//                      task.cancelled → withdraw (org:resource = who, org:group = department)
//   other activities:  element.entered → start, element.completed → complete,
//                      element.terminated → ate_abort
import type { HistoryEvent } from './state.js';
import { typedAttribute, xesText, type XesAttribute, type XesLogData } from '../shared/xes.js';

const ACTIVITY_TYPES = new Set(['task', 'manualTask', 'serviceTask', 'receiveTask', 'subProcess', 'callActivity']);

export interface XesTrace {
  instanceId: string;
  attributes: Record<string, string | number | boolean | null | undefined>;
  events: HistoryEvent[];
}

/** The XES lifecycle transition of a history event, or null when it is not an activity step. */
export function lifecycleOf(e: HistoryEvent): string | null {
  if (e.elementType === 'userTask') {
    if (e.type === 'task.created') return 'schedule';
    if (e.type === 'task.claimed') return 'assign';
    if (e.type === 'task.completed') return 'complete';
    if (e.type === 'task.cancelled') return 'withdraw';
    if (e.type === 'task.reassigned' || e.type === 'task.returned') return 'reassign';
    return null;
  }
  if (!e.elementType || !ACTIVITY_TYPES.has(e.elementType)) return null;
  if (e.type === 'element.entered') return 'start';
  if (e.type === 'element.completed') return 'complete';
  if (e.type === 'element.terminated') return 'ate_abort';
  return null;
}

const GLOBALS = {
  trace: [{ key: 'concept:name', type: 'string', value: '__INVALID__' }],
  event: [
    { key: 'concept:name', type: 'string', value: '__INVALID__' },
    { key: 'time:timestamp', type: 'date', value: 0 },
    { key: 'lifecycle:transition', type: 'string', value: 'complete' },
  ],
} satisfies XesLogData['globals'];

const CLASSIFIERS = { Activity: ['concept:name'], 'Activity and transition': ['concept:name', 'lifecycle:transition'] };

/** The events of one instance as XES events: its activity steps, each with its transition, who and which department. */
function* eventsOf(history: HistoryEvent[]): Generator<XesAttribute[]> {
  for (const e of history) {
    const lc = lifecycleOf(e);
    if (lc === null) continue;
    const event: XesAttribute[] = [
      { key: 'concept:name', type: 'string', value: e.elementName ?? e.elementId ?? '' },
      { key: 'time:timestamp', type: 'date', value: Date.parse(e.at) },
      { key: 'lifecycle:transition', type: 'string', value: lc },
    ];
    if (e.actor) event.push({ key: 'org:resource', type: 'string', value: e.actor });
    if (e.department) event.push({ key: 'org:group', type: 'string', value: e.department });
    if (e.elementId) event.push({ key: 'zaizao:elementId', type: 'string', value: e.elementId });
    yield event;
  }
}

/** Instances' histories as the XES writer's log: one trace per instance, named by its id. */
function historyAsXes(traces: XesTrace[], logName: string): XesLogData {
  return {
    globals: GLOBALS,
    classifiers: CLASSIFIERS,
    attributes: [{ key: 'concept:name', type: 'string', value: logName }],
    traces: traces.map((t) => ({
      attributes: [
        { key: 'concept:name', type: 'string', value: t.instanceId },
        ...Object.entries(t.attributes).flatMap(([k, v]) => (k === 'concept:name' ? [] : (typedAttribute(k, v) ?? []))),
      ],
      events: eventsOf(t.events),
    })),
  };
}

/** The instances' histories as one XES text (the HTTP answer, the CLI's output). */
export function toXes(traces: XesTrace[], logName = 'zaizao'): string {
  return xesText(historyAsXes(traces, logName));
}

/** Groups history events into traces by instance, in order. */
export function tracesOf(
  events: HistoryEvent[],
  attributes: (instanceId: string, first: HistoryEvent) => XesTrace['attributes'] = (_, first) => ({ 'zaizao:process': first.processId }),
): XesTrace[] {
  const byInstance = new Map<string, HistoryEvent[]>();
  for (const e of events) {
    const list = byInstance.get(e.instanceId) ?? [];
    list.push(e);
    byInstance.set(e.instanceId, list);
  }
  return [...byInstance.entries()].map(([instanceId, evs]) => ({ instanceId, attributes: attributes(instanceId, evs[0]), events: evs }));
}
