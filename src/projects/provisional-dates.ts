// Major projects' milestone planned dates counted on a provisional holiday year (暂定). Loading
// the official year recounts them: each planned date keeps its span in working days from its
// predecessor (the first from the start moved to a working day), measured on the calendar in
// force before the load and counted again on the official one. A reached milestone keeps its
// planned date (it was judged against it); a date on a day off was typed by hand and stays.
// A blocker or follow-up item that climbed the ladder got its new deadline counted from the day
// it climbed (`taskForceWorkdays` or `decisionWorkdays`): recounted the same way, when the stored
// date is still that count (a meeting's decision may have set another date: it stays).
// Two steps because the spans must be measured before the year is stored: plan, then apply.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import type { WorkCalendar } from '../calendar/index.js';
import { loadCalendar } from '../calendar/store.js';
import { recordAudit } from '../audit/trail.js';
import { sendNotice } from '../org/notices.js';
import { shanghaiDate } from '../calendar/index.js';
import { countyOf, loadProjectSettings } from './store.js';

type Db = Kysely<Database>;

export interface RecomputedMilestone {
  kind: 'project_milestone' | 'project_blocker_due' | 'project_item_due';
  id: number;
  before: string;
  after: string;
  provisional: boolean;
}

interface PlannedProject {
  id: number;
  regionCode: string;
  name: string;
  startDate: string;
  leaderId: number;
  agentId: number;
  /** In position order; span null: kept as stored (reached, or typed on a day off). */
  milestones: Array<{ id: number; code: string; nameZh: string; plannedDate: string; span: number | null }>;
}

interface PlannedEscalation {
  kind: 'project_blocker_due' | 'project_item_due';
  id: number;
  regionCode: string;
  title: string;
  /** The day it climbed and the working days it was given from there. */
  from: string;
  span: number;
  dueDate: string;
  departmentCode: string | null;
  users: string[];
}

export interface MilestonePlan {
  projects: PlannedProject[];
  escalated: PlannedEscalation[];
}

const workdayFrom = (calendar: WorkCalendar, date: string) => (calendar.isWorkday(date) ? date : calendar.addWorkdays(date, 1));

/** Before the year is stored: the projects with an open milestone in that year or later, and each milestone's span. */
export async function planMilestoneRecount(trx: Db, year: number): Promise<MilestonePlan> {
  const calendars = new Map<string, WorkCalendar>();
  const escalated = await planEscalated(trx, year, calendars);
  const ids = await trx.selectFrom('project_milestones').select('project_id').distinct().where('actual_date', 'is', null).where('planned_date', '>=', `${year}-01-01`).execute();
  if (!ids.length) return { projects: [], escalated };
  const projects = await trx
    .selectFrom('projects')
    .select(['id', 'region_code', 'name', 'start_date', 'leader_id', 'agent_id'])
    .where(
      'id',
      'in',
      ids.map((i) => i.project_id),
    )
    .orderBy('id')
    .execute();
  const plan: PlannedProject[] = [];
  for (const p of projects) {
    const county = countyOf(p.region_code);
    if (!calendars.has(county)) calendars.set(county, await loadCalendar(trx, county));
    const old = calendars.get(county)!;
    const rows = await trx
      .selectFrom('project_milestones')
      .select(['id', 'code', 'name_zh', 'planned_date', 'actual_date'])
      .where('project_id', '=', p.id)
      .orderBy('position')
      .execute();
    let prev = workdayFrom(old, p.start_date);
    const milestones = rows.map((m) => {
      const counted = m.actual_date === null && old.isWorkday(m.planned_date) && m.planned_date >= prev;
      const span = counted ? old.workdaysBetween(prev, m.planned_date) : null;
      prev = m.planned_date;
      return { id: m.id, code: m.code, nameZh: m.name_zh, plannedDate: m.planned_date, span };
    });
    plan.push({ id: p.id, regionCode: p.region_code, name: p.name, startDate: p.start_date, leaderId: p.leader_id, agentId: p.agent_id, milestones });
  }
  return { projects: plan, escalated };
}

/** Open blockers and items above the department rung whose deadline is still the ladder's count from the day they climbed. */
async function planEscalated(trx: Db, year: number, calendars: Map<string, WorkCalendar>): Promise<PlannedEscalation[]> {
  const since = `${year}-01-01`;
  const blockers = await trx
    .selectFrom('project_blockers as b')
    .innerJoin('projects as p', 'p.id', 'b.project_id')
    .innerJoin('departments as d', 'd.id', 'b.owner_department_id')
    .leftJoin('users as l', 'l.id', 'p.task_force_lead_id')
    .select(['b.id', 'b.region_code', 'b.title', 'b.level', 'b.due_date', 'b.escalated_at', 'd.code as department_code', 'l.username as lead'])
    .where('b.status', '=', 'open')
    .where('b.level', '<>', 'department')
    .where('b.escalated_at', 'is not', null)
    .where('b.due_date', '>=', since)
    .orderBy('b.id')
    .execute();
  const items = await trx
    .selectFrom('project_items as i')
    .innerJoin('departments as d', 'd.id', 'i.owner_department_id')
    .leftJoin('users as u', 'u.id', 'i.owner_user_id')
    .select(['i.id', 'i.region_code', 'i.text as title', 'i.level', 'i.due_date', 'i.escalated_at', 'd.code as department_code', 'u.username as owner'])
    .where('i.status', '=', 'open')
    .where('i.level', '<>', 'department')
    .where('i.escalated_at', 'is not', null)
    .where('i.due_date', '>=', since)
    .orderBy('i.id')
    .execute();
  const rows = [
    ...blockers.map((b) => ({ kind: 'project_blocker_due' as const, ...b, users: b.lead ? [b.lead] : [] })),
    ...items.map((i) => ({ kind: 'project_item_due' as const, ...i, users: i.owner ? [i.owner] : [] })),
  ];
  const out: PlannedEscalation[] = [];
  for (const r of rows) {
    const county = countyOf(r.region_code);
    if (!calendars.has(county)) calendars.set(county, await loadCalendar(trx, county));
    const settings = await loadProjectSettings(trx, county);
    const from = shanghaiDate(new Date(r.escalated_at!));
    const span = r.level === 'task_force' ? settings.taskForceWorkdays : settings.decisionWorkdays;
    if (calendars.get(county)!.addWorkdays(from, span) !== r.due_date) continue;
    out.push({ kind: r.kind, id: r.id, regionCode: r.region_code, title: r.title, from, span, dueDate: r.due_date, departmentCode: r.department_code, users: r.users });
  }
  return out;
}

