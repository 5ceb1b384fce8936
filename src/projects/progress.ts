// A project's progress: its milestones' planned and actual dates, and the one-window
// applications the agent links to them.
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { regionVisible } from '../org/scope.js';
import { loadProject, mayManage } from './access.js';
import { forbidden, invalid, today, type Clocked } from './commands.js';
import { checkMilestoneDates } from './milestones.js';
import { ProjectError, type Milestone } from './model.js';
import type { Db } from './store.js';

/** Sets a milestone's planned or actual date; a date before its predecessor's is refused, naming both. */
export async function setMilestoneDates(
  db: Db,
  actor: Actor,
  projectId: number,
  code: string,
  input: { plannedDate?: string; actualDate?: string | null },
  clock: Clocked,
): Promise<void> {
  const p = await loadProject(db, actor, projectId);
  if (!mayManage(actor, p) && actor.userId !== p.agent_id)
    throw forbidden({ zh: '只有项目负责领导、专班组长或代办员可以更新里程碑', en: 'only the leader in charge, the task-force lead or the agent updates milestones' });
  await db.transaction().execute(async (trx) => {
    const rows = await trx.selectFrom('project_milestones').selectAll().where('project_id', '=', projectId).orderBy('position').forUpdate().execute();
    const target = rows.find((r) => r.code === code);
    if (!target) throw new ProjectError('not_found', { zh: `项目没有该里程碑：${code}`, en: `the project has no milestone ${code}` }, { milestone: code });
    const next: Milestone[] = rows.map((r) => ({
      code: r.code,
      position: r.position,
      name: { zh: r.name_zh, en: r.name_en },
      plannedDate: r.code === code && input.plannedDate !== undefined ? input.plannedDate : r.planned_date,
      actualDate: r.code === code && input.actualDate !== undefined ? input.actualDate : r.actual_date,
    }));
    checkMilestoneDates(next, today(clock.now));
    const m = next.find((r) => r.code === code)!;
    await trx.updateTable('project_milestones').set({ planned_date: m.plannedDate, actual_date: m.actualDate }).where('id', '=', target.id).execute();
    await trx.updateTable('projects').set({ updated_at: clock.now }).where('id', '=', projectId).execute();
    await recordAudit(trx, {
      actor,
      action: 'project.milestone',
      entity: 'project',
      entityId: projectId,
      regionCode: p.region_code,
      before: { code, plannedDate: target.planned_date, actualDate: target.actual_date },
      after: { code, plannedDate: m.plannedDate, actualDate: m.actualDate },
    });
  });
}

/**
 * Links a one-window application the agent filed for the investor to a milestone: the
 * application must be the investor's (its holder is the investor's credit code) and in the
 * caller's region; it is then tracked from the project.
 */
export async function linkApproval(db: Db, actor: Actor, projectId: number, input: { milestoneCode: string; applicationId: number }, clock: Clocked): Promise<void> {
  const p = await loadProject(db, actor, projectId);
  if (actor.userId !== p.agent_id && actor.role !== 'admin') throw forbidden({ zh: '只有项目代办员可以关联审批', en: 'only the project’s agent links approvals' });
  const m = await db.selectFrom('project_milestones').select('code').where('project_id', '=', projectId).where('code', '=', input.milestoneCode).executeTakeFirst();
  if (!m) throw invalid({ zh: `项目没有该里程碑：${input.milestoneCode}`, en: `the project has no milestone ${input.milestoneCode}` }, { field: 'milestoneCode' });
  const app = await db
    .selectFrom('window_applications')
    .select(['id', 'region_code', 'holder_kind', 'holder_id', 'service_name'])
    .where('id', '=', input.applicationId)
    .executeTakeFirst();
  if (!app || !regionVisible(actor, app.region_code))
    throw invalid({ zh: `未找到申请：${input.applicationId}`, en: `application not found: ${input.applicationId}` }, { field: 'applicationId' });
  if (app.holder_kind !== 'enterprise' || app.holder_id !== p.investor_uscc) {
    throw invalid(
      { zh: `申请 ${input.applicationId} 的申请主体不是本项目的投资企业`, en: `application ${input.applicationId} is not the investor's (its holder is ${app.holder_id})` },
      { field: 'applicationId' },
    );
  }
  const taken = await db.selectFrom('project_approvals').select('project_id').where('application_id', '=', app.id).executeTakeFirst();
  if (taken)
    throw new ProjectError(
      'conflict',
      { zh: `申请 ${app.id} 已关联到项目 ${taken.project_id}`, en: `application ${app.id} is already linked to project ${taken.project_id}` },
      { field: 'applicationId' },
    );
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('project_approvals')
      .values({ project_id: projectId, milestone_code: input.milestoneCode, application_id: app.id, linked_by: actor.username, linked_at: clock.now })
      .execute();
    await recordAudit(trx, {
      actor,
      action: 'project.approval',
      entity: 'project',
      entityId: projectId,
      regionCode: p.region_code,
      after: { milestone: input.milestoneCode, applicationId: app.id, service: app.service_name },
    });
  });
}
