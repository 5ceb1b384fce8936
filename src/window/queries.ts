// Reading applications: lists scoped by the caller and paged by key, one application with
// its timeline, deadlines, materials, notices and results, the public tracking answer (no
// personal data), the supervision board, the applicant's messages, files.
import { sql } from 'kysely';
import type { Actor } from '../org/model.js';
import { regionPattern } from '../org/scope.js';
import { dateClock, type ClockPause } from './clock.js';
import { queryCodeMatches } from './codes.js';
import { certificateRecord } from './certificates.js';
import { EVENT_LABELS, STATUS_LABELS, WindowError, isFinished, type ApplicationStatus, type DeferredItem } from './model.js';
import { loadService } from './services.js';
import { dateProvisional } from './provisional-dates.js';
import { listEscalations, type EscalationItem } from './escalation.js';
import { applicationMaterials } from './task-detail.js';
import { clockOf } from './worklist.js';
import { iso, json, loadApplication, notFound, visibleApplications, type ApplicationRow, type WindowContext } from './store.js';

export interface ApplicationListItem {
  id: number;
  receiptNo: string | null;
  serviceName: string;
  holderName: string;
  status: ApplicationStatus;
  finished: boolean;
  channel: 'online' | 'counter';
  submittedAt: string | null;
  intakeDue: string | null;
  promisedDate: string | null;
  updatedAt: string;
  /** Which dates were counted on a provisional holiday year (暂定); absent when none. */
  provisional?: { intakeDue?: boolean; promisedDate?: boolean };
}

export const LIST_MAX = 200;

/** Applications the caller may see, newest first, a page at a time by id (no offset, no count). */
export async function listApplications(
  ctx: WindowContext,
  actor: Actor,
  q: { status?: ApplicationStatus; before?: number; limit?: number } = {},
): Promise<{ items: ApplicationListItem[]; next: number | null }> {
  const base = await visibleApplications(ctx.db, actor);
  if (!base) return { items: [], next: null };
  const limit = Math.min(Math.max(q.limit ?? 50, 1), LIST_MAX);
  let sel = base.select(['id', 'receipt_no', 'service_name', 'holder_name', 'status', 'channel', 'submitted_at', 'accepted_at', 'intake_due', 'promised_date', 'updated_at']);
  if (q.status) sel = sel.where('status', '=', q.status);
  if (q.before) sel = sel.where('id', '<', q.before);
  const rows = await sel
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      receiptNo: r.receipt_no,
      serviceName: r.service_name,
      holderName: r.holder_name,
      status: r.status,
      finished: isFinished(r.status),
      channel: r.channel,
      submittedAt: iso(r.submitted_at),
      intakeDue: r.intake_due,
      promisedDate: r.promised_date,
      updatedAt: iso(r.updated_at)!,
      ...provisionalDates(ctx, r),
    })),
    next: rows.length > limit ? Number(page[page.length - 1].id) : null,
  };
}

async function timeline(ctx: WindowContext, id: number) {
  const rows = await ctx.db.selectFrom('window_events').select(['id', 'type', 'at', 'actor', 'role', 'data']).where('application_id', '=', id).orderBy('id').limit(1000).execute();
  return rows.map((r) => ({ type: r.type, at: iso(r.at)!, actor: r.actor, role: r.role, data: json<unknown>(r.data) }));
}

