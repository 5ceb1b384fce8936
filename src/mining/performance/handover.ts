// Handover of work: consecutive events of a case done by different resources (or different
// departments). Frequent handovers between departments are where a process loses days.
import type { EventLog } from '../model.js';

export interface HandoverEdge {
  from: string;
  to: string;
  count: number;
}

export interface Handover {
  /** Event attribute that names the department, or null when the log has none. */
  departmentAttribute: string | null;
  resources: HandoverEdge[];
  departments: HandoverEdge[];
}

/** Event attributes that commonly carry the organisational unit, in order of preference. */
export const DEPARTMENT_ATTRIBUTES = ['org:group', 'org:department', 'department', 'org:role'];

function edges(log: EventLog, label: (e: number) => string | null): HandoverEdge[] {
  const counts = new Map<string, HandoverEdge>();
  for (let c = 0; c < log.caseIds.length; c++) {
    for (let e = log.caseOffsets[c] + 1; e < log.caseOffsets[c + 1]; e++) {
      const a = label(e - 1);
      const b = label(e);
      if (a === null || b === null || a === b) continue;
      const k = `${a}\u0000${b}`;
      const edge = counts.get(k);
      if (edge) edge.count++;
      else counts.set(k, { from: a, to: b, count: 1 });
    }
  }
  return [...counts.values()].sort((x, y) => y.count - x.count || x.from.localeCompare(y.from) || x.to.localeCompare(y.to));
}

export function handover(log: EventLog, options: { departmentAttribute?: string; departmentOfResource?: Record<string, string> } = {}): Handover {
  const resources = edges(log, (e) => (log.resource[e] < 0 ? null : log.resourceNames[log.resource[e]]));
  let departmentAttribute: string | null = null;
  let departments: HandoverEdge[] = [];
  if (options.departmentOfResource) {
    const map = options.departmentOfResource;
    departmentAttribute = 'org:resource → department';
    departments = edges(log, (e) => (log.resource[e] < 0 ? null : (map[log.resourceNames[log.resource[e]]] ?? null)));
  } else {
    const key = options.departmentAttribute ?? DEPARTMENT_ATTRIBUTES.find((k) => log.eventAttributes.has(k));
    const col = key ? log.eventAttributes.get(key) : undefined;
    if (key && col) {
      departmentAttribute = key;
      departments = edges(log, (e) => {
        const v = col.values[e];
        return v === undefined ? null : String(v);
      });
    }
  }
  return { departmentAttribute, resources, departments };
}
