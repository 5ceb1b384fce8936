// History → XES (IEEE 1849-2016): one trace per process instance, one event per activity
// lifecycle step, with the concept, time, lifecycle and organizational extensions.
//   user tasks:        task.created → schedule, task.claimed → assign, task.completed → complete,
//                      task.cancelled → withdraw (org:resource = who, org:group = department)
//   other activities:  element.entered → start, element.completed → complete,
//                      element.terminated → ate_abort
import type { HistoryEvent } from './state.js';
import { escapeXml as esc } from '../shared/xml.js';

const ACTIVITY_TYPES = new Set(['task', 'manualTask', 'serviceTask', 'receiveTask', 'subProcess', 'callActivity']);

export interface XesTrace {
  instanceId: string;
  attributes: Record<string, string | number | boolean | null | undefined>;
  events: HistoryEvent[];
}

function attr(key: string, value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return `<boolean key="${esc(key)}" value="${value}"/>`;
  if (typeof value === 'number') return Number.isInteger(value) ? `<int key="${esc(key)}" value="${value}"/>` : `<float key="${esc(key)}" value="${value}"/>`;
  return `<string key="${esc(key)}" value="${esc(value)}"/>`;
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

export function toXes(traces: XesTrace[], logName = 'zaizao'): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">',
    '<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>',
    '<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>',
    '<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>',
    '<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>',
    '<global scope="trace"><string key="concept:name" value="__INVALID__"/></global>',
    '<global scope="event"><string key="concept:name" value="__INVALID__"/><date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/><string key="lifecycle:transition" value="complete"/></global>',
    '<classifier name="Activity" keys="concept:name"/>',
    '<classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>',
    attr('concept:name', logName),
  ];
  for (const t of traces) {
    const events = t.events.map((e) => ({ e, lc: lifecycleOf(e) })).filter((x) => x.lc !== null);
    out.push('<trace>', attr('concept:name', t.instanceId));
    for (const [k, v] of Object.entries(t.attributes)) if (k !== 'concept:name') out.push(attr(k, v));
    for (const { e, lc } of events) {
      out.push(
        '<event>',
        attr('concept:name', e.elementName ?? e.elementId ?? ''),
        `<date key="time:timestamp" value="${new Date(e.at).toISOString()}"/>`,
        attr('lifecycle:transition', lc),
        attr('org:resource', e.actor),
        attr('org:group', e.department),
        attr('zaizao:elementId', e.elementId),
        '</event>',
      );
    }
    out.push('</trace>');
  }
  out.push('</log>', '');
  return out.join('\n');
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