/** One application as the caller may see it. */
export async function getApplication(ctx: WindowContext, actor: Actor, id: number) {
  const row = await loadApplication(ctx.db, actor, id);
  const service = await loadService(ctx.db, Number(row.bundle_id), row.bundle_version);
  const now = ctx.now();
  const materials = await applicationMaterials(ctx.db, id, service);
  const notices = await ctx.db.selectFrom('window_notices').select(['id', 'kind', 'body', 'issued_by', 'issued_at']).where('application_id', '=', id).orderBy('id').execute();
  const certs = await ctx.db.selectFrom('window_certificates').selectAll().where('application_id', '=', id).orderBy('id').execute();
  const tasks = row.instance_id
    ? await ctx.db
        .selectFrom('engine_tasks')
        .select(['id', 'name', 'element_id', 'status', 'created_at', 'ended_at', 'candidates', 'completed_by'])
        .where('instance_id', '=', row.instance_id)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    : [];
  const verifications = await ctx.db.selectFrom('window_verifications').selectAll().where('application_id', '=', id).orderBy('id').execute();
  const shared = materials.filter((m) => m.source === 'shared').length;
  return {
    ...summary(row),
    serviceId: Number(row.bundle_id),
    serviceVersion: row.bundle_version,
    serviceCode: row.service_code,
    holder: { kind: row.holder_kind, id: row.holder_id, name: row.holder_name },
    applicantName: row.applicant_name,
    form: json<Record<string, unknown>>(row.form),
    commitment: json<unknown>(row.commitment),
    acceptedAt: iso(row.accepted_at),
    decidedAt: iso(row.decided_at),
    concludedAt: iso(row.concluded_at),
    pausedWorkdays: row.paused_workdays,
    clockStopped: row.paused_since !== null,
    supplementRounds: row.supplement_rounds,
    rejection: json<unknown>(row.rejection),
    deferred: json<DeferredItem[]>(row.deferred),
    delivery: json<unknown>(row.delivery),
    // 暂定: counted across a holiday year without its official arrangement; recounted when it is loaded.
    provisional: { intakeDue: dateProvisional(ctx.calendar, row.submitted_at, row.intake_due), promisedDate: dateProvisional(ctx.calendar, row.accepted_at, row.promised_date) },
    deadline:
      row.promised_date && row.accepted_at && !isFinished(row.status)
        ? levelOf(
            dateClock(
              ctx.calendar,
              new Date(row.accepted_at),
              row.promised_date,
              service.promisedWorkdays,
              now,
              row.paused_since && row.status !== 'supplementing' ? new Date(row.paused_since) : null,
            ),
          )
        : null,
    handlingSupplement: json<unknown>(row.handling_supplement),
    handlingPauses: json<ClockPause[]>(row.handling_pauses),
    figures: { submitted: materials.length - shared, obtainedBySharing: shared, commitments: service.draft.letter.commitments.length },
    materials,
    notices: notices.map((n) => ({ id: Number(n.id), kind: n.kind, body: json<unknown>(n.body), issuedBy: n.issued_by, issuedAt: iso(n.issued_at)! })),
    results: certs.map((c) => ({ ...certificateRecord(c), downloadable: c.content_sha256 !== null })),
    steps: tasks.map((t) => {
      const open = t.status === 'open';
      const c = open
        ? clockOf(
            ctx,
            service,
            { element_id: t.element_id, created_at: t.created_at, accepted_at: row.accepted_at, promised_date: row.promised_date, handling_pauses: row.handling_pauses },
            now,
          ).clock
        : null;
      return {
        taskId: t.id,
        name: t.name ?? t.element_id,
        status: t.status,
        departments: json<{ departments?: string[] }>(t.candidates).departments ?? [],
        createdAt: iso(t.created_at)!,
        endedAt: iso(t.ended_at),
        ...(c ? { clock: levelOf(c) } : {}),
      };
    }),
    verifications: verifications.map((v) => ({
      id: Number(v.id),
      materialCode: v.material_code,
      materialName: v.material_name,
      kind: v.kind,
      departmentCode: v.department_code,
      dueDate: v.due_date,
      status: v.status,
      finding: v.finding,
    })),
    timeline: await timeline(ctx, id),
  };
}

function provisionalDates(
  ctx: WindowContext,
  r: { submitted_at: Date | null; accepted_at: Date | null; intake_due: string | null; promised_date: string | null },
): Pick<ApplicationListItem, 'provisional'> {
  const intakeDue = dateProvisional(ctx.calendar, r.submitted_at, r.intake_due);
  const promisedDate = dateProvisional(ctx.calendar, r.accepted_at, r.promised_date);
  return intakeDue || promisedDate ? { provisional: { ...(intakeDue ? { intakeDue: true as const } : {}), ...(promisedDate ? { promisedDate: true as const } : {}) } } : {};
}

const levelOf = (c: ReturnType<typeof dateClock>) => ({
  dueAt: iso(c.dueAt)!,
  limitWorkdays: c.limitWorkdays,
  used: c.used,
  level: c.level,
  ...(c.provisional ? { provisional: true } : {}),
  stopped: c.stopped === true,
});

function summary(row: ApplicationRow): ApplicationListItem {
  return {
    id: Number(row.id),
    receiptNo: row.receipt_no,
    serviceName: row.service_name,
    holderName: row.holder_name,
    status: row.status,
    finished: isFinished(row.status),
    channel: row.channel,
    submittedAt: iso(row.submitted_at),
    intakeDue: row.intake_due,
    promisedDate: row.promised_date,
    updatedAt: iso(row.updated_at)!,
  };
}

