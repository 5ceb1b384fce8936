// The major-projects facade, commands: projects and their milestones, the milestone template,
// task forces, approvals linked from the one window, blockers and their escalation sweep,
// meetings whose decisions become follow-up items. Each command checks its input whole, then
// writes its rows and the audit row in one transaction: bad input changes nothing.
import { recordAudit } from '../audit/trail.js';
import { shanghaiDate, type WorkCalendar } from '../calendar/index.js';
import { loadCalendar } from '../calendar/store.js';
import type { Actor, Role } from '../org/model.js';
import { outOfScopeMessage, regionVisible } from '../org/scope.js';
import { isValidCreditCode } from '../window/identity.js';
import { escalation } from './blockers.js';
import { checkMilestoneDates, checkTemplate, isDate, plannedMilestones } from './milestones.js';
import { PROJECT_LEVELS, ProjectError, type Milestone, type MilestoneTemplateStep, type ProjectLevel, type Text } from './model.js';
import { countyOf, loadProjectSettings, loadTemplate, type Db } from './store.js';

export interface Clocked {
  now: Date;
  calendar?: WorkCalendar;
}

const OFFICES: ReadonlySet<Role> = new Set(['admin', 'reform_office', 'leader']);
export const MAX_MEMBERS = 50;
export const MAX_DECISIONS = 50;

const invalid = (messages: Text, details?: unknown) => new ProjectError('invalid', messages, details);
const forbidden = (messages: Text) => new ProjectError('forbidden', messages);
export const projectNotFound = (id: number) => new ProjectError('not_found', { zh: `未找到项目：${id}`, en: `project not found: ${id}` });

function countyFor(actor: Actor): string {
  const county = countyOf(actor.regionCode);
  if (county.length < 6) throw forbidden({ zh: '您不属于任何县（市）', en: 'you belong to no county' });
  return county;
}

async function calendarFor(db: Db, clock: Clocked, county: string): Promise<WorkCalendar> {
  return clock.calendar ?? loadCalendar(db, county);
}

const today = (now: Date) => shanghaiDate(now);

function requireText(value: string | undefined, field: string, label: Text, max = 500): string {
  const v = (value ?? '').trim();
  if (!v) throw invalid({ zh: `请填写${label.zh}`, en: `${label.en} is required` }, { field });
  if (v.length > max) throw invalid({ zh: `${label.zh}过长（最多 ${max} 字）`, en: `${label.en} is too long (at most ${max} characters)` }, { field });
  return v;
}

function requireDate(value: string, field: string, label: Text): string {
  if (!isDate(value)) throw invalid({ zh: `${label.zh}不是有效日期：${value}`, en: `${label.en} is not a date: ${value}` }, { field });
  return value;
}

async function userIn(db: Db, county: string, username: string, field: string, roles: readonly Role[] | null) {
  const u = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'role', 'region_code', 'department_id', 'disabled'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (!u || u.disabled || !u.region_code.startsWith(county) || (roles && !roles.includes(u.role))) {
    throw invalid({ zh: `未知用户，或其角色不能担任：${username}`, en: `unknown user, or one whose role cannot serve here: ${username}` }, { field, username });
  }
  return u;
}

async function departmentIn(db: Db, county: string, id: number, field: string) {
  const d = await db.selectFrom('departments').select(['id', 'name', 'region_code']).where('id', '=', id).executeTakeFirst();
  if (!d || !d.region_code.startsWith(county)) throw invalid({ zh: `未知的部门：${id}`, en: `unknown department: ${id}` }, { field, departmentId: id });
  return d;
}

// ── Template ──────────────────────────────────────────────────────────────────────────

export async function getTemplate(db: Db, actor: Actor) {
  return loadTemplate(db, countyFor(actor));
}

