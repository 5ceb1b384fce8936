// Who may see and work what the engine holds: pure rules over the caller, the task and the
// colleagues who delegated their tasks to the caller. The HTTP routes look the records up and
// answer with these (src/http/engine-access.ts).
import type { Actor } from '../org/model.js';
import { regionVisible } from '../org/scope.js';
import type { TaskRecord } from './state.js';
import type { EngineCaller, InstanceQuery } from './store.js';
import { personallyOffered, type Delegator } from './task-commands.js';

/** A task as the rules read it: with the region it belongs to. */
export type RegionTask = TaskRecord & { regionCode: string };

/** The task is offered to the caller: admin, or a matching candidate user, department or role (whoever holds it now); or personally to a colleague who delegated their tasks to the caller. */
export function offered(actor: Actor, c: EngineCaller, task: RegionTask, delegators: Delegator[] = []): boolean {
  if (!regionVisible(actor, task.regionCode)) return false;
  if (delegators.some((d) => personallyOffered(d, task))) return true;
  if (actor.role === 'admin') return true;
  const cand = task.candidates;
  return (
    cand.users.includes(String(actor.userId)) ||
    cand.users.includes(actor.username) ||
    cand.roles.includes(actor.role) ||
    (!!c.departmentCode && cand.departments.includes(c.departmentCode))
  );
}

/** The caller may work this task: offered to them and not held by someone else, or assigned to them (or to a colleague they stand in for). */
export function mayWork(actor: Actor, c: EngineCaller, task: RegionTask, delegators: Delegator[] = []): boolean {
  if (task.assignee)
    return task.assignee === actor.username || delegators.some((d) => d.username === task.assignee) || (actor.role === 'admin' && regionVisible(actor, task.regionCode));
  return offered(actor, c, task, delegators);
}

/**
 * Which instances a caller may list: the region subtree; department officers only instances
 * with a task offered to their department; applicants and grid workers only instances they
 * started themselves (instances carry no applicant: the starter is the one person on them).
 */
export function instanceScopeOf(actor: Actor, c: EngineCaller): InstanceQuery {
  const q: InstanceQuery = { regionPrefix: actor.regionCode };
  if (actor.role === 'department_officer') q.departmentCode = c.departmentCode ?? '\u0000none';
  if (actor.role === 'applicant' || actor.role === 'grid_worker') q.startedBy = actor.username;
  return q;
}
