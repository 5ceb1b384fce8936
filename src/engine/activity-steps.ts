// The engine's history as activity steps: one per lifecycle step of an activity, with who took
// it and in which department. The one mapping both readers of the history use: the XES export
// (xes.ts) writes each step as an event, and mining builds its event log from the same steps
// (src/mining/import/history.ts), so the two agree by construction.
//   user tasks:        task.created → schedule, task.claimed → assign, task.completed → complete,
//                      task.cancelled → withdraw, task.reassigned/returned → reassign
//   other activities:  element.entered → start, element.completed → complete,
//                      element.terminated → ate_abort
import type { HistoryEvent } from './state.js';

const ACTIVITY_TYPES = new Set(['task', 'manualTask', 'serviceTask', 'receiveTask', 'subProcess', 'callActivity']);

export interface ActivityStep {
  /** The element's name, else its id. */
  activity: string;
  /** Epoch milliseconds. */
  at: number;
  /** The XES lifecycle transition. */
  lifecycle: string;
  resource: string | null;
  department: string | null;
  elementId: string | null;
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

/** The activity step a history event is, or null when it is none (a gateway, an event, a variable change). */
export function activityStep(e: HistoryEvent): ActivityStep | null {
  const lifecycle = lifecycleOf(e);
  if (lifecycle === null) return null;
  return {
    activity: e.elementName ?? e.elementId ?? '',
    at: Date.parse(e.at),
    lifecycle,
    resource: e.actor || null,
    department: e.department || null,
    elementId: e.elementId || null,
  };
}

/** History events grouped by instance, instances in the order of their first event, events in order. */
export function byInstance<E extends { instanceId: string }>(events: Iterable<E>): Map<string, E[]> {
  const groups = new Map<string, E[]>();
  for (const e of events) {
    let list = groups.get(e.instanceId);
    if (!list) groups.set(e.instanceId, (list = []));
    list.push(e);
  }
  return groups;
}
