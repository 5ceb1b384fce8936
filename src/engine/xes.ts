// History → XES (IEEE 1849-2016): one trace per process instance, one event per activity step
// (activity-steps.ts: the mapping mining's event log is built from too), who took it as
// org:resource and the department as org:group; the traces are built here and written by the
// one XES writer (shared/xes.ts).
import type { HistoryEvent } from './state.js';
import { activityStep, byInstance } from './activity-steps.js';
import { typedAttribute, xesText, type XesAttribute, type XesLogData } from '../shared/xes.js';

export interface XesTrace {
  instanceId: string;
  attributes: Record<string, string | number | boolean | null | undefined>;
  events: HistoryEvent[];
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
    const step = activityStep(e);
    if (step === null) continue;
    const event: XesAttribute[] = [
      { key: 'concept:name', type: 'string', value: step.activity },
      { key: 'time:timestamp', type: 'date', value: step.at },
      { key: 'lifecycle:transition', type: 'string', value: step.lifecycle },
    ];
    if (step.resource) event.push({ key: 'org:resource', type: 'string', value: step.resource });
    if (step.department) event.push({ key: 'org:group', type: 'string', value: step.department });
    if (step.elementId) event.push({ key: 'zaizao:elementId', type: 'string', value: step.elementId });
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
  return [...byInstance(events)].map(([instanceId, evs]) => ({ instanceId, attributes: attributes(instanceId, evs[0]), events: evs }));
}
