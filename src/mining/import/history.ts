// The engine's own history as an event log, without going through XES text: one case per
// process instance, one event per activity lifecycle step, mapped as the engine's XES export
// maps them (src/engine/xes.ts): user tasks schedule/assign/complete/withdraw, other
// activities start/complete/ate_abort; the actor is the resource, the department `org:group`.
import type { HistoryEvent } from '../../engine/state.js';
import { lifecycleOf } from '../../engine/xes.js';
import { LogBuilder, type EventLog } from '../model.js';

export function logFromHistory(events: Array<HistoryEvent & { regionCode?: string }>): EventLog {
  const byInstance = new Map<string, HistoryEvent[]>();
  for (const e of events) {
    let list = byInstance.get(e.instanceId);
    if (!list) byInstance.set(e.instanceId, (list = []));
    list.push(e);
  }
  const b = new LogBuilder();
  for (const [instanceId, list] of byInstance) {
    const c = b.startCase(instanceId);
    b.setCaseAttribute(c, 'zaizao:process', 'string', list[0].processId);
    for (const e of list) {
      const lc = lifecycleOf(e);
      if (lc === null) continue;
      const row = b.addEvent(e.elementName ?? e.elementId ?? '', Date.parse(e.at), e.actor ?? null, lc);
      if (e.department) b.setEventAttribute(row, 'org:group', 'string', e.department);
      if (e.elementId) b.setEventAttribute(row, 'zaizao:elementId', 'string', e.elementId);
    }
  }
  return b.build();
}
