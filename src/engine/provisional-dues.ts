// Due dates of open tasks and timers counted on a provisional holiday year (暂定): marked as
// such wherever shown, and recounted when the official year is loaded. The engine keeps how
// each was counted (a duration on a calendar: the task's `task.created` history event holds
// `dueRule`, a timer job its `rule`), so recounting is the same arithmetic on the new calendar.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import { recordAudit } from '../audit/trail.js';
import { sendNotice } from '../org/notices.js';
import { shanghaiDate, type WorkCalendar } from '../calendar/index.js';
import { durationFrom, type DueRule } from './time.js';
import { CN_WORKDAY } from './calendars.js';
import type { Candidates } from './model.js';
import type {} from './store.js';

type Db = Kysely<Database>;

/** The first provisional year a due date counted from `from` to `due` crossed, else null. */
export function dueProvisionalYear(calendar: Pick<WorkCalendar, 'provisionalIn'>, from: Date | string, due: Date | string | undefined | null): number | null {
  if (!due) return null;
  try {
    return calendar.provisionalIn(new Date(from), new Date(due));
  } catch {
    return null; // a date the calendar cannot place was not counted on it
  }
}

export interface RecomputedDue {
  kind: 'engine_task' | 'engine_timer';
  id: string;
  before: string;
  after: string;
  provisional: boolean;
}

const isoMinute = (d: Date) => `${shanghaiDate(d)} ${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(11, 16)}`;

/**
 * Recounts, inside the caller's transaction, every open task due date and pending timer whose
 * count crossed `year`, on `calendar` (which holds the newly loaded year). Each change gets an
 * audit row naming whom it concerns, and a notice to them (the assignee, else the candidate
 * users and departments; for a timer, whoever started the instance).
 */
export async function recomputeProvisionalEngineDues(trx: Db, actor: Actor | null, year: number, calendar: WorkCalendar): Promise<RecomputedDue[]> {
  const yearStart = new Date(`${year}-01-01T00:00:00+08:00`);
  const yearEnd = new Date(`${year + 1}-01-01T00:00:00+08:00`);
  const calendars = (name: string) => (name === CN_WORKDAY ? calendar : undefined);
  const out: RecomputedDue[] = [];

  const tasks = await sql<{
    id: string;
    region_code: string;
    instance_id: string;
    name: string | null;
    candidates: unknown;
    assignee: string | null;
    created_at: Date;
    due_at: Date;
    rule: unknown;
  }>`
    select t.id, t.region_code, t.instance_id, t.name, t.candidates, t.assignee, t.created_at, t.due_at, h.data -> 'dueRule' as rule
    from engine_tasks t join engine_history h on h.task_id = t.id and h.type = 'task.created'
    where t.status = 'open' and t.due_at >= ${yearStart} and t.created_at < ${yearEnd} and h.data ? 'dueRule'
    order by t.id for update of t`.execute(trx);
  for (const t of tasks.rows) {
    const rule = (typeof t.rule === 'string' ? JSON.parse(t.rule) : t.rule) as DueRule;
    const cal = calendars(rule.calendar);
    if (!cal) continue;
    const after = durationFrom(new Date(t.created_at), rule.duration, cal);
    const before = new Date(t.due_at);
    const stillYear = dueProvisionalYear(cal, t.created_at, after);
    if (after.getTime() === before.getTime()) continue;
    await trx.updateTable('engine_tasks').set({ due_at: after }).where('id', '=', t.id).execute();
    const c = (typeof t.candidates === 'string' ? JSON.parse(t.candidates) : t.candidates) as Candidates;
    const concerns = t.assignee ? { users: [t.assignee], departments: [] } : { users: c.users ?? [], departments: c.departments ?? [] };
    await recordAudit(trx, {
      actor,
      action: 'engine.task.due.recompute',
      entity: 'engine_task',
      entityId: t.id,
      regionCode: t.region_code,
      before: { dueAt: before.toISOString(), provisional: true },
      after: { dueAt: after.toISOString(), provisional: stillYear !== null, reason: `official arrangement for ${year} loaded`, concerns },
    });
    const what = t.name ?? t.id;
    await sendNotice(trx, {
      regionCode: t.region_code,
      ...concerns,
      subject: `「${what}」的办理期限已按 ${year} 年正式放假安排重算`,
      body: `${isoMinute(before)}（暂定）→ ${isoMinute(after)}${stillYear !== null ? '（仍为暂定）' : ''}`,
      entity: 'engine_task',
      entityId: t.id,
    });
    out.push({ kind: 'engine_task', id: t.id, before: before.toISOString(), after: after.toISOString(), provisional: stillYear !== null });
  }

  const jobs = await sql<{ id: string; region_code: string; instance_id: string; due_at: Date; job: unknown; started_by: string | null }>`
    select j.id, j.region_code, j.instance_id, j.due_at, j.job, i.started_by
    from engine_jobs j left join engine_instances i on i.id = j.instance_id
    where j.kind = 'timer' and j.due_at >= ${yearStart} and j.job ? 'rule' and (j.job -> 'rule' ->> 'from')::timestamptz < ${yearEnd}
    order by j.id for update of j`.execute(trx);
  for (const j of jobs.rows) {
    const job = (typeof j.job === 'string' ? JSON.parse(j.job) : j.job) as { rule: DueRule & { from: string }; dueAt: string };
    const cal = calendars(job.rule.calendar);
    if (!cal) continue;
    const after = durationFrom(new Date(job.rule.from), job.rule.duration, cal);
    const before = new Date(j.due_at);
    if (after.getTime() === before.getTime()) continue;
    const stillYear = dueProvisionalYear(cal, job.rule.from, after);
    await trx
      .updateTable('engine_jobs')
      .set({ due_at: after, job: JSON.stringify({ ...job, dueAt: after.toISOString() }) as never })
      .where('id', '=', j.id)
      .execute();
    const concerns = { users: j.started_by ? [j.started_by] : [], departments: [] as string[] };
    await recordAudit(trx, {
      actor,
      action: 'engine.timer.recompute',
      entity: 'engine_job',
      entityId: j.id,
      regionCode: j.region_code,
      before: { dueAt: before.toISOString(), provisional: true },
      after: { dueAt: after.toISOString(), provisional: stillYear !== null, reason: `official arrangement for ${year} loaded`, concerns },
    });
    await sendNotice(trx, {
      regionCode: j.region_code,
      ...concerns,
      subject: `流程 ${j.instance_id} 的定时期限已按 ${year} 年正式放假安排重算`,
      body: `${isoMinute(before)}（暂定）→ ${isoMinute(after)}${stillYear !== null ? '（仍为暂定）' : ''}`,
      entity: 'engine_instance',
      entityId: j.instance_id,
    });
    out.push({ kind: 'engine_timer', id: j.id, before: before.toISOString(), after: after.toISOString(), provisional: stillYear !== null });
  }
  return out;
}