/** Replaces the county's milestone template; projects already created keep theirs. */
export async function setTemplate(db: Db, actor: Actor, steps: MilestoneTemplateStep[]): Promise<MilestoneTemplateStep[]> {
  if (actor.role !== 'admin') throw forbidden({ zh: '只有管理员可以编辑里程碑模板', en: 'only an administrator edits the milestone template' });
  const county = countyFor(actor);
  const sorted = checkTemplate(steps);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('project_milestone_templates').where('region_code', '=', county).execute();
    await trx
      .insertInto('project_milestone_templates')
      .values(sorted.map((s) => ({ region_code: county, position: s.position, code: s.code, name_zh: s.name.zh, name_en: s.name.en || s.name.zh, workdays: s.workdays })))
      .execute();
    await recordAudit(trx, {
      actor,
      action: 'project.template',
      entity: 'project_milestone_templates',
      entityId: county,
      regionCode: county,
      after: { steps: sorted.map((s) => `${s.code}+${s.workdays}`) },
    });
  });
  return sorted;
}

// ── Projects ──────────────────────────────────────────────────────────────────────────

export interface NewProject {
  name: string;
  investorUscc: string;
  investment: number;
  location: string;
  industry: string;
  level: ProjectLevel;
  regionCode?: string;
  leader: string;
  agent: string;
  taskForceLead?: string;
  startDate: string;
  members?: Array<{ username: string; duty?: string }>;
  /** Planned dates that differ from the template's, by milestone code. */
  plannedDates?: Record<string, string>;
}

