// The departments' side: each accepted application is an instance of the service's process;
// its tasks are offered to departments (and the window). A department's worklist shows each
// task with its clock in working days; a task shows the form sections and materials that
// department needs, shared materials with where they came from. Completing the joint decision
// issues the result package (every licence and certificate at once, each a stored PDF with a
// verification code) and opens the post-decision checks; the result package task delivers
// it — held while deferred materials (容缺) are outstanding — and concludes the application.
import { sql } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import { shanghaiDate } from '../calendar/index.js';
import { ConflictError } from '../engine/errors.js';
import type { Actor } from '../org/model.js';
import { outOfScopeMessage, regionPattern, regionVisible } from '../org/scope.js';
import { sendRatingLink } from '../rating/notice.js';
import { NO_PAUSE, dateClock, pauseEffect, taskClock, type ClockPause, type TaskClock } from './clock.js';
import { newVerificationCode } from './codes.js';
import { sha256Hex } from './files.js';
import { WindowError, type DeferredItem, type DeliveryMethod } from './model.js';
import { renderCertificatePdf } from './print.js';
import { JOINT_DECISION, RESULT_PACKAGE, departmentView, stepLimits } from './service.js';
import { loadService, type PublishedService } from './services.js';
import { openHandlingSupplement } from './handling-supplement.js';
import { actorDepartmentCode, eventRows, iso, json, keepFiles, logEvent, notify, type ApplicationRow, type Db, type WindowContext } from './store.js';

/** Working days a department has for a post-decision check (事中事后核查). */
export const VERIFICATION_WORKDAYS = 20;

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

