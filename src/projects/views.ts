// The major-projects facade, reads: the board by milestone, one project with its Gantt chart
// in working days, approvals and their predicted path, the timeline, the leader's escalated
// blockers and the coordination meeting's agenda. Every read is scoped to the caller.
import { sql } from 'kysely';
import { shanghaiDate, type WorkCalendar } from '../calendar/index.js';
import { loadCalendar } from '../calendar/store.js';
import type { Actor } from '../org/model.js';
import { regionPattern } from '../org/scope.js';
import { shanghaiIso } from '../shared/time.js';
import { gantt, milestoneState, type MilestoneState } from './milestones.js';
import { layOutPath, predictPath, type PathPrediction, type TraceStep } from './prediction.js';
import { BLOCKER_LEVELS, type BlockerLevel, type ProjectLevel, type Text } from './model.js';
import { loadProject } from './service.js';
import { countyOf, loadTemplate, type Db } from './store.js';

/** Fewest finished applications of a service before its median counts as a prediction. */
export const PREDICTION_MIN_SAMPLE = 5;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function scopedProjects(actor: Actor, q: any) {
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

export interface BoardProject {
  id: number;
  name: string;
  level: ProjectLevel;
  investment: number;
  investor: string;
  current: { code: string; plannedDate: string; state: MilestoneState } | null;
  overdueMilestones: number;
  openBlockers: number;
  escalatedBlockers: number;
}

/** The board: a column per milestone of the template, each project in the column of the milestone it stands at. */
export async function projectBoard(
  db: Db,
  actor: Actor,
  now: Date,
  q: { level?: ProjectLevel } = {},
): Promise<{ columns: Array<{ code: string; name: Text; projects: BoardProject[] }>; done: BoardProject[]; today: string }> {
  const day = shanghaiDate(now);
  let projects = scopedProjects(
    actor,
    db.selectFrom('projects as p').innerJoin('enterprises as e', 'e.uscc', 'p.investor_uscc').select(['p.id', 'p.name', 'p.level', 'p.investment', 'e.name as investor']),
  );
  if (q.level) projects = projects.where('p.level', '=', q.level);
  const rows: Array<{ id: number; name: string; level: ProjectLevel; investment: number; investor: string }> = await projects.orderBy('p.id').limit(5000).execute();
  const ids = rows.map((r) => r.id);
  const [milestones, blockers, template] = await Promise.all([
    // One row per project: where it stands (the first milestone not reached) and how many are overdue.
    ids.length
      ? db
          .selectFrom('project_milestones')
          .select([
            'project_id',
            sql<string | null>`(array_agg(code order by position) filter (where actual_date is null))[1]`.as('code'),
            sql<string | null>`(array_agg(planned_date::text order by position) filter (where actual_date is null))[1]`.as('planned_date'),
            sql<number>`count(*) filter (where actual_date is null and planned_date < ${day})`.as('overdue'),
          ])
          .where('project_id', 'in', ids)
          .groupBy('project_id')
          .execute()
      : [],
    ids.length
      ? db
          .selectFrom('project_blockers')
          .select(['project_id', sql<number>`count(*)`.as('open'), sql<number>`count(*) filter (where level <> 'department')`.as('escalated')])
          .where('project_id', 'in', ids)
          .where('status', '=', 'open')
          .groupBy('project_id')
          .execute()
      : [],
    loadTemplate(db, countyOf(actor.regionCode)),
  ]);
  const standing = new Map(milestones.map((m) => [m.project_id, m]));
  const blockerBy = new Map(blockers.map((b) => [b.project_id, b]));
  const columns = template.steps.map((s) => ({ code: s.code, name: s.name, projects: [] as BoardProject[] }));
  const done: BoardProject[] = [];
  for (const r of rows) {
    const m = standing.get(r.id);
    const cur = m?.code ? { code: m.code, plannedDate: m.planned_date! } : null;
    const b = blockerBy.get(r.id);
    const card: BoardProject = {
      id: r.id,
      name: r.name,
      level: r.level,
      investment: Number(r.investment),
      investor: r.investor,
      current: cur ? { code: cur.code, plannedDate: cur.plannedDate, state: milestoneState({ ...cur, actualDate: null }, day) } : null,
      overdueMilestones: Number(m?.overdue ?? 0),
      openBlockers: Number(b?.open ?? 0),
      escalatedBlockers: Number(b?.escalated ?? 0),
    };
    const column = cur ? columns.find((c) => c.code === cur.code) : null;
    if (column) column.projects.push(card);
    else if (cur) {
      // A project made under an older template: a column of its own milestone.
      columns.push({ code: cur.code, name: { zh: cur.code, en: cur.code }, projects: [card] });
    } else done.push(card);
  }
  return { columns, done, today: day };
}

async function calendarOf(db: Db, county: string, calendar?: WorkCalendar) {
  return calendar ?? loadCalendar(db, county);
}

/** Median working days from submission to conclusion of the same service's finished applications in the county. */
async function predictions(db: Db, county: string, serviceCodes: string[], calendar: WorkCalendar): Promise<Map<string, { medianWorkdays: number; sample: number } | null>> {
  const out = new Map<string, { medianWorkdays: number; sample: number } | null>();
  for (const code of new Set(serviceCodes)) {
    const rows = await db
      .selectFrom('window_applications')
      .select(['submitted_at', 'concluded_at'])
      .where('service_code', '=', code)
      .where('region_code', 'like', `${county}%`)
      .where('status', '=', 'concluded')
      .where('submitted_at', 'is not', null)
      .where('concluded_at', 'is not', null)
      .orderBy('concluded_at', 'desc')
      .limit(200)
      .execute();
    if (rows.length < PREDICTION_MIN_SAMPLE) {
      out.set(code, null);
      continue;
    }
    const days = rows.map((r) => calendar.workdaysBetween(shanghaiDate(new Date(r.submitted_at!)), shanghaiDate(new Date(r.concluded_at!)))).sort((a, b) => a - b);
    out.set(code, { medianWorkdays: days[Math.floor(days.length / 2)], sample: rows.length });
  }
  return out;
}

/**
 * The path of each service: its last 200 concluded applications in the county that ran in the
 * engine, each one's completed steps in order with their working days (business hours).
 */
async function pathPredictions(db: Db, county: string, serviceCodes: string[], calendar: WorkCalendar): Promise<Map<string, PathPrediction>> {
  const out = new Map<string, PathPrediction>();
  for (const code of new Set(serviceCodes)) {
    const apps = await db
      .selectFrom('window_applications')
      .select(['instance_id'])
      .where('service_code', '=', code)
      .where('region_code', 'like', `${county}%`)
      .where('status', '=', 'concluded')
      .where('instance_id', 'is not', null)
      .orderBy('concluded_at', 'desc')
      .limit(200)
      .execute();
    const instances = apps.map((a) => a.instance_id!);
    const tasks = instances.length
      ? await db
          .selectFrom('engine_tasks')
          .select(['instance_id', 'name', 'element_id', 'created_at', 'ended_at'])
          .where('instance_id', 'in', instances)
          .where('status', '=', 'completed')
          .orderBy('instance_id')
          .orderBy('created_at')
          .orderBy('id')
          .execute()
      : [];
    const traces = new Map<string, TraceStep[]>(instances.map((i) => [i, []]));
    for (const t of tasks)
      traces.get(t.instance_id)!.push({ name: t.name ?? t.element_id, workdays: calendar.workdaysBetweenInstants(new Date(t.created_at), new Date(t.ended_at!)) });
    out.set(code, predictPath([...traces.values()]));
  }
  return out;
}

export async function getProject(db: Db, actor: Actor, id: number, now: Date, calendar?: WorkCalendar) {
  const p0 = await loadProject(db, actor, id);
  const county = countyOf(p0.region_code);
  const cal = await calendarOf(db, county, calendar);
  const day = shanghaiDate(now);
  const [p, milestones, members, approvals, blockers, items, meetings] = await Promise.all([
    db
      .selectFrom('projects as p')
      .innerJoin('enterprises as e', 'e.uscc', 'p.investor_uscc')
      .innerJoin('users as l', 'l.id', 'p.leader_id')
      .innerJoin('users as a', 'a.id', 'p.agent_id')
      .leftJoin('users as t', 't.id', 'p.task_force_lead_id')
      .selectAll('p')
      .select(['e.name as investor_name', 'l.display_name as leader_name', 'a.display_name as agent_name', 'a.username as agent_username', 't.display_name as lead_name'])
      .where('p.id', '=', id)
      .executeTakeFirstOrThrow(),
    db.selectFrom('project_milestones').selectAll().where('project_id', '=', id).orderBy('position').execute(),
    db
      .selectFrom('project_members as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .leftJoin('departments as d', 'd.id', 'm.department_id')
      .select(['u.username', 'u.display_name', 'd.name as department', 'm.duty'])
      .where('m.project_id', '=', id)
      .execute(),
    db
      .selectFrom('project_approvals as x')
      .innerJoin('window_applications as w', 'w.id', 'x.application_id')
      .select([
        'x.milestone_code',
        'x.application_id',
        'x.linked_at',
        'w.service_code',
        'w.service_name',
        'w.status',
        'w.receipt_no',
        'w.submitted_at',
        'w.promised_date',
        'w.concluded_at',
      ])
      .where('x.project_id', '=', id)
      .orderBy('x.id')
      .execute(),
    db
      .selectFrom('project_blockers as b')
      .innerJoin('departments as d', 'd.id', 'b.owner_department_id')
      .selectAll('b')
      .select('d.name as department')
      .where('b.project_id', '=', id)
      .orderBy('b.id')
      .execute(),
    db
      .selectFrom('project_items as i')
      .innerJoin('departments as d', 'd.id', 'i.owner_department_id')
      .selectAll('i')
      .select('d.name as department')
      .where('i.project_id', '=', id)
      .orderBy('i.id')
      .execute(),
    // The task force's meetings, and the coordination meetings that decided on this project.
    db
      .selectFrom('project_meetings')
      .selectAll()
      .where((eb) => eb.or([eb('project_id', '=', id), eb('id', 'in', eb.selectFrom('project_items').select('meeting_id').where('project_id', '=', id))]))
      .orderBy('id')
      .execute(),
  ]);
  const ms = milestones.map((m) => ({ code: m.code, position: m.position, name: { zh: m.name_zh, en: m.name_en }, plannedDate: m.planned_date, actualDate: m.actual_date }));
  const [predicted, paths] = await Promise.all([
    predictions(
      db,
      county,
      approvals.map((a) => a.service_code),
      cal,
    ),
    pathPredictions(
      db,
      county,
      approvals.filter((a) => a.status !== 'concluded').map((a) => a.service_code),
      cal,
    ),
  ]);
  // The predicted path of each approval still under way, laid out from the day it was filed (or today).
  const predictedPaths = approvals
    .filter((a) => a.status !== 'concluded')
    .map((a) => {
      const path = paths.get(a.service_code)!;
      // Not submitted yet: the path would start today.
      const filedOn = a.submitted_at ? shanghaiDate(new Date(a.submitted_at)) : day;
      if (!path.enough)
        return {
          milestoneCode: a.milestone_code,
          applicationId: a.application_id,
          service: a.service_name,
          filedOn,
          enough: false as const,
          sample: path.sample,
          needed: path.needed,
        };
      const bars = layOutPath(cal, filedOn, path.steps);
      return {
        milestoneCode: a.milestone_code,
        applicationId: a.application_id,
        service: a.service_name,
        filedOn,
        enough: true as const,
        sample: path.sample,
        variantCount: path.variantCount,
        variants: path.variants,
        totalWorkdays: path.totalWorkdays,
        offsetWorkdays: cal.workdaysBetween(p0.start_date, filedOn),
        end: bars.length ? bars[bars.length - 1].end : filedOn,
        steps: bars,
      };
    });
  const blockerEvents = blockers.length
    ? await db
        .selectFrom('project_blocker_events')
        .selectAll()
        .where(
          'blocker_id',
          'in',
          blockers.map((b) => b.id),
        )
        .orderBy('id')
        .execute()
    : [];
  const timeline: Array<{ at: string; kind: string; text: string }> = [
    { at: shanghaiIso(new Date(p.created_at)), kind: 'created', text: p.name },
    ...ms.filter((m) => m.actualDate).map((m) => ({ at: `${m.actualDate}T00:00:00+08:00`, kind: 'milestone', text: m.name.zh })),
    ...approvals.map((a) => ({ at: shanghaiIso(new Date(a.linked_at)), kind: 'approval', text: `${a.service_name}（${a.receipt_no ?? a.application_id}）` })),
    ...blockerEvents.map((e) => ({
      at: shanghaiIso(new Date(e.at)),
      kind: `blocker.${e.action}`,
      text: `${blockers.find((b) => b.id === e.blocker_id)?.title ?? ''}${e.to_level ? ` → ${e.to_level}` : ''}${e.note ? `：${e.note}` : ''}`,
    })),
    ...meetings.filter((m) => m.status === 'held').map((m) => ({ at: `${m.held_on}T00:00:00+08:00`, kind: 'meeting', text: m.title })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return {
    id: p.id,
    name: p.name,
    regionCode: p.region_code,
    investor: { uscc: p.investor_uscc, name: p.investor_name },
    investment: Number(p.investment),
    location: p.location,
    industry: p.industry,
    level: p.level,
    leader: p.leader_name,
    agent: { username: p.agent_username, name: p.agent_name },
    taskForceLead: p.lead_name,
    startDate: p.start_date,
    today: day,
    // A planned date counted across a holiday year without its official arrangement is 暂定.
    milestones: ms.map((m) => ({
      ...m,
      state: milestoneState(m, day),
      approvals: approvals.filter((a) => a.milestone_code === m.code).length,
      ...(m.actualDate === null && provisionalBetween(cal, p.start_date, m.plannedDate) ? { provisional: true } : {}),
    })),
    gantt: gantt(cal, p.start_date, ms, day),
    predictedPaths,
    members: members.map((m) => ({ username: m.username, name: m.display_name, department: m.department, duty: m.duty })),
    approvals: approvals.map((a) => {
      const pred = predicted.get(a.service_code) ?? null;
      const submitted = a.submitted_at ? shanghaiDate(new Date(a.submitted_at)) : null;
      return {
        milestoneCode: a.milestone_code,
        applicationId: a.application_id,
        receiptNo: a.receipt_no,
        service: a.service_name,
        status: a.status,
        submittedOn: submitted,
        promisedDate: a.promised_date,
        concludedOn: a.concluded_at ? shanghaiDate(new Date(a.concluded_at)) : null,
        // From the engine's history of the same service, once there is enough of it.
        predicted: pred && submitted ? predictedOn(cal, submitted, pred) : null,
      };
    }),
    // A deadline the ladder counted from the day it climbed, across a provisional year, is 暂定.
    blockers: blockers.map((b) => ({
      id: b.id,
      title: b.title,
      description: b.description,
      category: b.category,
      department: b.department,
      ownerDepartmentId: b.owner_department_id,
      dueDate: b.due_date,
      level: b.level,
      status: b.status,
      overdue: b.status === 'open' && b.due_date < day,
      meetingId: b.meeting_id,
      resolution: b.resolution,
      ...(b.status === 'open' && climbedProvisional(cal, b) ? { provisional: true } : {}),
    })),
    items: items.map((i) => ({
      id: i.id,
      meetingId: i.meeting_id,
      blockerId: i.blocker_id,
      text: i.text,
      department: i.department,
      ownerDepartmentId: i.owner_department_id,
      dueDate: i.due_date,
      status: i.status,
      level: i.level,
      overdue: i.status === 'open' && i.due_date < day,
      ...(i.status === 'open' && climbedProvisional(cal, i) ? { provisional: true } : {}),
    })),
    meetings: meetings.map((m) => ({ id: m.id, kind: m.kind, title: m.title, heldOn: m.held_on, minutes: m.minutes })),
    timeline,
  };
}

export interface EscalatedBlocker {
  id: number;
  projectId: number;
  project: string;
  title: string;
  department: string;
  level: BlockerLevel;
  dueDate: string;
  overdue: boolean;
  escalatedAt: string | null;
  meetingId: number | null;
}

const blockerList = (db: Db) =>
  db
    .selectFrom('project_blockers as b')
    .innerJoin('projects as p', 'p.id', 'b.project_id')
    .innerJoin('departments as d', 'd.id', 'b.owner_department_id')
    .select(['b.id', 'b.project_id', 'p.name as project', 'b.title', 'd.name as department', 'b.level', 'b.due_date', 'b.escalated_at', 'b.meeting_id']);

const toEscalated =
  (day: string) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (b: any): EscalatedBlocker => ({
    id: b.id,
    projectId: b.project_id,
    project: b.project,
    title: b.title,
    department: b.department,
    level: b.level,
    dueDate: b.due_date,
    overdue: b.due_date < day,
    escalatedAt: b.escalated_at ? shanghaiIso(new Date(b.escalated_at)) : null,
    meetingId: b.meeting_id,
  });

/** The leader's list: open blockers above the department rung, the highest first. */
export async function escalatedBlockers(db: Db, actor: Actor, now: Date, q: { level?: BlockerLevel } = {}): Promise<EscalatedBlocker[]> {
  const levels = q.level ? [q.level] : BLOCKER_LEVELS.filter((l) => l !== 'department');
  const rows = await scopedProjects(actor, blockerList(db))
    .where('b.status', '=', 'open')
    .where('b.level', 'in', levels)
    .orderBy(sql`case b.level when 'coordination' then 0 else 1 end`)
    .orderBy('b.due_date')
    .limit(1000)
    .execute();
  return rows.map(toEscalated(shanghaiDate(now)));
}

/** The coordination meetings of the caller's county: the draft with its agenda (the escalated blockers), and those held. */
export async function coordinationMeetings(db: Db, actor: Actor, now: Date) {
  const meetings = await db
    .selectFrom('project_meetings')
    .selectAll()
    .where('kind', '=', 'coordination')
    .where('region_code', 'like', regionPattern(actor))
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  const ids = meetings.map((m) => m.id);
  const [agenda, items, lateItems] = await Promise.all([
    ids.length ? blockerList(db).where('b.meeting_id', 'in', ids).orderBy('b.id').execute() : [],
    ids.length
      ? db
          .selectFrom('project_items as i')
          .innerJoin('departments as d', 'd.id', 'i.owner_department_id')
          .select(['i.id', 'i.meeting_id', 'i.blocker_id', 'i.text', 'd.name as department', 'i.due_date', 'i.status'])
          .where('i.meeting_id', 'in', ids)
          .orderBy('i.id')
          .execute()
      : [],
    // Late follow-up items that climbed to the meeting (listed on its agenda beside the blockers).
    ids.length
      ? db
          .selectFrom('project_items as i')
          .innerJoin('projects as p', 'p.id', 'i.project_id')
          .innerJoin('departments as d', 'd.id', 'i.owner_department_id')
          .select([
            'i.id',
            'i.project_id',
            'p.name as project',
            'i.agenda_meeting_id',
            'i.owner_department_id',
            'i.text',
            'd.name as department',
            'i.due_date',
            'i.status',
            'i.level',
            'i.escalated_at',
          ])
          .where('i.agenda_meeting_id', 'in', ids)
          .orderBy('i.id')
          .execute()
      : [],
  ]);
  const day = shanghaiDate(now);
  return meetings.map((m) => ({
    id: m.id,
    status: m.status,
    title: m.title,
    heldOn: m.held_on,
    minutes: m.minutes,
    agenda: agenda.filter((b) => b.meeting_id === m.id).map(toEscalated(day)),
    decisions: items
      .filter((i) => i.meeting_id === m.id)
      .map((i) => ({ id: i.id, blockerId: i.blocker_id, text: i.text, department: i.department, dueDate: i.due_date, status: i.status })),
    lateItems: lateItems
      .filter((i) => i.agenda_meeting_id === m.id)
      .map((i) => ({
        id: i.id,
        projectId: i.project_id,
        project: i.project,
        text: i.text,
        department: i.department,
        ownerDepartmentId: i.owner_department_id,
        dueDate: i.due_date,
        status: i.status,
        level: i.level,
        overdue: i.status === 'open' && i.due_date < day,
        escalatedAt: i.escalated_at ? shanghaiIso(new Date(i.escalated_at)) : null,
      })),
  }));
}

/** Follow-up items of the caller's department (department officers) or of the region (offices). */
export async function listItems(db: Db, actor: Actor, now: Date, q: { open?: boolean } = {}) {
  let query = db
    .selectFrom('project_items as i')
    .innerJoin('projects as p', 'p.id', 'i.project_id')
    .innerJoin('departments as d', 'd.id', 'i.owner_department_id')
    .select(['i.id', 'i.project_id', 'p.name as project', 'i.text', 'd.name as department', 'i.due_date', 'i.status', 'i.meeting_id', 'i.blocker_id', 'i.level'])
    .where('i.region_code', 'like', regionPattern(actor));
  if (actor.role === 'department_officer') query = query.where('i.owner_department_id', '=', actor.departmentId ?? -1);
  if (q.open) query = query.where('i.status', '=', 'open');
  const day = shanghaiDate(now);
  const rows = await query.orderBy('i.due_date').limit(1000).execute();
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    project: r.project,
    text: r.text,
    department: r.department,
    dueDate: r.due_date,
    status: r.status,
    level: r.level,
    overdue: r.status === 'open' && r.due_date < day,
    meetingId: r.meeting_id,
    blockerId: r.blocker_id,
  }));
}

/** A predicted conclusion date, 暂定 when counted across a provisional year (computed at read time: the official year corrects it). */
function predictedOn<P extends { medianWorkdays: number }>(calendar: WorkCalendar, submitted: string, pred: P): P & { date: string; provisional?: true } {
  const date = calendar.addWorkdays(submitted, pred.medianWorkdays);
  return { ...pred, date, ...(provisionalBetween(calendar, submitted, date) ? { provisional: true as const } : {}) };
}

function climbedProvisional(calendar: WorkCalendar, r: { level: string; escalated_at: Date | null; due_date: string }): boolean {
  return r.level !== 'department' && r.escalated_at !== null && provisionalBetween(calendar, shanghaiDate(new Date(r.escalated_at)), r.due_date);
}

function provisionalBetween(calendar: { provisionalIn(a: string, b: string): number | null }, from: string, to: string): boolean {
  try {
    return calendar.provisionalIn(from, to) !== null;
  } catch {
    return false; // a date the calendar cannot place is not marked
  }
}