/** Records a project: investor on the roster, leader, agent and task force of the county, milestones from the template. */
export async function createProject(db: Db, actor: Actor, input: NewProject, clock: Clocked): Promise<{ id: number }> {
  if (!OFFICES.has(actor.role))
    throw forbidden({ zh: '只有管理员、改革办或领导可以建立重点项目', en: 'only an administrator, the reform office or a leader records a key project' });
  const county = countyFor(actor);
  const name = requireText(input.name, 'name', { zh: '项目名称', en: 'the name' }, 200);
  const location = requireText(input.location, 'location', { zh: '项目地点', en: 'the location' }, 200);
  const industry = requireText(input.industry, 'industry', { zh: '行业', en: 'the industry' }, 100);
  if (!(PROJECT_LEVELS as readonly string[]).includes(input.level))
    throw invalid({ zh: `未知的项目级别：${input.level}`, en: `unknown project level: ${input.level}` }, { field: 'level' });
  if (!Number.isFinite(input.investment) || input.investment < 0 || input.investment > 1e9)
    throw invalid({ zh: '投资额须为 0 到 10 亿万元之间', en: 'the investment must be 0 to 1e9 (万元)' }, { field: 'investment' });
  const uscc = input.investorUscc.toUpperCase();
  if (!isValidCreditCode(uscc))
    throw invalid(
      { zh: `投资企业的统一社会信用代码不正确：${input.investorUscc}`, en: `the investor's unified social credit code is not valid: ${input.investorUscc}` },
      { field: 'investorUscc' },
    );
  const investor = await db.selectFrom('enterprises').select(['uscc', 'region_code']).where('uscc', '=', uscc).executeTakeFirst();
  if (!investor || !investor.region_code.startsWith(county))
    throw invalid({ zh: `投资企业不在本县企业名录中：${uscc}`, en: `the investor is not on the county's enterprise roster: ${uscc}` }, { field: 'investorUscc' });
  const regionCode = input.regionCode ?? county;
  if (!regionCode.startsWith(county) || !regionVisible(actor, regionCode) || !(await db.selectFrom('regions').select('code').where('code', '=', regionCode).executeTakeFirst())) {
    throw invalid({ zh: `未知区划或不属于本县：${regionCode}`, en: `unknown region, or not in this county: ${regionCode}` }, { field: 'regionCode' });
  }
  const leader = await userIn(db, county, input.leader, 'leader', ['leader', 'admin', 'reform_office']);
  const agent = await userIn(db, county, input.agent, 'agent', ['window_clerk', 'department_officer']);
  const lead = input.taskForceLead ? await userIn(db, county, input.taskForceLead, 'taskForceLead', null) : leader;
  const members = input.members ?? [];
  if (members.length > MAX_MEMBERS) throw invalid({ zh: `专班成员最多 ${MAX_MEMBERS} 人`, en: `at most ${MAX_MEMBERS} task-force members` }, { field: 'members' });
  const memberRows: Array<{ user_id: number; department_id: number | null; duty: string }> = [];
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m.username)) throw invalid({ zh: `专班成员重复：${m.username}`, en: `task-force member given twice: ${m.username}` }, { field: 'members', username: m.username });
    seen.add(m.username);
    const u = await userIn(db, county, m.username, 'members', null);
    if (u.role === 'applicant')
      throw invalid({ zh: `申请人不能加入专班：${m.username}`, en: `an applicant cannot join a task force: ${m.username}` }, { field: 'members', username: m.username });
    memberRows.push({ user_id: u.id, department_id: u.department_id, duty: (m.duty ?? '').slice(0, 100) });
  }
  const startDate = requireDate(input.startDate, 'startDate', { zh: '开始日期', en: 'the start date' });
  const calendar = await calendarFor(db, clock, county);
  const { steps } = await loadTemplate(db, county);
  const milestones: Milestone[] = plannedMilestones(calendar, startDate, steps).map((m) => ({ ...m, plannedDate: input.plannedDates?.[m.code] ?? m.plannedDate }));
  for (const code of Object.keys(input.plannedDates ?? {})) {
    if (!milestones.some((m) => m.code === code))
      throw invalid({ zh: `模板中没有该里程碑：${code}`, en: `no such milestone in the template: ${code}` }, { field: 'plannedDates', milestone: code });
  }
  checkMilestoneDates(milestones, today(clock.now));
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('projects')
      .values({
        region_code: regionCode,
        name,
        investor_uscc: uscc,
        investment: input.investment,
        location,
        industry,
        level: input.level,
        leader_id: leader.id,
        agent_id: agent.id,
        task_force_lead_id: lead.id,
        start_date: startDate,
        created_at: clock.now,
        updated_at: clock.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('project_milestones')
      .values(
        milestones.map((m) => ({ project_id: row.id, position: m.position, code: m.code, name_zh: m.name.zh, name_en: m.name.en, planned_date: m.plannedDate, actual_date: null })),
      )
      .execute();
    if (memberRows.length)
      await trx
        .insertInto('project_members')
        .values(memberRows.map((m) => ({ project_id: row.id, ...m })))
        .execute();
    await recordAudit(trx, {
      actor,
      action: 'project.create',
      entity: 'project',
      entityId: row.id,
      regionCode,
      after: { name, level: input.level, investor: uscc, leader: leader.username, agent: agent.username, lead: lead.username, members: members.map((m) => m.username) },
    });
    return { id: row.id };
  });
}

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

const mayManage = (actor: Actor, p: ProjectRow) => OFFICES.has(actor.role) || actor.userId === p.leader_id || actor.userId === p.task_force_lead_id;

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

// ── Blockers ──────────────────────────────────────────────────────────────────────────

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

