// A matter's promised time limit (承诺办结时限) on a step of its process: a warning some working
// days before the limit, and an escalation to supervision (督办) when the limit is passed.
// Both are non-interrupting boundary timers on the working-day calendar, so the step goes on.
import { CN_WORKDAY } from './calendars.js';
import { isActivity } from './bpmn/import.js';
import { InvalidInputError } from './errors.js';
import type { Candidates, FlowNode, ProcessModel } from './model.js';

export interface PromisedLimit {
  /** The promised limit in working days, counted from when the step starts. */
  workdays: number;
  /** Warn this many working days before the limit (default 1; 0 = no warning). */
  warnBefore?: number;
  /** Who supervises an overdue step (default: the reform office). */
  escalateTo?: Candidates;
}

/** A copy of the model with the promised limit of `activityId` as boundary timers. */
export function withPromisedLimit(model: ProcessModel, activityId: string, limit: PromisedLimit): ProcessModel {
  const host = model.nodes[activityId];
  if (!host || !isActivity(host.kind)) throw new InvalidInputError(`${activityId} is not an activity of process ${model.id}`);
  if (!Number.isInteger(limit.workdays) || limit.workdays < 1) throw new InvalidInputError('a promised limit is a whole number of working days, at least 1');
  const warnBefore = limit.warnBefore ?? 1;
  if (!Number.isInteger(warnBefore) || warnBefore < 0) throw new InvalidInputError('warnBefore is a whole number of working days');
  const out: ProcessModel = structuredClone(model);
  const scope = host.scope;
  const add = (node: FlowNode) => {
    if (out.nodes[node.id]) throw new InvalidInputError(`${node.id} already exists in process ${model.id}`);
    out.nodes[node.id] = node;
  };
  const link = (from: string, to: string) => {
    const id = `${from}-${to}`;
    out.flows[id] = { id, source: from, target: to, scope };
    out.nodes[from].outgoing.push(id);
    out.nodes[to].incoming.push(id);
  };
  const boundary = (id: string, name: string, days: number) => {
    add({
      id,
      kind: 'boundaryEvent',
      name,
      scope,
      incoming: [],
      outgoing: [],
      attachedTo: activityId,
      cancelActivity: false,
      event: { kind: 'timer', timer: { type: 'duration', value: `P${days}D`, calendar: CN_WORKDAY } },
    });
    (out.nodes[activityId].boundaries ??= []).push(id);
  };
  if (warnBefore > 0 && warnBefore < limit.workdays) {
    boundary(`${activityId}-warn`, '临近承诺时限', limit.workdays - warnBefore);
    add({ id: `${activityId}-warned`, kind: 'intermediateThrowEvent', name: '预警', scope, incoming: [], outgoing: [] });
    add({ id: `${activityId}-warn-end`, kind: 'endEvent', scope, incoming: [], outgoing: [] });
    link(`${activityId}-warn`, `${activityId}-warned`);
    link(`${activityId}-warned`, `${activityId}-warn-end`);
  }
  boundary(`${activityId}-overdue`, '超过承诺时限', limit.workdays);
  add({
    id: `${activityId}-supervise`,
    kind: 'userTask',
    name: '督办',
    scope,
    incoming: [],
    outgoing: [],
    candidates: limit.escalateTo ?? { departments: [], roles: ['reform_office'], users: [] },
  });
  add({ id: `${activityId}-supervise-end`, kind: 'endEvent', scope, incoming: [], outgoing: [] });
  link(`${activityId}-overdue`, `${activityId}-supervise`);
  link(`${activityId}-supervise`, `${activityId}-supervise-end`);
  return out;
}