/** Events the public tracking page shows: what happened and when, never who or what was handed in. */
const PUBLIC_EVENTS: Record<string, { zh: string; en: string }> = Object.fromEntries(
  [
    'application.submitted',
    'supplement.requested',
    'application.resubmitted',
    'application.accepted',
    'handling.supplement.requested',
    'handling.supplement.answered',
    'task.completed',
    'application.decided',
    'application.concluded',
    'application.rejected',
  ].map((t) => [t, EVENT_LABELS[t]]),
);

export interface TrackAnswer {
  receiptNo: string;
  serviceName: string;
  status: ApplicationStatus;
  statusLabel: { zh: string; en: string };
  finished: boolean;
  promisedDate: string | null;
  steps: Array<{ at: string; label: { zh: string; en: string }; step?: string }>;
}

/** Public tracking by receipt number and query code; a wrong code answers exactly like an unknown receipt. */
export async function track(ctx: WindowContext, receiptNo: string, queryCode: string): Promise<TrackAnswer> {
  const unknown = new WindowError('not_found', { zh: '受理编号或查询码不正确', en: 'unknown receipt number or wrong query code' });
  if (!/^\d{6,30}$/.test(receiptNo) || queryCode.length > 32) throw unknown;
  const row = await ctx.db
    .selectFrom('window_applications')
    .select(['id', 'receipt_no', 'service_name', 'status', 'promised_date', 'query_code_hash'])
    .where('receipt_no', '=', receiptNo)
    .executeTakeFirst();
  // Compare even when the receipt is unknown, so the answer takes as long either way.
  const ok = queryCodeMatches(queryCode, row?.query_code_hash ?? '0'.repeat(64));
  if (!row || !ok) throw unknown;
  const events = await ctx.db
    .selectFrom('window_events')
    .select(['type', 'at', 'data'])
    .where('application_id', '=', row.id)
    .where('type', 'in', Object.keys(PUBLIC_EVENTS))
    .orderBy('id')
    .limit(500)
    .execute();
  return {
    receiptNo: row.receipt_no!,
    serviceName: row.service_name,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    finished: isFinished(row.status),
    promisedDate: row.promised_date,
    steps: events.map((e) => {
      const d = json<{ name?: string } | null>(e.data);
      return { at: iso(e.at)!, label: PUBLIC_EVENTS[e.type], ...(e.type === 'task.completed' && d?.name ? { step: d.name } : {}) };
    }),
  };
}

/** The applicant's messages (the outbox as sent in-app), newest first. */
export async function messages(ctx: WindowContext, actor: Actor, q: { before?: number; limit?: number } = {}) {
  const limit = Math.min(Math.max(q.limit ?? 50, 1), LIST_MAX);
  let sel = ctx.db.selectFrom('window_outbox').select(['id', 'application_id', 'channel', 'subject', 'body', 'created_at', 'sent_at']).where('recipient_id', '=', actor.userId);
  if (q.before) sel = sel.where('id', '<', q.before);
  const rows = await sel.orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    applicationId: Number(r.application_id),
    channel: r.channel,
    subject: r.subject,
    body: r.body,
    createdAt: iso(r.created_at)!,
    sentAt: iso(r.sent_at),
  }));
}

/** A material's file, for those who may see the application. */
export async function materialFile(ctx: WindowContext, actor: Actor, id: number, materialCode: string): Promise<{ bytes: Buffer; mediaType: string; fileName: string }> {
  await loadApplication(ctx.db, actor, id);
  const m = await ctx.db
    .selectFrom('window_application_materials')
    .select(['sha256', 'file_name', 'media_type'])
    .where('application_id', '=', id)
    .where('material_code', '=', materialCode)
    .executeTakeFirst();
  if (!m?.sha256) throw new WindowError('not_found', { zh: `申请 ${id} 没有材料 ${materialCode} 的文件`, en: `application ${id} has no file for material ${materialCode}` });
  const f = await ctx.db.selectFrom('window_files').select(['content']).where('sha256', '=', m.sha256).executeTakeFirstOrThrow();
  return { bytes: Buffer.from(f.content), mediaType: m.media_type, fileName: m.file_name };
}

/** A result certificate's PDF, for those who may see the application, once the results are out. */
export async function resultFile(ctx: WindowContext, actor: Actor, id: number, certificateId: number): Promise<{ bytes: Buffer; fileName: string }> {
  const row = await loadApplication(ctx.db, actor, id);
  const c = await ctx.db
    .selectFrom('window_certificates')
    .select(['content_sha256', 'type_name', 'number'])
    .where('id', '=', certificateId)
    .where('application_id', '=', id)
    .executeTakeFirst();
  if (!c?.content_sha256) throw new WindowError('not_found', { zh: `申请 ${id} 没有证照 ${certificateId}`, en: `application ${id} has no result ${certificateId}` });
  if (row.status !== 'concluded' && row.status !== 'decided') throw notFound(id);
  const f = await ctx.db.selectFrom('window_files').select(['content']).where('sha256', '=', c.content_sha256).executeTakeFirstOrThrow();
  return { bytes: Buffer.from(f.content), fileName: `${c.type_name}-${c.number}.pdf` };
}

