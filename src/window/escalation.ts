// Escalation of overdue work (督办): an application task whose clock has turned red goes, once,
// to the heads of the departments it is offered to (a notice each; the department itself when
// it has no head) and to the supervision board (效能监督), which lists the escalated tasks.
// The server runs the sweep every few minutes (ZAIZAO_WINDOW_ESCALATION_MS); `zaizao window
// escalate` runs it once. Several processes may run it: the task's row in window_escalations is
// its key, so a task is escalated once.
import { sql } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import { sendNotice } from '../org/notices.js';
import type { Actor } from '../org/model.js';
import { regionPattern } from '../org/scope.js';
import { loadService } from './services.js';
import { WindowError } from './model.js';
import { iso, json, type WindowContext } from './store.js';
import { clockOf } from './worklist.js';

/** Open tasks one sweep reads (oldest first: the oldest are the ones overdue); the rest wait for the next. */
export const ESCALATION_SCAN = 5000;

interface OpenTaskRow {
  id: string;
  name: string | null;
  element_id: string;
  created_at: Date;
  candidates: unknown;
  application_id: number;
  region_code: string;
  bundle_id: number;
  bundle_version: number;
  receipt_no: string | null;
  service_name: string;
  accepted_at: Date | null;
  promised_date: string | null;
  handling_pauses: unknown;
}

/** Escalates every overdue task not escalated yet; returns how many and to whom. */
export async function escalateOverdue(ctx: WindowContext): Promise<{ escalated: number; notices: number; scanned: number }> {
  const now = ctx.now();
  const rows = await sql<OpenTaskRow>`
    select t.id, t.name, t.element_id, t.created_at, t.candidates, a.id as application_id, a.region_code, a.bundle_id, a.bundle_version,
      a.receipt_no, a.service_name, a.accepted_at, a.promised_date, a.handling_pauses
    from engine_tasks t join window_applications a on a.instance_id = t.instance_id
    where t.status = 'open' and t.created_at < ${now}
      and not exists (select 1 from window_escalations e where e.task_id = t.id)
    order by t.created_at, t.id
    limit ${ESCALATION_SCAN}`.execute(ctx.db);
  let escalated = 0;
  let notices = 0;
  for (const r of rows.rows) {
    const service = await loadService(ctx.db, Number(r.bundle_id), r.bundle_version);
    const { clock } = clockOf(ctx, service, r, now);
    if (clock.level !== 'red' || clock.stopped) continue;
    const departments = json<{ departments?: string[] }>(r.candidates).departments ?? [];
    const step = r.name ?? r.element_id;
    const sent = await ctx.db.transaction().execute(async (trx) => {
      const heads = departments.length
        ? await trx
            .selectFrom('users')
            .innerJoin('departments', 'departments.id', 'users.department_id')
            .select(['users.username', 'departments.code'])
            .where('departments.code', 'in', departments)
            .where('users.department_head', '=', true)
            .where('users.disabled', '=', false)
            .execute()
        : [];
      const inserted = await trx
        .insertInto('window_escalations')
        .values({
          task_id: r.id,
          application_id: r.application_id,
          region_code: r.region_code,
          step_name: step,
          departments: JSON.stringify(departments),
          heads: JSON.stringify(heads.map((h) => h.username)),
          due_at: clock.dueAt,
          escalated_at: now,
        } as never)
        .onConflict((oc) => oc.column('task_id').doNothing())
        .returning('task_id')
        .executeTakeFirst();
      if (!inserted) return null; // another sweep got there first
      const headless = departments.filter((d) => !heads.some((h) => h.code === d));
      const n = await sendNotice(trx, {
        regionCode: r.region_code,
        users: heads.map((h) => h.username),
        departments: headless,
        subject: `逾期督办：${r.service_name}「${step}」`,
        body: `申请 ${r.receipt_no ?? r.application_id} 的环节「${step}」已超过办理时限（应于 ${iso(clock.dueAt)!.slice(0, 16).replace('T', ' ')} 前办结），已报效能监督，请督促办理。`,
        entity: 'window_application',
        entityId: r.application_id,
      });
      await recordAudit(trx, {
        actor: null,
        action: 'window.task.escalate',
        entity: 'window_application',
        entityId: r.application_id,
        regionCode: r.region_code,
        after: { taskId: r.id, step, departments, heads: heads.map((h) => h.username), dueAt: iso(clock.dueAt) },
      });
      return n;
    });
    if (sent === null) continue;
    escalated++;
    notices += sent;
  }
  return { escalated, notices, scanned: rows.rows.length };
}

export interface EscalationItem {
  taskId: string;
  applicationId: number;
  receiptNo: string | null;
  serviceName: string;
  step: string;
  departments: string[];
  heads: string[];
  dueAt: string;
  escalatedAt: string;
  /** Still open: the step has not been completed since. */
  open: boolean;
}

export const ESCALATIONS_MAX = 200;

/** Escalated tasks of the caller's region, newest first (the supervision board's 督办 list). */
export async function listEscalations(ctx: WindowContext, actor: Actor, q: { limit?: number } = {}): Promise<EscalationItem[]> {
  if (!['admin', 'reform_office', 'leader'].includes(actor.role))
    throw new WindowError('forbidden', { zh: '效能监督面向改革办和领导', en: 'the supervision board is for the reform office and leaders' });
  const limit = Math.min(Math.max(q.limit ?? 50, 1), ESCALATIONS_MAX);
  const rows = await ctx.db
    .selectFrom('window_escalations as e')
    .innerJoin('window_applications as a', 'a.id', 'e.application_id')
    .leftJoin('engine_tasks as t', 't.id', 'e.task_id')
    .select(['e.task_id', 'e.application_id', 'a.receipt_no', 'a.service_name', 'e.step_name', 'e.departments', 'e.heads', 'e.due_at', 'e.escalated_at', 't.status'])
    .where('e.region_code', 'like', regionPattern(actor))
    .orderBy('e.escalated_at', 'desc')
    .orderBy('e.task_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    taskId: r.task_id,
    applicationId: Number(r.application_id),
    receiptNo: r.receipt_no,
    serviceName: r.service_name,
    step: r.step_name,
    departments: json<string[]>(r.departments),
    heads: json<string[]>(r.heads),
    dueAt: iso(r.due_at)!,
    escalatedAt: iso(r.escalated_at)!,
    open: r.status === 'open',
  }));
}

/** Runs the sweep every interval in a server process, on the server's clock. */
export function startEscalationSweeper(ctx: WindowContext, intervalMs: number, onError: (err: unknown) => void): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    escalateOverdue(ctx)
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
