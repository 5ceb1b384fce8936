// What the ladder and the meetings show: the leader's escalated blockers, the coordination
// meetings with their agendas and decisions, and the follow-up items of a department or region.
import { sql } from 'kysely';
import { shanghaiDate } from '../calendar/index.js';
import type { Actor } from '../org/model.js';
import { regionPattern } from '../org/scope.js';
import { shanghaiIso } from '../shared/time.js';
import { scopedProjects } from './access.js';
import { BLOCKER_LEVELS, type BlockerLevel } from './model.js';
import type { Db } from './store.js';

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