/** Who is offered a task: a department code, or the window (platform role). */
async function offeredTo(db: Db, actor: Actor): Promise<{ departments: string[]; roles: string[] }> {
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
      clock: {
        dueAt: iso(clock.dueAt)!,
        limitWorkdays: clock.limitWorkdays,
        used: clock.used,
        level: clock.level,
        ...(clock.provisional ? { provisional: true as const } : {}),
        stopped: clock.stopped === true,
      },
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

/** A task the caller may work on, with its application; 404 otherwise. */
export async function loadTask(ctx: WindowContext, actor: Actor, taskId: string) {
  const { departments, roles } = await offeredTo(ctx.db, actor);
  const t = await ctx.db.selectFrom('engine_tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
  if (!t) throw new WindowError('not_found', { zh: `未找到待办 ${taskId}`, en: `task ${taskId} not found` });
  const outside = new WindowError('forbidden', outOfScopeMessage({ zh: '待办', en: 'task' }, taskId));
  if (!regionVisible(actor, t.region_code)) throw outside;
  const c = json<{ departments?: string[]; roles?: string[] }>(t.candidates);
  const mine = (c.departments ?? []).some((d) => departments.includes(d)) || (c.roles ?? []).some((r) => roles.includes(r)) || t.assignee === actor.username;
  if (!mine) throw outside;
  const app = await ctx.db.selectFrom('window_applications').selectAll().where('instance_id', '=', t.instance_id).executeTakeFirst();
  if (!app) throw new WindowError('not_found', { zh: `未找到待办 ${taskId} 的申请`, en: `no application for task ${taskId}` });
  return { task: t, app, department: departments[0] ?? null };
}

/** A task as its department sees it: only the form sections and materials it needs. */
export async function taskDetail(ctx: WindowContext, actor: Actor, taskId: string) {
  const { task, app, department } = await loadTask(ctx, actor, taskId);
  const service = await loadService(ctx.db, Number(app.bundle_id), app.bundle_version);
  const lead = department === null || department === service.leadDepartmentCode;
  const view = departmentView(service.draft, lead ? null : department);
  const form = json<Record<string, unknown>>(app.form);
  const fields = service.draft.form.fields.filter((f) => view.fields.includes(f.key)).map((f) => ({ key: f.key, label: f.label, value: form[f.key] ?? null }));
  const materials = await applicationMaterials(ctx.db, Number(app.id), service, new Set(view.materials));
  const { clock, matterName } = clockOf(
    ctx,
    service,
    { element_id: task.element_id, created_at: task.created_at, accepted_at: app.accepted_at, promised_date: app.promised_date, handling_pauses: app.handling_pauses },
    ctx.now(),
  );
  return {
    taskId: task.id,
    name: task.name ?? task.element_id,
    elementId: task.element_id,
    status: task.status,
    matterName,
    clock: {
      dueAt: iso(clock.dueAt)!,
      limitWorkdays: clock.limitWorkdays,
      used: clock.used,
      level: clock.level,
      ...(clock.provisional ? { provisional: true as const } : {}),
      stopped: clock.stopped === true,
    },
    application: {
      id: Number(app.id),
      receiptNo: app.receipt_no,
      serviceName: app.service_name,
      holderName: app.holder_name,
      holderId: app.holder_id,
      promisedDate: app.promised_date,
    },
    fields,
    materials,
  };
}

/** The materials of an application (optionally only some), shared ones with their certificate's provenance. */
export async function applicationMaterials(db: Db, applicationId: number, service: PublishedService, only?: ReadonlySet<string>) {
  const rows = await db
    .selectFrom('window_application_materials as m')
    .leftJoin('window_certificates as c', 'c.id', 'm.certificate_id')
    .select([
      'm.material_code',
      'm.source',
      'm.sha256',
      'm.file_name',
      'm.media_type',
      'm.size',
      'm.round',
      'm.uploaded_by',
      'm.uploaded_at',
      'c.id as cert_id',
      'c.number as cert_number',
      'c.issuer as cert_issuer',
      'c.source_system as cert_system',
      'c.issued_on as cert_issued',
    ])
    .where('m.application_id', '=', applicationId)
    .orderBy('m.material_code')
    .execute();
  return rows
    .filter((r) => !only || only.has(r.material_code))
    .map((r) => ({
      code: r.material_code,
      name: service.materials.find((m) => m.code === r.material_code)?.name ?? r.material_code,
      source: r.source,
      fileName: r.file_name,
      mediaType: r.media_type,
      size: r.size,
      sha256: r.sha256,
      round: r.round,
      uploadedBy: r.uploaded_by,
      uploadedAt: iso(r.uploaded_at)!,
      ...(r.cert_id !== null
        ? { certificate: { id: Number(r.cert_id), number: r.cert_number!, issuer: r.cert_issuer!, sourceSystem: r.cert_system!, issuedOn: r.cert_issued! } }
        : {}),
    }));
}

export interface CompleteInput {
  opinion?: string;
  /** For the result package: how the results go out. */
  delivery?: { method: DeliveryMethod; trackingNo?: string };
}

/** Completes a task of an application; the decision issues the results, the delivery concludes. */
export async function completeWork(ctx: WindowContext, actor: Actor, taskId: string, input: CompleteInput = {}): Promise<{ applicationStatus: string }> {
  const loaded = await loadTask(ctx, actor, taskId);
  const { task } = loaded;
  let { app } = loaded;
  if (task.element_id === RESULT_PACKAGE && app.status === 'accepted') app = await catchUpDecision(ctx, actor, app);
  if (task.status !== 'open') throw new WindowError('conflict', { zh: `待办 ${taskId} 已办理`, en: `task ${taskId} is already ${task.status}` });
  // While the applicant supplements, the step that asked and the decision wait for the answer.
  const waiting = openHandlingSupplement(app);
  if (waiting && (waiting.taskId === taskId || task.element_id === JOINT_DECISION || task.element_id === RESULT_PACKAGE)) {
    throw new WindowError(
      'conflict',
      {
        zh: `申请 ${app.id} 正在等待申请人补正（${waiting.items.map((i) => i.name).join('、')}），补正后才能办理「${task.name ?? task.element_id}」`,
        en: `application ${app.id} is waiting for the applicant's supplement; ${task.element_id} waits for it`,
      },
      { waitingFor: waiting.items.map((i) => i.materialCode) },
    );
  }
  const service = await loadService(ctx.db, Number(app.bundle_id), app.bundle_version);
  if (task.element_id === RESULT_PACKAGE) {
    const held = json<DeferredItem[]>(app.deferred).filter((d) => !d.suppliedAt);
    if (held.length)
      throw new WindowError(
        'conflict',
        {
          zh: `容缺材料未补齐，证照暂缓发放：${held.map((d) => d.name).join('、')}`,
          en: `results are held until the deferred materials arrive: ${held.map((d) => d.materialCode).join(', ')}`,
        },
        { held },
      );
    const method = input.delivery?.method ?? json<{ method?: DeliveryMethod } | null>(app.delivery)?.method ?? 'electronic';
    if (method === 'mail' && !input.delivery?.trackingNo?.trim())
      throw new WindowError('invalid', { zh: '邮寄送达须填写快递单号', en: 'delivery by mail needs a tracking number' }, { problems: [{ field: 'delivery.trackingNo' }] });
  }
  // Everything that can fail (the calendar for a year without data, printing) is done before
  // the engine moves on, so a refusal leaves both the process and the application as they were.
  const now = ctx.now();
  const prepared = task.element_id === JOINT_DECISION && app.status === 'accepted' ? await prepareResults(ctx, app, service, now) : null;
  if (prepared) await keepResultFiles(ctx, prepared);
  try {
    await ctx.engine.completeTask(taskId, { actor, variables: input.opinion ? { opinion: input.opinion.slice(0, 1000) } : {} });
  } catch (err) {
    if (err instanceof ConflictError) throw new WindowError('conflict', { zh: `待办 ${taskId} 已被他人办理`, en: `task ${taskId} was completed by someone else` });
    throw err;
  }
  const completed = { type: 'task.completed', data: { taskId, elementId: task.element_id, name: task.name } };
  if (task.element_id !== JOINT_DECISION && task.element_id !== RESULT_PACKAGE) {
    // A branch step changes nothing of the application: its event, and the status as it stands, in one statement.
    const r = await ctx.db
      .with('e', (db) => db.insertInto('window_events').values(eventRows(app, now, actor, [completed])))
      .selectFrom('window_applications')
      .select('status')
      .where('id', '=', app.id)
      .executeTakeFirstOrThrow();
    return { applicationStatus: r.status };
  }
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('window_applications').selectAll().where('id', '=', app.id).forUpdate().executeTakeFirstOrThrow();
    await logEvent(trx, row, completed.type, now, actor, completed.data);
    if (task.element_id === JOINT_DECISION && row.status === 'accepted' && prepared) {
      const issued = await issueResults(trx, row, prepared);
      await trx
        .updateTable('window_applications')
        .set({ status: 'decided', decided_at: now, updated_at: now } as never)
        .where('id', '=', row.id)
        .execute();
      await logEvent(trx, row, 'application.decided', now, actor, { certificates: issued });
      await recordAudit(trx, {
        actor,
        action: 'window.application.decide',
        entity: 'window_application',
        entityId: row.id,
        regionCode: row.region_code,
        before: { status: row.status },
        after: { status: 'decided', certificates: issued },
      });
      await notify(trx, row, '审批决定已作出', `您的申请（${row.receipt_no}）已作出准予许可决定，证照 ${issued.length} 件将统一发放。`, now);
      return { applicationStatus: 'decided' };
    }
    if (task.element_id === RESULT_PACKAGE && row.status === 'decided') {
      const method = input.delivery?.method ?? json<{ method?: DeliveryMethod } | null>(row.delivery)?.method ?? 'electronic';
      const delivery = { ...(json<object | null>(row.delivery) ?? {}), method, trackingNo: input.delivery?.trackingNo?.trim().slice(0, 60) ?? null, at: iso(now) };
      await trx
        .updateTable('window_applications')
        .set({ status: 'concluded', concluded_at: now, delivery: JSON.stringify(delivery), updated_at: now } as never)
        .where('id', '=', row.id)
        .execute();
      await logEvent(trx, row, 'application.concluded', now, actor, { delivery });
      await recordAudit(trx, {
        actor,
        action: 'window.application.conclude',
        entity: 'window_application',
        entityId: row.id,
        regionCode: row.region_code,
        before: { status: row.status },
        after: { status: 'concluded', delivery },
      });
      await notify(
        trx,
        row,
        '已办结',
        `您的申请（${row.receipt_no}）已办结，证照${method === 'mail' ? `已邮寄，快递单号 ${delivery.trackingNo}` : method === 'pickup' ? '请到窗口领取' : '可在线下载'}。`,
        now,
      );
      if (row.applicant_id)
        await sendRatingLink(trx, { kind: 'application', id: Number(row.id), regionCode: row.region_code, recipientId: Number(row.applicant_id), name: row.service_name }, now);
      return { applicationStatus: 'concluded' };
    }
    return { applicationStatus: row.status };
  });
}

