// Recording key projects: the county's milestone template, and a project with its investor,
// leader, agent, task force and milestones planned from the template in working days.
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { regionVisible } from '../org/scope.js';
import { isValidCreditCode } from '../window/identity.js';
import { OFFICES } from './access.js';
import { calendarFor, countyFor, forbidden, invalid, requireDate, requireText, today, userIn, type Clocked } from './commands.js';
import { checkMilestoneDates, checkTemplate, plannedMilestones } from './milestones.js';
import { PROJECT_LEVELS, type Milestone, type MilestoneTemplateStep, type ProjectLevel } from './model.js';
import { loadTemplate, type Db } from './store.js';

export const MAX_MEMBERS = 50;

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
