// Per-activity and per-resource counts.
import type { EventLog } from '../model.js';

export interface ActivityStatistics {
  activity: string;
  events: number;
  cases: number;
  /** Share of cases that contain the activity. */
  caseShare: number;
  resources: number;
}

export interface ResourceStatistics {
  resource: string;
  events: number;
  cases: number;
  activities: number;
}

export function activityStatistics(log: EventLog): ActivityStatistics[] {
  const n = log.activityNames.length;
  const events = new Uint32Array(n);
  const cases = new Uint32Array(n);
  const lastCase = new Int32Array(n).fill(-1);
  const resources = Array.from({ length: n }, () => new Set<number>());
  for (let c = 0; c < log.caseIds.length; c++) {
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
      const a = log.activity[e];
      events[a]++;
      if (lastCase[a] !== c) {
        lastCase[a] = c;
        cases[a]++;
      }
      if (log.resource[e] >= 0) resources[a].add(log.resource[e]);
    }
  }
  const total = log.caseIds.length || 1;
  return log.activityNames
    .map((activity, a) => ({ activity, events: events[a], cases: cases[a], caseShare: cases[a] / total, resources: resources[a].size }))
    .filter((s) => s.events > 0)
    .sort((x, y) => y.events - x.events || x.activity.localeCompare(y.activity));
}

export function resourceStatistics(log: EventLog): ResourceStatistics[] {
  const n = log.resourceNames.length;
  const events = new Uint32Array(n);
  const cases = new Uint32Array(n);
  const lastCase = new Int32Array(n).fill(-1);
  const activities = Array.from({ length: n }, () => new Set<number>());
  for (let c = 0; c < log.caseIds.length; c++) {
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
      const r = log.resource[e];
      if (r < 0) continue;
      events[r]++;
      if (lastCase[r] !== c) {
        lastCase[r] = c;
        cases[r]++;
      }
      activities[r].add(log.activity[e]);
    }
  }
  return log.resourceNames
    .map((resource, r) => ({ resource, events: events[r], cases: cases[r], activities: activities[r].size }))
    .filter((s) => s.events > 0)
    .sort((x, y) => y.events - x.events || x.resource.localeCompare(y.resource));
}
