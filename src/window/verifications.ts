// 事中事后核查: after the decision a department checks what the commitment letter replaced
// and what it received to check afterwards. A false commitment revokes the results of the
// application and enters a credit record of the holder (国办发〔2020〕42号).
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { regionPattern, regionVisible } from '../org/scope.js';
import { WindowError } from './model.js';
import { actorDepartmentCode, iso, logEvent, notify, type WindowContext } from './store.js';

async function checkerDepartment(ctx: WindowContext, actor: Actor): Promise<string | null> {
  if (actor.role === 'admin') return null;
  if (actor.role !== 'department_officer') throw new WindowError('forbidden', { zh: '事中事后核查由部门审批人员办理', en: 'post-decision checks are done by department officers' });
  const code = await actorDepartmentCode(ctx.db, actor);
  if (!code) throw new WindowError('forbidden', { zh: '您不属于任何部门', en: 'you belong to no department' });
  return code;
}

/** Open checks of the caller's department, soonest due first. */
export async function openVerifications(ctx: WindowContext, actor: Actor, limit = 100) {
  const dept = await checkerDepartment(ctx, actor);
  let q = ctx.db
    .selectFrom('window_verifications as v')
    .innerJoin('window_applications as a', 'a.id', 'v.application_id')
    .select(['v.id', 'v.application_id', 'v.material_code', 'v.material_name', 'v.kind', 'v.department_code', 'v.due_date', 'a.receipt_no', 'a.holder_name', 'a.service_name'])
    .where('v.status', '=', 'open')
    .where('v.region_code', 'like', regionPattern(actor));
  if (dept) q = q.where('v.department_code', '=', dept);
  const rows = await q
    .orderBy('v.due_date')
    .orderBy('v.id')
    .limit(Math.min(Math.max(limit, 1), 200))
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    applicationId: Number(r.application_id),
    materialCode: r.material_code,
    materialName: r.material_name,
    kind: r.kind,
    departmentCode: r.department_code,
    dueDate: r.due_date,
    receiptNo: r.receipt_no,
    holderName: r.holder_name,
    serviceName: r.service_name,
  }));
}

/** Closes a check: confirmed, or a false commitment (the results are revoked, a credit record is made). */
export async function closeVerification(
  ctx: WindowContext,
  actor: Actor,
  id: number,
  input: { outcome: 'confirmed' | 'false_commitment'; finding: string },
): Promise<{ revoked: number }> {
  const dept = await checkerDepartment(ctx, actor);
  if (!input.finding.trim()) throw new WindowError('invalid', { zh: '请写明核查结论', en: 'write down the finding' }, { problems: [{ field: 'finding' }] });
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const v = await trx.selectFrom('window_verifications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!v || !regionVisible(actor, v.region_code) || (dept && v.department_code !== dept))
      throw new WindowError('not_found', { zh: `未找到核查任务 ${id}`, en: `check ${id} not found` });
    if (v.status !== 'open') throw new WindowError('conflict', { zh: `核查任务 ${id} 已办结`, en: `check ${id} is closed already` });
    const finding = input.finding.trim().slice(0, 1000);
    await trx
      .updateTable('window_verifications')
      .set({ status: input.outcome, finding, closed_by: actor.username, closed_at: now } as never)
      .where('id', '=', id)
      .execute();
    const app = await trx.selectFrom('window_applications').selectAll().where('id', '=', v.application_id).executeTakeFirstOrThrow();
    let revoked = 0;
    if (input.outcome === 'false_commitment') {
      const r = await trx
        .updateTable('window_certificates')
        .set({ status: 'revoked' } as never)
        .where('application_id', '=', app.id)
        .where('status', '=', 'valid')
        .executeTakeFirst();
      revoked = Number(r.numUpdatedRows);
      await trx
        .insertInto('window_credit_records')
        .values({
          region_code: app.region_code,
          holder_id: app.holder_id,
          holder_name: app.holder_name,
          application_id: app.id,
          reason: `不实承诺：${v.material_name}。${finding}`,
          recorded_by: actor.username,
          recorded_at: now,
        } as never)
        .execute();
      await notify(trx, app, '承诺不实，许可已撤销', `经核查，您在申请（${app.receipt_no}）中关于「${v.material_name}」的承诺不实，相关证照已撤销并记入信用记录。`, now);
    }
    await logEvent(trx, app, input.outcome === 'confirmed' ? 'verification.confirmed' : 'verification.false_commitment', now, actor, { materialCode: v.material_code, revoked });
    await recordAudit(trx, {
      actor,
      action: 'window.verification.close',
      entity: 'window_verification',
      entityId: id,
      regionCode: v.region_code,
      before: { status: 'open' },
      after: { status: input.outcome, finding, revoked, at: iso(now) },
    });
    return { revoked };
  });
}
