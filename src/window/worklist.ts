// A department's worklist in the one window: the tasks of accepted applications offered to
// the caller's department or role, each with its clock in working days, newest first, paged
// by a cursor.
import { sql } from 'kysely';
import { shanghaiDate } from '../calendar/index.js';
import type { Actor } from '../org/model.js';
import { regionPattern } from '../org/scope.js';
import { NO_PAUSE, dateClock, pauseEffect, taskClock, type ClockPause, type TaskClock } from './clock.js';
import { WindowError } from './model.js';
import { stepLimits } from './service.js';
import { loadService, type PublishedService } from './services.js';
import { actorDepartmentCode, iso, json, type Db, type WindowContext } from './store.js';

export interface WorkItem {
  taskId: string;
  name: string;
  elementId: string;
  createdAt: string;
  applicationId: number;
  receiptNo: string | null;
  serviceName: string;
  holderName: string;
  /** The matter whose step this is (null for the main line: decision, delivery). */
  matterName: string | null;
  clock: { dueAt: string; limitWorkdays: number; used: number; level: TaskClock['level']; provisional?: true; stopped: boolean };
}

interface TaskJoinRow {
  id: string;
  name: string | null;
  element_id: string;
  created_at: Date;
  candidates: unknown;
  application_id: number;
  bundle_id: number;
  bundle_version: number;
  receipt_no: string | null;
  service_name: string;
  holder_name: string;
  accepted_at: Date | null;
  promised_date: string | null;
  handling_pauses: unknown;
}

/**
 * The clock of a task: its step's limit, or for the main line the application's promised date
 * — both standing still while the applicant supplements during handling, and moved on by the
 * working days they stood still.
 */
export function clockOf(
  ctx: WindowContext,
  service: PublishedService,
  t: Pick<TaskJoinRow, 'element_id' | 'created_at' | 'accepted_at' | 'promised_date'> & { handling_pauses?: unknown },
  now: Date,
): { clock: TaskClock; matterName: string | null } {
  const pauses = json<ClockPause[] | null>(t.handling_pauses ?? null) ?? [];
  const created = new Date(t.created_at);
  const pause = pauses.length ? pauseEffect(ctx.calendar, pauses, created) : NO_PAUSE;
  const step = stepLimits(service.draft).get(t.element_id);
  if (step) return { clock: taskClock(ctx.calendar, created, step.workdays, now, pause), matterName: step.matterName };
  const promised = t.promised_date ?? shanghaiDate(created);
  return { clock: dateClock(ctx.calendar, new Date(t.accepted_at ?? t.created_at), promised, service.promisedWorkdays, now, pause.stoppedAt), matterName: null };
}

/** A task's clock as the worklist and the task view answer it. */
export function clockView(clock: TaskClock): WorkItem['clock'] {
  return {
    dueAt: iso(clock.dueAt)!,
    limitWorkdays: clock.limitWorkdays,
    used: clock.used,
    level: clock.level,
    ...(clock.provisional ? { provisional: true as const } : {}),
    stopped: clock.stopped === true,
  };
}

/** Who is offered a task: a department code, or the window (platform role). */
export async function offeredTo(db: Db, actor: Actor): Promise<{ departments: string[]; roles: string[] }> {
  const code = await actorDepartmentCode(db, actor);
  return { departments: code ? [code] : [], roles: [actor.role] };
}

export const WORKLIST_MAX = 200;
/** Open tasks one worklist page reads at most (in key order) before filtering by scope. */
export const WORKLIST_SCAN = 1000;

/**
 * Open tasks of applications offered to the caller's department (or the window role), oldest
 * first, a page at a time by key (created_at, id) — no offset, no count.
 */
export async function worklist(ctx: WindowContext, actor: Actor, q: { after?: string; limit?: number } = {}): Promise<{ items: WorkItem[]; next: string | null }> {
  if (!['department_officer', 'window_clerk', 'admin'].includes(actor.role)) throw new WindowError('forbidden', { zh: '无权查看待办', en: 'no worklist for your role' });
  const limit = Math.min(Math.max(q.limit ?? 50, 1), WORKLIST_MAX);
  const { departments, roles } = await offeredTo(ctx.db, actor);
  const offered = [...departments.map((d) => sql<boolean>`t.candidates->'departments' ? ${d}`), ...roles.map((r) => sql<boolean>`t.candidates->'roles' ? ${r}`)];
  const cursor = q.after ? decodeCursor(q.after) : null;
  const after = cursor ? sql`and (created_at, id) > (${cursor.at}, ${cursor.id})` : sql``;
  // Open tasks are walked in the worklist's own order (engine_tasks_open_order, the only index in
  // that order) through a subquery the planner cannot reorder, and filtered by scope as they
  // come: the walk stops at a full page, and in any case after WORKLIST_SCAN entries. Every
  // planner does so — PGlite's too, which without autovacuum statistics read every open task of
  // the county by region and sorted them. A page may then hold fewer items than asked, with
  // `next` set: the rest of the open tasks lie further on.
  const rows = await sql<TaskJoinRow>`
    select t.id, t.name, t.element_id, t.created_at, t.candidates, a.id as application_id, a.bundle_id, a.bundle_version, a.receipt_no, a.service_name, a.holder_name, a.accepted_at, a.promised_date, a.handling_pauses
    from (select id, name, element_id, created_at, candidates, region_code, assignee, instance_id from engine_tasks
          where status = 'open' ${after} order by created_at, id limit ${WORKLIST_SCAN}) t
      join window_applications a on a.instance_id = t.instance_id
    where t.region_code like ${regionPattern(actor)}
      and (t.assignee is null or t.assignee = ${actor.username})
      and (${offered.length ? sql.join(offered, sql` or `) : sql`false`})
    order by t.created_at, t.id
    limit ${limit + 1}`.execute(ctx.db);
  let next: { at: Date; id: string } | null = null;
  if (rows.rows.length > limit) next = { at: new Date(rows.rows[limit - 1].created_at), id: rows.rows[limit - 1].id };
  else {
    // The page is short: more open tasks beyond the scanned window? Then page on from its end.
    const end = await sql<{
      id: string;
      created_at: Date;
    }>`select id, created_at from engine_tasks where status = 'open' ${after} order by created_at, id offset ${WORKLIST_SCAN - 1} limit 1`.execute(ctx.db);
    if (end.rows[0]) next = { at: new Date(end.rows[0].created_at), id: end.rows[0].id };
  }
  const now = ctx.now();
  const page = rows.rows.slice(0, limit);
  const items: WorkItem[] = [];
  for (const r of page) {
    const service = await loadService(ctx.db, Number(r.bundle_id), r.bundle_version);
    const { clock, matterName } = clockOf(ctx, service, r, now);
    items.push({
      taskId: r.id,
      name: r.name ?? r.element_id,
      elementId: r.element_id,
      createdAt: iso(r.created_at)!,
      applicationId: Number(r.application_id),
      receiptNo: r.receipt_no,
      serviceName: r.service_name,
      holderName: r.holder_name,
      matterName,
      clock: clockView(clock),
    });
  }
  return { items, next: next ? encodeCursor(next.at, next.id) : null };
}

const encodeCursor = (at: Date, id: string) => Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
function decodeCursor(text: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString()) as [string, string];
    const d = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(d.getTime())) throw new Error('bad');
    return { at: d, id };
  } catch {
    throw new WindowError('invalid', { zh: '翻页参数 after 不正确', en: 'the paging key after is malformed' }, { problems: [{ field: 'after' }] });
  }
}