/** A notice's printed form. */
export async function noticeOf(ctx: WindowContext, actor: Actor, id: number, noticeId: number) {
  await loadApplication(ctx.db, actor, id);
  const n = await ctx.db.selectFrom('window_notices').selectAll().where('id', '=', noticeId).where('application_id', '=', id).executeTakeFirst();
  if (!n) throw new WindowError('not_found', { zh: `申请 ${id} 没有通知书 ${noticeId}`, en: `application ${id} has no notice ${noticeId}` });
  return { kind: n.kind, issuedAt: iso(n.issued_at)!, issuedBy: n.issued_by, body: json<Record<string, unknown>>(n.body) };
}

export interface SupervisionRow {
  departmentCode: string;
  open: number;
  atRisk: number;
  overdue: number;
  items: Array<{ taskId: string; name: string; applicationId: number; receiptNo: string | null; level: 'yellow' | 'red'; dueAt: string; provisional?: true }>;
}

export const SUPERVISION_SCAN = 5000;

/**
 * 效能监督: open work of the caller's region by department — at risk (yellow) and overdue
 * (red) — for the reform office and leaders. Reads at most SUPERVISION_SCAN open tasks.
 */
export async function supervision(ctx: WindowContext, actor: Actor): Promise<{ departments: SupervisionRow[]; escalated: EscalationItem[]; scanned: number; truncated: boolean }> {
  if (!['admin', 'reform_office', 'leader'].includes(actor.role))
    throw new WindowError('forbidden', { zh: '效能监督面向改革办和领导', en: 'the supervision board is for the reform office and leaders' });
  // Open tasks in their own order (engine_tasks_open_order), the region compared by prefix as the worklist does.
  const rows = await sql<{
    id: string;
    name: string | null;
    element_id: string;
    created_at: Date;
    candidates: unknown;
    application_id: number;
    bundle_id: number;
    bundle_version: number;
    receipt_no: string | null;
    accepted_at: Date | null;
    promised_date: string | null;
    handling_pauses: unknown;
  }>`
    select t.id, t.name, t.element_id, t.created_at, t.candidates, a.id as application_id, a.bundle_id, a.bundle_version, a.receipt_no, a.accepted_at, a.promised_date, a.handling_pauses
    from engine_tasks t join window_applications a on a.instance_id = t.instance_id
    where t.status = 'open' and left(t.region_code, ${regionPattern(actor).length - 1}) = ${regionPattern(actor).slice(0, -1)}
    order by t.created_at limit ${SUPERVISION_SCAN + 1}`.execute(ctx.db);
  const now = ctx.now();
  const byDept = new Map<string, SupervisionRow>();
  for (const r of rows.rows.slice(0, SUPERVISION_SCAN)) {
    const service = await loadService(ctx.db, Number(r.bundle_id), r.bundle_version);
    const { clock } = clockOf(ctx, service, r, now);
    for (const d of json<{ departments?: string[] }>(r.candidates).departments ?? []) {
      const row = byDept.get(d) ?? { departmentCode: d, open: 0, atRisk: 0, overdue: 0, items: [] };
      byDept.set(d, row);
      row.open++;
      if (clock.level === 'green') continue;
      if (clock.level === 'red') row.overdue++;
      else row.atRisk++;
      if (row.items.length < 50)
        row.items.push({
          taskId: r.id,
          name: r.name ?? r.element_id,
          applicationId: Number(r.application_id),
          receiptNo: r.receipt_no,
          level: clock.level,
          dueAt: iso(clock.dueAt)!,
          ...(clock.provisional ? { provisional: true } : {}),
        });
    }
  }
  const departments = [...byDept.values()].sort((a, b) => b.overdue - a.overdue || b.atRisk - a.atRisk || a.departmentCode.localeCompare(b.departmentCode));
  // 督办: the overdue steps escalated to their department heads, newest first.
  const escalated = await listEscalations(ctx, actor, { limit: 50 });
  return { departments, escalated, scanned: Math.min(rows.rows.length, SUPERVISION_SCAN), truncated: rows.rows.length > SUPERVISION_SCAN };
}
