// Blockers (堵点) opened and resolved by people; their climb up the ladder is ladder-sweep.ts.
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { outOfScopeMessage } from '../org/scope.js';
import { loadProject, mayManage, projectVisible } from './access.js';
import { departmentIn, forbidden, invalid, requireDate, requireText, today, type Clocked } from './commands.js';
import { ProjectError } from './model.js';
import { countyOf, type Db } from './store.js';

export interface NewBlocker {
  title: string;
  description?: string;
  category?: string;
  ownerDepartmentId?: number | null;
  dueDate: string;
}

/** A blocker needs an owner department and a deadline not in the past. */
export async function addBlocker(db: Db, actor: Actor, projectId: number, input: NewBlocker, clock: Clocked): Promise<{ id: number }> {
  const p = await loadProject(db, actor, projectId);
  const county = countyOf(p.region_code);
  const title = requireText(input.title, 'title', { zh: '堵点名称', en: 'the title' }, 200);
  if (input.ownerDepartmentId === undefined || input.ownerDepartmentId === null)
    throw invalid({ zh: `堵点“${title}”没有责任部门`, en: `blocker "${title}" has no owner department` }, { field: 'ownerDepartmentId' });
  const dep = await departmentIn(db, county, input.ownerDepartmentId, 'ownerDepartmentId');
  const dueDate = requireDate(input.dueDate, 'dueDate', { zh: '办结期限', en: 'the deadline' });
  if (dueDate < today(clock.now))
    throw invalid({ zh: `堵点“${title}”的期限已过：${dueDate}`, en: `blocker "${title}": the deadline ${dueDate} is already past` }, { field: 'dueDate' });
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('project_blockers')
      .values({
        project_id: projectId,
        region_code: p.region_code,
        title,
        description: (input.description ?? '').trim().slice(0, 4000),
        category: (input.category ?? '').trim().slice(0, 50),
        owner_department_id: dep.id,
        due_date: dueDate,
        level: 'department',
        status: 'open',
        meeting_id: null,
        escalated_at: null,
        resolution: '',
        resolved_at: null,
        created_by: actor.username,
        created_at: clock.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('project_blocker_events')
      .values({ blocker_id: row.id, at: clock.now, actor_name: actor.username, action: 'open', from_level: null, to_level: 'department', note: title })
      .execute();
    await recordAudit(trx, {
      actor,
      action: 'project.blocker.open',
      entity: 'project_blocker',
      entityId: row.id,
      regionCode: p.region_code,
      after: { projectId, title, department: dep.name, dueDate },
    });
    return { id: row.id };
  });
}

async function lockedBlocker(db: Db, actor: Actor, id: number) {
  const b = await db.selectFrom('project_blockers').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  const notFound = new ProjectError('not_found', { zh: `未找到堵点：${id}`, en: `blocker not found: ${id}` });
  if (!b) throw notFound;
  const p = await db
    .selectFrom('projects')
    .select(['id', 'region_code', 'leader_id', 'agent_id', 'task_force_lead_id', 'investor_uscc', 'start_date', 'name'])
    .where('id', '=', b.project_id)
    .executeTakeFirstOrThrow();
  if (!(await projectVisible(db, actor, p))) throw forbidden(outOfScopeMessage({ zh: '堵点', en: 'blocker' }, id));
  return { b, p };
}

/** The owner department (at its rung), the task-force lead or an office resolves a blocker. */
export async function resolveBlocker(db: Db, actor: Actor, id: number, input: { resolution: string }, clock: Clocked): Promise<void> {
  const resolution = requireText(input.resolution, 'resolution', { zh: '解决情况', en: 'the resolution' }, 2000);
  await db.transaction().execute(async (trx) => {
    const { b, p } = await lockedBlocker(trx, actor, id);
    if (b.status !== 'open') throw new ProjectError('conflict', { zh: '堵点已解决', en: 'the blocker is already resolved' });
    const owner = actor.role === 'department_officer' && actor.departmentId === b.owner_department_id;
    if (!owner && !mayManage(actor, p))
      throw forbidden({ zh: '只有责任部门、专班组长或领导可以销号', en: 'only the owner department, the task-force lead or a leader resolves a blocker' });
    await trx.updateTable('project_blockers').set({ status: 'resolved', resolution, resolved_at: clock.now }).where('id', '=', id).execute();
    await trx
      .insertInto('project_blocker_events')
      .values({ blocker_id: id, at: clock.now, actor_name: actor.username, action: 'resolve', from_level: b.level, to_level: null, note: resolution })
      .execute();
    await recordAudit(trx, {
      actor,
      action: 'project.blocker.resolve',
      entity: 'project_blocker',
      entityId: id,
      regionCode: b.region_code,
      before: { level: b.level },
      after: { resolution },
    });
  });
}