/** The county's coordination meeting being drafted (created when the first blocker reaches it). */
async function draftCoordination(trx: Db, county: string, now: Date): Promise<number> {
  const found = await trx
    .selectFrom('project_meetings')
    .select('id')
    .where('region_code', '=', county)
    .where('kind', '=', 'coordination')
    .where('status', '=', 'draft')
    .executeTakeFirst();
  if (found) return found.id;
  const row = await trx
    .insertInto('project_meetings')
    .values({
      region_code: county,
      project_id: null,
      kind: 'coordination',
      status: 'draft',
      title: `重点项目调度会（${shanghaiDate(now)} 起草）`,
      held_on: null,
      minutes: '',
      created_by: 'system',
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A county's calendar and project settings, read once per county in a sweep (blockers and items climb the same ladder). */
function countyLadders(clock: Clocked) {
  const seen = new Map<string, { calendar: WorkCalendar; settings: Awaited<ReturnType<typeof loadProjectSettings>> }>();
  return async (trx: Db, county: string) => {
    let ladder = seen.get(county);
    if (!ladder) seen.set(county, (ladder = { calendar: await calendarFor(trx, clock, county), settings: await loadProjectSettings(trx, county) }));
    return ladder;
  };
}

/** Most blockers one sweep moves; the rest wait for the next sweep (a minute later in the server). */
export const SWEEP_BATCH = 1000;

/**
 * The escalation sweep: every open blocker past its deadline climbs one rung (department →
 * task-force lead → the county's coordination meeting, whose draft agenda it joins), with its
 * event and audit row. One transaction per batch (commits, not rows, are what a sweep waits
 * on); rows another sweep holds are skipped (SKIP LOCKED) and left to it. Returns what moved.
 */
export async function sweepBlockers(db: Db, clock: Clocked): Promise<{ toTaskForce: number; toCoordination: number }> {
  const day = today(clock.now);
  const ladderOf = countyLadders(clock);
  return db.transaction().execute(async (trx) => {
    const out = { toTaskForce: 0, toCoordination: 0 };
    const due = await trx
      .selectFrom('project_blockers')
      .selectAll()
      .where('status', '=', 'open')
      .where('level', '<>', 'coordination')
      .where('due_date', '<', day)
      .orderBy('id')
      .limit(SWEEP_BATCH)
      .forUpdate()
      .skipLocked()
      .execute();
    const drafts = new Map<string, number>();
    for (const b of due) {
      const county = countyOf(b.region_code);
      const ladder = await ladderOf(trx, county);
      const step = escalation({ level: b.level, status: b.status, dueDate: b.due_date }, day, ladder.calendar, ladder.settings);
      if (!step) continue;
      let meetingId: number | null = null;
      if (step.level === 'coordination') {
        if (!drafts.has(county)) drafts.set(county, await draftCoordination(trx, county, clock.now));
        meetingId = drafts.get(county)!;
      }
      await trx.updateTable('project_blockers').set({ level: step.level, due_date: step.dueDate, escalated_at: clock.now, meeting_id: meetingId }).where('id', '=', b.id).execute();
      await trx
        .insertInto('project_blocker_events')
        .values({ blocker_id: b.id, at: clock.now, actor_name: 'system', action: 'escalate', from_level: b.level, to_level: step.level, note: `逾期（期限 ${b.due_date}）` })
        .execute();
      await recordAudit(trx, {
        actor: null,
        action: 'project.blocker.escalate',
        entity: 'project_blocker',
        entityId: b.id,
        regionCode: b.region_code,
        before: { level: b.level, dueDate: b.due_date },
        after: { level: step.level, dueDate: step.dueDate, meetingId },
      });
      if (step.level === 'task_force') out.toTaskForce++;
      else out.toCoordination++;
    }
    return out;
  });
}

/**
 * Late follow-up items climb the blockers' ladder: an open item past its deadline goes from its
 * owner department to the task-force lead (with `taskForceWorkdays` more), then onto the
 * coordination meeting's draft agenda beside the blockers. One audit row per climb, in one
 * transaction per batch; rows another sweep holds are skipped.
 */
export async function sweepItems(db: Db, clock: Clocked): Promise<{ itemsToTaskForce: number; itemsToCoordination: number }> {
  const day = today(clock.now);
  const ladderOf = countyLadders(clock);
  return db.transaction().execute(async (trx) => {
    const out = { itemsToTaskForce: 0, itemsToCoordination: 0 };
    const due = await trx
      .selectFrom('project_items')
      .selectAll()
      .where('status', '=', 'open')
      .where('level', '<>', 'coordination')
      .where('due_date', '<', day)
      .orderBy('id')
      .limit(SWEEP_BATCH)
      .forUpdate()
      .skipLocked()
      .execute();
    const drafts = new Map<string, number>();
    for (const item of due) {
      const county = countyOf(item.region_code);
      const ladder = await ladderOf(trx, county);
      const step = escalation({ level: item.level, status: 'open', dueDate: item.due_date }, day, ladder.calendar, ladder.settings);
      if (!step) continue;
      let agenda: number | null = null;
      if (step.level === 'coordination') {
        if (!drafts.has(county)) drafts.set(county, await draftCoordination(trx, county, clock.now));
        agenda = drafts.get(county)!;
      }
      await trx
        .updateTable('project_items')
        .set({ level: step.level, due_date: step.dueDate, escalated_at: clock.now, agenda_meeting_id: agenda })
        .where('id', '=', item.id)
        .execute();
      await recordAudit(trx, {
        actor: null,
        action: 'project.item.escalate',
        entity: 'project_item',
        entityId: item.id,
        regionCode: item.region_code,
        before: { level: item.level, dueDate: item.due_date },
        after: { level: step.level, dueDate: step.dueDate, meetingId: agenda },
      });
      if (step.level === 'task_force') out.itemsToTaskForce++;
      else out.itemsToCoordination++;
    }
    return out;
  });
}

// ── Meetings and follow-up items ──────────────────────────────────────────────────────

export interface Decision {
  text: string;
  ownerDepartmentId: number;
  ownerUsername?: string;
  dueDate: string;
  /** The blocker the decision is about; with `resolves` it closes it. */
  blockerId?: number;
  /** A late follow-up item on the coordination meeting's agenda: the decision sets its owner and deadline; with `resolves` it closes it. */
  itemId?: number;
  resolves?: boolean;
}

async function checkDecisions(
  db: Db,
  county: string,
  decisions: Decision[],
  day: string,
  blockerOk: (id: number) => Promise<boolean>,
  itemOk: (id: number) => Promise<boolean> = async () => false,
) {
  if (decisions.length > MAX_DECISIONS) throw invalid({ zh: `一次会议最多 ${MAX_DECISIONS} 项决定`, en: `at most ${MAX_DECISIONS} decisions per meeting` }, { field: 'decisions' });
  const out = [];
  for (const [i, d] of decisions.entries()) {
    const text = requireText(d.text, `decisions[${i}].text`, { zh: `第 ${i + 1} 项决定的内容`, en: `decision ${i + 1}'s text` }, 2000);
    if (d.ownerDepartmentId === undefined || d.ownerDepartmentId === null)
      throw invalid({ zh: `第 ${i + 1} 项决定没有责任部门`, en: `decision ${i + 1} has no owner department` }, { field: `decisions[${i}].ownerDepartmentId` });
    await departmentIn(db, county, d.ownerDepartmentId, `decisions[${i}].ownerDepartmentId`);
    const owner = d.ownerUsername ? await userIn(db, county, d.ownerUsername, `decisions[${i}].ownerUsername`, null) : null;
    const dueDate = requireDate(d.dueDate, `decisions[${i}].dueDate`, { zh: `第 ${i + 1} 项决定的期限`, en: `decision ${i + 1}'s deadline` });
    if (dueDate < day)
      throw invalid({ zh: `第 ${i + 1} 项决定的期限已过：${dueDate}`, en: `decision ${i + 1}: the deadline ${dueDate} is past` }, { field: `decisions[${i}].dueDate` });
    if (d.blockerId !== undefined && !(await blockerOk(d.blockerId)))
      throw invalid(
        { zh: `第 ${i + 1} 项决定所指的堵点不在议程上：${d.blockerId}`, en: `decision ${i + 1}: blocker ${d.blockerId} is not on this meeting's agenda` },
        { field: `decisions[${i}].blockerId` },
      );
    if (d.itemId !== undefined && (d.blockerId !== undefined || !(await itemOk(d.itemId))))
      throw invalid(
        { zh: `第 ${i + 1} 项决定所指的督办事项不在议程上：${d.itemId}`, en: `decision ${i + 1}: follow-up item ${d.itemId} is not on this meeting's agenda` },
        { field: `decisions[${i}].itemId` },
      );
    if (d.resolves && d.blockerId === undefined && d.itemId === undefined)
      throw invalid({ zh: `第 ${i + 1} 项决定要销号，但没有指明堵点`, en: `decision ${i + 1} resolves a blocker but names none` }, { field: `decisions[${i}].blockerId` });
    out.push({ ...d, text, dueDate, ownerUserId: owner?.id ?? null });
  }
  return out;
}

async function writeDecisions(
  trx: Db,
  actor: Actor,
  meetingId: number,
  decisions: Awaited<ReturnType<typeof checkDecisions>>,
  projectOf: (d: Decision) => Promise<{ id: number; region_code: string }>,
  now: Date,
): Promise<number[]> {
  const ids: number[] = [];
  for (const d of decisions) {
    if (d.itemId !== undefined) {
      // A late item the meeting decided on: closed, or given the decision's owner and deadline.
      const set = d.resolves
        ? { status: 'done' as const, done_at: now, note: `调度会决定：${d.text}` }
        : { owner_department_id: d.ownerDepartmentId, owner_user_id: d.ownerUserId, due_date: d.dueDate, note: `调度会决定：${d.text}` };
      await trx.updateTable('project_items').set(set).where('id', '=', d.itemId).execute();
      ids.push(d.itemId);
      continue;
    }
    const p = await projectOf(d);
    const item = await trx
      .insertInto('project_items')
      .values({
        project_id: p.id,
        region_code: p.region_code,
        meeting_id: meetingId,
        blocker_id: d.blockerId ?? null,
        text: d.text,
        owner_department_id: d.ownerDepartmentId,
        owner_user_id: d.ownerUserId,
        due_date: d.dueDate,
        status: 'open',
        done_at: null,
        note: '',
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(item.id);
    if (d.blockerId !== undefined) {
      const b = await trx.selectFrom('project_blockers').select(['level', 'status']).where('id', '=', d.blockerId).forUpdate().executeTakeFirstOrThrow();
      if (d.resolves && b.status === 'open') {
        await trx.updateTable('project_blockers').set({ status: 'resolved', resolution: d.text, resolved_at: now }).where('id', '=', d.blockerId).execute();
        await trx
          .insertInto('project_blocker_events')
          .values({ blocker_id: d.blockerId, at: now, actor_name: actor.username, action: 'resolve', from_level: b.level, to_level: null, note: `会议决定：${d.text}` })
          .execute();
      } else {
        // The decision sets the blocker's new deadline and owner.
        await trx.updateTable('project_blockers').set({ due_date: d.dueDate, owner_department_id: d.ownerDepartmentId }).where('id', '=', d.blockerId).execute();
        await trx
          .insertInto('project_blocker_events')
          .values({
            blocker_id: d.blockerId,
            at: now,
            actor_name: actor.username,
            action: 'decide',
            from_level: b.level,
            to_level: b.level,
            note: `${d.text}（期限 ${d.dueDate}）`,
          })
          .execute();
      }
    }
  }
  return ids;
}

/** A task force's meeting with its minutes; each decision becomes a follow-up item with owner and deadline. */
export async function holdTaskForceMeeting(
  db: Db,
  actor: Actor,
  projectId: number,
  input: { title: string; heldOn: string; minutes: string; decisions: Decision[] },
  clock: Clocked,
): Promise<{ id: number; items: number[] }> {
  const p = await loadProject(db, actor, projectId);
  if (!mayManage(actor, p)) throw forbidden({ zh: '只有专班组长或领导可以召开专班会议', en: 'only the task-force lead or a leader holds a task-force meeting' });
  const county = countyOf(p.region_code);
  const title = requireText(input.title, 'title', { zh: '会议名称', en: 'the title' }, 200);
  const heldOn = requireDate(input.heldOn, 'heldOn', { zh: '会议日期', en: 'the meeting date' });
  const minutes = requireText(input.minutes, 'minutes', { zh: '会议纪要', en: 'the minutes' }, 20_000);
  const decisions = await checkDecisions(
    db,
    county,
    input.decisions,
    today(clock.now),
    async (id) => !!(await db.selectFrom('project_blockers').select('id').where('id', '=', id).where('project_id', '=', projectId).where('status', '=', 'open').executeTakeFirst()),
  );
  return db.transaction().execute(async (trx) => {
    const m = await trx
      .insertInto('project_meetings')
      .values({
        region_code: p.region_code,
        project_id: projectId,
        kind: 'task_force',
        status: 'held',
        title,
        held_on: heldOn,
        minutes,
        created_by: actor.username,
        created_at: clock.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const items = await writeDecisions(trx, actor, m.id, decisions, async () => ({ id: p.id, region_code: p.region_code }), clock.now);
    await recordAudit(trx, {
      actor,
      action: 'project.meeting.task_force',
      entity: 'project_meeting',
      entityId: m.id,
      regionCode: p.region_code,
      after: { projectId, title, heldOn, items },
    });
    return { id: m.id, items };
  });
}

/**
 * The county's coordination meeting (调度会) holds its drafted agenda: each decision is about
 * a blocker on the agenda and flows back as a follow-up item with its deadline; `resolves`
 * closes the blocker. Agenda blockers without a decision wait for the next meeting.
 */
export async function holdCoordinationMeeting(
  db: Db,
  actor: Actor,
  meetingId: number,
  input: { heldOn: string; minutes: string; decisions: Decision[] },
  clock: Clocked,
): Promise<{ id: number; items: number[]; carriedOver: number }> {
  if (!OFFICES.has(actor.role))
    throw forbidden({ zh: '只有领导、改革办或管理员可以召开调度会', en: 'only a leader, the reform office or an administrator holds the coordination meeting' });
  const meeting = await db.selectFrom('project_meetings').selectAll().where('id', '=', meetingId).where('kind', '=', 'coordination').executeTakeFirst();
  if (!meeting) throw new ProjectError('not_found', { zh: `未找到调度会：${meetingId}`, en: `coordination meeting not found: ${meetingId}` });
  if (!regionVisible(actor, meeting.region_code)) throw forbidden(outOfScopeMessage({ zh: '调度会', en: 'coordination meeting' }, meetingId));
  if (meeting.status !== 'draft') throw new ProjectError('conflict', { zh: '该调度会已召开', en: 'this meeting has already been held' });
  const heldOn = requireDate(input.heldOn, 'heldOn', { zh: '会议日期', en: 'the meeting date' });
  const minutes = requireText(input.minutes, 'minutes', { zh: '会议纪要', en: 'the minutes' }, 20_000);
  const onAgenda = async (id: number) =>
    !!(await db.selectFrom('project_blockers').select('id').where('id', '=', id).where('meeting_id', '=', meetingId).where('status', '=', 'open').executeTakeFirst());
  const itemOnAgenda = async (id: number) =>
    !!(await db.selectFrom('project_items').select('id').where('id', '=', id).where('agenda_meeting_id', '=', meetingId).where('status', '=', 'open').executeTakeFirst());
  for (const [i, d] of input.decisions.entries()) {
    if (d.blockerId === undefined && d.itemId === undefined)
      throw invalid(
        { zh: `第 ${i + 1} 项决定没有指明堵点或督办事项`, en: `decision ${i + 1} names no blocker or follow-up item from the agenda` },
        { field: `decisions[${i}].blockerId` },
      );
  }
  const decisions = await checkDecisions(db, meeting.region_code, input.decisions, today(clock.now), onAgenda, itemOnAgenda);
  return db.transaction().execute(async (trx) => {
    const held = await trx
      .updateTable('project_meetings')
      .set({ status: 'held', held_on: heldOn, minutes })
      .where('id', '=', meetingId)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(held.numUpdatedRows) !== 1) throw new ProjectError('conflict', { zh: '该调度会已召开', en: 'this meeting has already been held' });
    const items = await writeDecisions(
      trx,
      actor,
      meetingId,
      decisions,
      async (d) => {
        const b = await trx.selectFrom('project_blockers').select(['project_id', 'region_code']).where('id', '=', d.blockerId!).executeTakeFirstOrThrow();
        return { id: b.project_id, region_code: b.region_code };
      },
      clock.now,
    );
    // Blockers the meeting did not decide on go to the next meeting's agenda.
    const decided = decisions.filter((d) => d.blockerId !== undefined).map((d) => d.blockerId!);
    let carry = trx.updateTable('project_blockers').set({ meeting_id: null }).where('meeting_id', '=', meetingId).where('status', '=', 'open');
    if (decided.length) carry = carry.where('id', 'not in', decided);
    const carried = await carry.executeTakeFirst();
    // Late items without a decision go to the next meeting too.
    const decidedItems = decisions.filter((d) => d.itemId !== undefined).map((d) => d.itemId!);
    let undecidedItems = trx.selectFrom('project_items').select('id').where('agenda_meeting_id', '=', meetingId).where('status', '=', 'open');
    if (decidedItems.length) undecidedItems = undecidedItems.where('id', 'not in', decidedItems);
    const itemsCarried = (await undecidedItems.execute()).map((r) => r.id);
    const carriedOver = Number(carried.numUpdatedRows) + itemsCarried.length;
    if (carriedOver > 0) {
      const next = await draftCoordination(trx, meeting.region_code, clock.now);
      await trx
        .updateTable('project_blockers')
        .set({ meeting_id: next })
        .where('meeting_id', 'is', null)
        .where('level', '=', 'coordination')
        .where('status', '=', 'open')
        .where('region_code', 'like', `${meeting.region_code}%`)
        .execute();
      if (itemsCarried.length) await trx.updateTable('project_items').set({ agenda_meeting_id: next }).where('id', 'in', itemsCarried).execute();
    }
    await recordAudit(trx, {
      actor,
      action: 'project.meeting.coordination',
      entity: 'project_meeting',
      entityId: meetingId,
      regionCode: meeting.region_code,
      after: { heldOn, items, carriedOver },
    });
    return { id: meetingId, items, carriedOver };
  });
}

/** The owner department (or an office) marks a follow-up item done. */
export async function completeItem(db: Db, actor: Actor, id: number, input: { note?: string }, clock: Clocked): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const item = await trx.selectFrom('project_items').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    const notFound = new ProjectError('not_found', { zh: `未找到督办事项：${id}`, en: `follow-up item not found: ${id}` });
    if (!item) throw notFound;
    const p = await loadProject(trx, actor, item.project_id).catch(() => {
      throw forbidden(outOfScopeMessage({ zh: '督办事项', en: 'follow-up item' }, id));
    });
    const owner = (actor.role === 'department_officer' && actor.departmentId === item.owner_department_id) || actor.userId === item.owner_user_id;
    if (!owner && !mayManage(actor, p)) throw forbidden({ zh: '只有责任部门可以办结该事项', en: 'only the owner department completes this item' });
    if (item.status === 'done') throw new ProjectError('conflict', { zh: '事项已办结', en: 'the item is already done' });
    await trx
      .updateTable('project_items')
      .set({ status: 'done', done_at: clock.now, note: (input.note ?? '').slice(0, 2000) })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, { actor, action: 'project.item.done', entity: 'project_item', entityId: id, regionCode: item.region_code, after: { note: input.note ?? '' } });
  });
}
