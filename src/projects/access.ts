// Who sees a project and who manages it: offices and window clerks of its region, its leader,
// agent and task-force lead, and the departments that serve on it or own its blockers and items.
import { sql } from 'kysely';
import type { Actor, Role } from '../org/model.js';
import { outOfScopeMessage, regionPattern, regionVisible } from '../org/scope.js';
import { forbidden } from './commands.js';
import { ProjectError } from './model.js';
import type { Db } from './store.js';

export const OFFICES: ReadonlySet<Role> = new Set(['admin', 'reform_office', 'leader']);

export const projectNotFound = (id: number) => new ProjectError('not_found', { zh: `未找到项目：${id}`, en: `project not found: ${id}` });

export interface ProjectRow {
  id: number;
  region_code: string;
  leader_id: number;
  agent_id: number;
  task_force_lead_id: number | null;
  investor_uscc: string;
  start_date: string;
  name: string;
}

/** Whether the caller sees the project: offices and window clerks of its region; a department's officers when the department serves on it. */
export async function projectVisible(db: Db, actor: Actor, p: ProjectRow): Promise<boolean> {
  if (!regionVisible(actor, p.region_code)) return false;
  if (OFFICES.has(actor.role) || actor.role === 'window_clerk') return true;
  if ([p.leader_id, p.agent_id, p.task_force_lead_id].includes(actor.userId)) return true;
  if (actor.role !== 'department_officer' || actor.departmentId === null) return false;
  const dep = actor.departmentId;
  const hit = await db
    .selectFrom('project_members')
    .select('project_id')
    .where('project_id', '=', p.id)
    .where((eb) => eb.or([eb('department_id', '=', dep), eb('user_id', '=', actor.userId)]))
    .union(db.selectFrom('project_blockers').select('project_id').where('project_id', '=', p.id).where('owner_department_id', '=', dep))
    .union(db.selectFrom('project_items').select('project_id').where('project_id', '=', p.id).where('owner_department_id', '=', dep))
    .executeTakeFirst();
  return !!hit;
}

export async function loadProject(db: Db, actor: Actor, id: number): Promise<ProjectRow> {
  const p = await db
    .selectFrom('projects')
    .select(['id', 'region_code', 'leader_id', 'agent_id', 'task_force_lead_id', 'investor_uscc', 'start_date', 'name'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!p) throw projectNotFound(id);
  if (!(await projectVisible(db, actor, p))) throw forbidden(outOfScopeMessage({ zh: '项目', en: 'project' }, id));
  return p;
}

export const mayManage = (actor: Actor, p: ProjectRow) => OFFICES.has(actor.role) || actor.userId === p.leader_id || actor.userId === p.task_force_lead_id;

/** A read's query of projects (aliased p) scoped to the caller: the region; for a department officer, the projects the officer or the department serves on or owns a blocker of. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function scopedProjects(actor: Actor, q: any) {
  q = q.where('p.region_code', 'like', regionPattern(actor));
  if (actor.role !== 'department_officer') return q;
  const dep = actor.departmentId ?? -1;
  return q.where((eb: { or: (x: unknown[]) => unknown }) =>
    eb.or([
      sql<boolean>`p.leader_id = ${actor.userId} or p.agent_id = ${actor.userId} or p.task_force_lead_id = ${actor.userId}`,
      sql<boolean>`exists (select 1 from project_members m where m.project_id = p.id and (m.department_id = ${dep} or m.user_id = ${actor.userId}))`,
      sql<boolean>`exists (select 1 from project_blockers b where b.project_id = p.id and b.owner_department_id = ${dep})`,
    ]),
  );
}
