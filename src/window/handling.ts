// A supplement during handling (受理后补正): an officer at a step of an accepted application
// tells the applicant, once and in full, what their step still needs — only materials of the
// published list that their department uses. The promised-time clock stops (its steps'
// clocks too) until the applicant answers in the portal; the working days it stood still
// (platform calendar) move the promised date on. The timeline keeps both ends of the pause.
import { recordAudit } from '../audit/trail.js';
import { sendNotice } from '../org/notices.js';
import type { Actor } from '../org/model.js';
import { isApplicant } from '../org/scope.js';
import { pausedWorkdays, type ClockPause } from './clock.js';
import { WindowError, type SupplementItem } from './model.js';
import { departmentView } from './service.js';
import { loadService } from './services.js';
import { assertStatus, iso, json, loadApplication, logEvent, notify, type WindowContext } from './store.js';
import { loadTask } from './task-detail.js';
import { openHandlingSupplement, type HandlingSupplement } from './handling-supplement.js';

/** The legal basis the handling supplement notice cites (申请人如实提交材料；补正期间不计入承诺时限). */
export const HANDLING_BASIS = '《中华人民共和国行政许可法》第三十一条、第四十二条；《优化营商环境条例》第四十条';

/** An officer asks, at their step, for the items their department needs; the clock stops. */
export async function requestHandlingSupplement(ctx: WindowContext, actor: Actor, taskId: string, items: SupplementItem[]): Promise<{ notice: number; applicationId: number }> {
  if (items.length === 0) throw new WindowError('invalid', { zh: '补正告知至少要列出一项材料', en: 'a supplement notice lists at least one item' });
  const { task, app, department } = await loadTask(ctx, actor, taskId);
  if (task.status !== 'open') throw new WindowError('conflict', { zh: `待办 ${taskId} 已办理`, en: `task ${taskId} is already ${task.status}` });
  const service = await loadService(ctx.db, Number(app.bundle_id), app.bundle_version);
  const lead = department === null || department === service.leadDepartmentCode;
  const mine = new Set(departmentView(service.draft, lead ? null : department).materials);
  const seen = new Set<string>();
  const named: HandlingSupplement['items'] = [];
  for (const it of items) {
    const m = service.materials.find((x) => x.code === it.materialCode);
    if (!m || m.handling === 'commitment')
      throw new WindowError(
        'invalid',
        { zh: `不能要求补正公布清单以外的材料：${it.materialCode}`, en: `a material outside the published list cannot be requested: ${it.materialCode}` },
        { materialCode: it.materialCode },
      );
    if (m.handling === 'shared')
      throw new WindowError(
        'invalid',
        { zh: `材料「${m.name}」通过数据共享获取，不能要求申请人提交`, en: `material “${m.name}” is obtained by data sharing; it cannot be asked of the applicant` },
        { materialCode: it.materialCode },
      );
    if (!mine.has(m.code))
      throw new WindowError(
        'invalid',
        { zh: `材料「${m.name}」不是本部门审查的材料，不能要求补正`, en: `material “${m.name}” is not one your department examines` },
        { materialCode: it.materialCode },
      );
    if (seen.has(m.code)) throw new WindowError('invalid', { zh: `材料 ${m.code} 列了两次`, en: `material ${m.code} is listed twice` }, { materialCode: m.code });
    seen.add(m.code);
    const reason = it.reason.trim();
    if (!reason) throw new WindowError('invalid', { zh: `请说明材料「${m.name}」需要补正的原因`, en: `give the reason for material “${m.name}”` }, { materialCode: m.code });
    named.push({ materialCode: m.code, name: m.name, reason: reason.slice(0, 500) });
  }
  const departmentName = department ? ((await ctx.db.selectFrom('departments').select('name').where('code', '=', department).executeTakeFirst())?.name ?? department) : null;
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await loadApplication(trx, actor, Number(app.id), { forUpdate: true });
    assertStatus(row, ['accepted'], { zh: '在办理中要求补正', en: 'ask for a supplement during handling' });
    if (openHandlingSupplement(row))
      throw new WindowError('conflict', { zh: `申请 ${row.id} 正在等待申请人补正，不能再次告知`, en: `application ${row.id} is already waiting for a supplement` });
    const round = row.supplement_rounds + 1;
    const stepName = task.name ?? task.element_id;
    const request: HandlingSupplement = { taskId, stepName, department, items: named, round, since: iso(now)!, askedBy: actor.username };
    const pauses = [...json<ClockPause[]>(row.handling_pauses), { from: iso(now)!, to: null, workdays: 0 }];
    await trx
      .updateTable('window_applications')
      .set({ handling_supplement: JSON.stringify(request), handling_pauses: JSON.stringify(pauses), paused_since: now, supplement_rounds: round, updated_at: now } as never)
      .where('id', '=', row.id)
      .execute();
    const body = {
      phase: 'handling',
      receiptNo: row.receipt_no,
      serviceName: row.service_name,
      holderName: row.holder_name,
      round,
      items: named,
      taskId,
      stepName,
      department: departmentName,
      legalBasis: HANDLING_BASIS,
    };
    const n = await trx
      .insertInto('window_notices')
      .values({ application_id: row.id, region_code: row.region_code, kind: 'supplement', body: JSON.stringify(body), issued_by: actor.username, issued_at: now } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await logEvent(trx, row, 'handling.supplement.requested', now, actor, { taskId, step: stepName, department, round, items: named.map((i) => i.materialCode) });
    await recordAudit(trx, {
      actor,
      action: 'window.application.handling_supplement',
      entity: 'window_application',
      entityId: row.id,
      regionCode: row.region_code,
      after: { taskId, round, items: named, clockStoppedAt: iso(now) },
    });
    await notify(
      trx,
      row,
      '请补正材料（办理中一次性告知）',
      `您的申请（${row.receipt_no}）在「${stepName}」环节需补正：${named.map((i) => `${i.name}：${i.reason}`).join('；')}。补正期间承诺办结时限暂停计算。`,
      now,
    );
    return { notice: Number(n.id), applicationId: Number(row.id) };
  });
}

