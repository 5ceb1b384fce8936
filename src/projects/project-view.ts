// One project as its page shows it: milestones with the Gantt chart in working days, approvals
// with their predicted dates and paths, blockers, items, meetings and the timeline; dates counted
// across a provisional holiday year are marked 暂定.
import { shanghaiDate, type WorkCalendar } from '../calendar/index.js';
import { loadCalendar } from '../calendar/store.js';
import type { Actor } from '../org/model.js';
import { shanghaiIso } from '../shared/time.js';
import { loadProject } from './access.js';
import { pathPredictions, predictions } from './approval-predictions.js';
import { gantt, milestoneState } from './milestones.js';
import { layOutPath } from './prediction.js';
import { countyOf, type Db } from './store.js';

async function calendarOf(db: Db, county: string, calendar?: WorkCalendar) {
  return calendar ?? loadCalendar(db, county);
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