/** Base of the public verification page printed on results (`ZAIZAO_PUBLIC_URL`). */
export const publicBaseUrl = (env: NodeJS.ProcessEnv = process.env) => (env.ZAIZAO_PUBLIC_URL ?? 'http://localhost:8080').replace(/\/+$/, '');

/**
 * The engine and the window write in transactions of their own. Should the window's write
 * after a joint decision have been lost (a crash between the two), the decision stands in the
 * engine's history: the results are issued when the delivery is next attempted.
 */
async function catchUpDecision(ctx: WindowContext, actor: Actor, app: ApplicationRow): Promise<ApplicationRow> {
  if (!app.instance_id) return app;
  const decided = await ctx.db
    .selectFrom('engine_tasks')
    .select('id')
    .where('instance_id', '=', app.instance_id)
    .where('element_id', '=', JOINT_DECISION)
    .where('status', '=', 'completed')
    .executeTakeFirst();
  if (!decided) return app;
  const service = await loadService(ctx.db, Number(app.bundle_id), app.bundle_version);
  const now = ctx.now();
  const prepared = await prepareResults(ctx, app, service, now);
  await keepResultFiles(ctx, prepared);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('window_applications').selectAll().where('id', '=', app.id).forUpdate().executeTakeFirstOrThrow();
    if (row.status !== 'accepted') return row;
    const issued = await issueResults(trx, row, prepared);
    await trx
      .updateTable('window_applications')
      .set({ status: 'decided', decided_at: now, updated_at: now } as never)
      .where('id', '=', row.id)
      .execute();
    await logEvent(trx, row, 'application.decided', now, actor, { certificates: issued, caughtUp: true });
    await recordAudit(trx, {
      actor,
      action: 'window.application.decide',
      entity: 'window_application',
      entityId: row.id,
      regionCode: row.region_code,
      before: { status: row.status },
      after: { status: 'decided', certificates: issued, caughtUp: true },
    });
    return { ...row, status: 'decided' as const };
  });
}