/**
 * The applicant (or the window for a counter application) hands in what was asked and
 * resubmits: every item must have a file of this round. The clock resumes; the promised date
 * moves on by the working days it stood still.
 */
export async function answerHandlingSupplement(ctx: WindowContext, actor: Actor, id: number): Promise<{ receiptNo: string; promisedDate: string; pausedWorkdays: number }> {
  const now = ctx.now();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const row = await loadApplication(trx, actor, id, { forUpdate: true });
    if (isApplicant(actor) ? Number(row.applicant_id) !== actor.userId : !['window_clerk', 'admin'].includes(actor.role)) {
      throw new WindowError('forbidden', { zh: '只有申请人或窗口人员可以提交补正', en: 'only the applicant or the window hands in a supplement' });
    }
    const open = openHandlingSupplement(row);
    if (!open) throw new WindowError('conflict', { zh: `申请 ${row.id} 没有待补正的材料`, en: `application ${row.id} is not waiting for a supplement` }, { status: row.status });
    const fresh = new Set(
      (await trx.selectFrom('window_application_materials').select('material_code').where('application_id', '=', row.id).where('round', '=', open.round).execute()).map(
        (m) => m.material_code,
      ),
    );
    const missing = open.items.filter((i) => !fresh.has(i.materialCode));
    if (missing.length)
      throw new WindowError(
        'invalid',
        { zh: `尚未补正：${missing.map((m) => m.name).join('、')}`, en: `not supplied yet: ${missing.map((m) => m.materialCode).join(', ')}` },
        { missing },
      );
    const days = pausedWorkdays(ctx.calendar, new Date(open.since), now);
    const promised = row.promised_date ? ctx.calendar.addWorkdays(row.promised_date, days) : null;
    const pauses = json<ClockPause[]>(row.handling_pauses).map((p) => (p.to === null ? { ...p, to: iso(now)!, workdays: days } : p));
    await trx
      .updateTable('window_applications')
      .set({ handling_supplement: null, handling_pauses: JSON.stringify(pauses), paused_since: null, promised_date: promised, updated_at: now } as never)
      .where('id', '=', row.id)
      .execute();
    await logEvent(trx, row, 'handling.supplement.answered', now, actor, { taskId: open.taskId, round: open.round, pausedWorkdays: days, promisedDate: promised });
    await recordAudit(trx, {
      actor,
      action: 'window.application.handling_resubmit',
      entity: 'window_application',
      entityId: row.id,
      regionCode: row.region_code,
      before: { promisedDate: row.promised_date },
      after: { promisedDate: promised, pausedWorkdays: days, round: open.round },
    });
    if (open.department)
      await sendNotice(trx, {
        regionCode: row.region_code,
        departments: [open.department],
        subject: `申请人已补正：${row.service_name}`,
        body: `申请 ${row.receipt_no} 已补正「${open.stepName}」环节要求的材料，计时恢复，承诺办结日期顺延至 ${promised}。`,
        entity: 'window_application',
        entityId: row.id,
      });
    await notify(trx, row, '补正材料已提交', `您的申请（${row.receipt_no}）补正材料已提交，办理继续，承诺办结日期顺延至 ${promised}。`, now);
    return { receiptNo: row.receipt_no ?? String(row.id), promisedDate: promised ?? '', pausedWorkdays: days };
  });
  return result;
}
