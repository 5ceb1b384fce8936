// The engine's own history as an event log, without going through XES text: one case per
// process instance, one event per activity step as the engine maps it
// (src/engine/activity-steps.ts, the mapping its XES export writes too); the actor is the
// resource, the department `org:group`.
import { activityStep, byInstance } from '../../engine/activity-steps.js';
import type { HistoryEvent } from '../../engine/state.js';
import { LogBuilder, type EventLog } from '../model.js';

export function logFromHistory(events: HistoryEvent[]): EventLog {
  const b = new LogBuilder();
  for (const [instanceId, list] of byInstance(events)) {
    const c = b.startCase(instanceId);
    b.setCaseAttribute(c, 'zaizao:process', 'string', list[0].processId);
    for (const e of list) {
      const step = activityStep(e);
      if (step === null) continue;
      const row = b.addEvent(step.activity, step.at, step.resource, step.lifecycle);
      if (step.department) b.setEventAttribute(row, 'org:group', 'string', step.department);
      if (step.elementId) b.setEventAttribute(row, 'zaizao:elementId', 'string', step.elementId);
    }
  }
  return b.build();
}