/** After the year is stored: the same spans on the county's calendar now; an audit row per changed project and a notice to its leader and agent. */
export async function applyMilestoneRecount(trx: Db, actor: Actor | null, year: number, plan: MilestonePlan): Promise<RecomputedMilestone[]> {
  const out: RecomputedMilestone[] = [];
  const calendars = new Map<string, WorkCalendar>();
  for (const p of plan.projects) {
    const county = countyOf(p.regionCode);
    if (!calendars.has(county)) calendars.set(county, await loadCalendar(trx, county));
    const cal = calendars.get(county)!;
    let prev = workdayFrom(cal, p.startDate);
    const changes: Array<RecomputedMilestone & { code: string; nameZh: string }> = [];
    for (const m of p.milestones) {
      const date = m.span === null ? m.plannedDate : m.span === 0 ? prev : cal.addWorkdays(prev, m.span);
      if (date !== m.plannedDate)
        changes.push({
          kind: 'project_milestone',
          id: m.id,
          code: m.code,
          nameZh: m.nameZh,
          before: m.plannedDate,
          after: date,
          provisional: cal.provisionalIn(p.startDate, date) !== null,
        });
      prev = date;
    }
    if (!changes.length) continue;
    for (const c of changes) await trx.updateTable('project_milestones').set({ planned_date: c.after }).where('id', '=', c.id).execute();
    const users = await trx.selectFrom('users').select('username').where('id', 'in', [p.leaderId, p.agentId]).execute();
    const concerns = { users: users.map((u) => u.username) };
    await recordAudit(trx, {
      actor,
      action: 'project.milestone.recompute',
      entity: 'project',
      entityId: p.id,
      regionCode: p.regionCode,
      before: { plannedDates: Object.fromEntries(changes.map((c) => [c.code, c.before])) },
      after: { plannedDates: Object.fromEntries(changes.map((c) => [c.code, c.after])), provisional: changes.some((c) => c.provisional), year, concerns },
    });
    await sendNotice(trx, {
      regionCode: p.regionCode,
      users: concerns.users,
      subject: `项目“${p.name}”的里程碑计划日期已按 ${year} 年正式节假日安排重算`,
      body: changes.map((c) => `${c.nameZh} ${c.before}（暂定）→ ${c.after}${c.provisional ? '（暂定）' : ''}`).join('；'),
      entity: 'project',
      entityId: p.id,
    });
    out.push(...changes.map(({ code: _c, nameZh: _n, ...r }) => r));
  }
  for (const e of plan.escalated) {
    const cal = calendars.get(countyOf(e.regionCode)) ?? (await loadCalendar(trx, countyOf(e.regionCode)));
    calendars.set(countyOf(e.regionCode), cal);
    const after = cal.addWorkdays(e.from, e.span);
    if (after === e.dueDate) continue;
    const blocker = e.kind === 'project_blocker_due';
    const provisional = cal.provisionalIn(e.from, after) !== null;
    await trx
      .updateTable(blocker ? 'project_blockers' : 'project_items')
      .set({ due_date: after })
      .where('id', '=', e.id)
      .execute();
    const concerns = { departments: e.departmentCode ? [e.departmentCode] : [], users: e.users };
    await recordAudit(trx, {
      actor,
      action: blocker ? 'project.blocker.deadline.recompute' : 'project.item.deadline.recompute',
      entity: blocker ? 'project_blocker' : 'project_item',
      entityId: e.id,
      regionCode: e.regionCode,
      before: { dueDate: e.dueDate },
      after: { dueDate: after, provisional, year, concerns },
    });
    await sendNotice(trx, {
      regionCode: e.regionCode,
      ...concerns,
      subject: `${blocker ? '堵点' : '督办事项'}“${e.title.slice(0, 60)}”的期限已按 ${year} 年正式节假日安排重算`,
      body: `${e.dueDate}（暂定）→ ${after}${provisional ? '（暂定）' : ''}`,
      entity: blocker ? 'project_blocker' : 'project_item',
      entityId: e.id,
    });
    out.push({ kind: e.kind, id: e.id, before: e.dueDate, after, provisional });
  }
  return out;
}
