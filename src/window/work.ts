// The departments' side: each accepted application is an instance of the service's process;
// its tasks are offered to departments (and the window): their worklist is ./worklist.ts, one
// task as a department sees it ./task-detail.ts. Completing a task is here: completing the
// joint decision issues the result package (./results.ts) and opens the post-decision checks;
// the result package task delivers it — held while deferred materials (容缺) are
// outstanding — and concludes the application.
import { recordAudit } from '../audit/trail.js';
import { ConflictError } from '../engine/errors.js';
import type { Actor } from '../org/model.js';
import { sendRatingLink } from '../rating/notice.js';
import { WindowError, type DeferredItem, type DeliveryMethod } from './model.js';
import { JOINT_DECISION, RESULT_PACKAGE } from './service.js';
import { loadService } from './services.js';
import { openHandlingSupplement } from './handling-supplement.js';
import { eventRows, iso, json, logEvent, notify, type ApplicationRow, type WindowContext } from './store.js';
import { loadTask } from './task-detail.js';
import { issueResults, keepResultFiles, prepareResults } from './results.js';

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