interface PreparedResults {
  today: string;
  verificationDue: string;
  certificates: Array<{ typeName: string; number: string; issuer: string; matterCode: string; code: string; pdf: Buffer; sha256: string }>;
  checks: PublishedService['materials'];
}

/** The result package as it will be issued: numbers, codes, printed PDFs, the checks' due date. */
async function prepareResults(ctx: WindowContext, row: ApplicationRow, service: PublishedService, now: Date): Promise<PreparedResults> {
  const today = shanghaiDate(now);
  const verificationDue = ctx.calendar.addWorkdays(today, VERIFICATION_WORKDAYS);
  const departments = await ctx.db
    .selectFrom('departments')
    .select(['code', 'name'])
    .where('code', 'in', [...new Set(service.draft.resultPackage.map((r) => r.departmentCode))])
    .execute();
  const certificates: PreparedResults['certificates'] = [];
  for (const [i, r] of service.draft.resultPackage.entries()) {
    const code = newVerificationCode();
    const number = `${row.receipt_no}-${String(i + 1).padStart(2, '0')}`;
    const issuer = departments.find((d) => d.code === r.departmentCode)?.name ?? r.departmentCode;
    const pdf = await renderCertificatePdf({
      typeName: r.result,
      number,
      holderName: row.holder_name,
      holderId: row.holder_id,
      issuer,
      issuedOn: today,
      issuedAt: now,
      serviceName: row.service_name,
      receiptNo: row.receipt_no ?? '',
      verificationCode: code,
      verifyUrl: `${publicBaseUrl()}/verify/${code}`,
    });
    certificates.push({ typeName: r.result, number, issuer, matterCode: r.matterCode, code, pdf, sha256: sha256Hex(pdf) });
  }
  // 事中事后核查: every commitment, and every material received now to be checked afterwards.
  const checks = service.materials.filter((x) => (x.handling === 'commitment' || x.checkedAfterDecision) && x.checkDepartment);
  return { today, verificationDue, certificates, checks };
}

/** The results' PDFs, kept before the decision's transaction (see keepFiles). */
const keepResultFiles = (ctx: WindowContext, p: PreparedResults) =>
  keepFiles(
    ctx.db,
    p.certificates.map((c) => ({ sha256: c.sha256, mediaType: 'application/pdf', bytes: c.pdf })),
  );

/** Issues every result of the package at once, into the certificate store, and opens the post-decision checks. */
async function issueResults(trx: Db, row: ApplicationRow, p: PreparedResults): Promise<Array<{ typeName: string; number: string }>> {
  if (p.certificates.length)
    await trx
      .insertInto('window_certificates')
      .values(
        p.certificates.map((c) => ({
          region_code: row.region_code,
          holder_id: row.holder_id,
          holder_name: row.holder_name,
          type_code: c.typeName,
          type_name: c.typeName,
          number: c.number,
          issuer: c.issuer,
          issued_on: p.today,
          valid_until: null,
          source: 'zaizao',
          source_system: 'zaizao',
          application_id: row.id,
          verification_code: c.code,
          content_sha256: c.sha256,
          data: JSON.stringify({ matterCode: c.matterCode }),
        })) as never,
      )
      .execute();
  if (p.checks.length)
    await trx
      .insertInto('window_verifications')
      .values(
        p.checks.map((m) => ({
          application_id: row.id,
          region_code: row.region_code,
          material_code: m.code,
          material_name: m.name,
          kind: m.handling === 'commitment' ? 'commitment' : 'checked_after_decision',
          department_code: m.checkDepartment!,
          due_date: p.verificationDue,
        })) as never,
      )
      .onConflict((oc) => oc.columns(['application_id', 'material_code']).doNothing())
      .execute();
  return p.certificates.map((c) => ({ typeName: c.typeName, number: c.number }));
}
