// The window clerk's decisions on an application, each with its notice (printed in
// print.ts): accept (受理, the instance of the service's process starts and the joint intake
// task is done by this decision), one supplement notice (一次性告知: every missing or
// defective item at once, only items of the published list), accept with named non-key
// items deferred (容缺受理), or reject (不予受理) with reason and legal basis.
import { sql } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import { sendRatingLink } from '../rating/notice.js';
import { visitForApplication } from '../rating/visits.js';
import { shanghaiDate } from '../calendar/index.js';
import type { Actor } from '../org/model.js';
import { promisedDate } from './clock.js';
import { materialsToHandIn } from './applications.js';
import { WindowError, type DeferredItem, type SupplementItem } from './model.js';
import { JOINT_INTAKE } from './service.js';
import { loadService } from './services.js';
import { assertClerk, assertStatus, loadApplication, logEvent, notify, type WindowContext } from './store.js';
import { dateProvisional } from './provisional-dates.js';

/** 《中华人民共和国行政许可法》第三十二条 — the basis every intake notice cites. */
export const INTAKE_BASIS = '《中华人民共和国行政许可法》第三十二条';

export interface AcceptInput {
  /** 容缺受理: non-key materials accepted as missing, each with the date to supply it. */
  deferred?: Array<{ materialCode: string; dueDate: string }>;
}

/** Accepts an application: completeness against the published list only; the process starts. */
export async function acceptApplication(
  ctx: WindowContext,
  actor: Actor,
  id: number,
  input: AcceptInput = {},
): Promise<{ promisedDate: string; instanceId: string; notice: number }> {
  const row0 = await loadApplication(ctx.db, actor, id);
  assertClerk(actor, row0);
  assertStatus(row0, ['submitted'], { zh: '受理', en: 'accept it' });
  const service = await loadService(ctx.db, Number(row0.bundle_id), row0.bundle_version);
  const { handIn } = await materialsToHandIn(ctx, service, row0.holder_id);
  const present = new Set((await ctx.db.selectFrom('window_application_materials').select('material_code').where('application_id', '=', id).execute()).map((m) => m.material_code));
  const now = ctx.now();
  const today = shanghaiDate(now);
  const deferred: DeferredItem[] = [];
  for (const d of input.deferred ?? []) {
    const m = service.materials.find((x) => x.code === d.materialCode);
    if (!m)
      throw new WindowError(
        'invalid',
        { zh: `材料 ${d.materialCode} 不在本服务公布的材料清单中`, en: `material ${d.materialCode} is not on the service’s published list` },
        { materialCode: d.materialCode },
      );
    if (m.key)
      throw new WindowError(
        'invalid',
        { zh: `「${m.name}」是决定前要审查的关键材料，不能容缺`, en: `“${m.name}” is examined before the decision and cannot be deferred` },
        { materialCode: d.materialCode },
      );
    if (!(d.dueDate > today))
      throw new WindowError('invalid', { zh: `「${m.name}」的补交日期应晚于今天`, en: `the date to supply “${m.name}” must be after today` }, { materialCode: d.materialCode });
    deferred.push({ materialCode: m.code, name: m.name, dueDate: d.dueDate, suppliedAt: null });
  }
  const deferredCodes = new Set(deferred.map((d) => d.materialCode));
  const missing = handIn.filter((m) => m.required && !present.has(m.code) && !deferredCodes.has(m.code));
  if (missing.length) {
    throw new WindowError(
      'invalid',
      {
        zh: `材料不齐，不能受理：${missing.map((m) => m.name).join('、')}（请一次性告知）`,
        en: `materials missing, cannot accept: ${missing.map((m) => m.code).join(', ')} (send the supplement notice)`,
      },
      { missing: missing.map((m) => ({ materialCode: m.code, name: m.name })) },
    );
  }
  const promised = promisedDate(ctx.calendar, now, service.promisedWorkdays);
  // The engine writes in transactions of its own: the instance starts first; if the decision
  // cannot be saved after all (another clerk got there first), the instance is cancelled.
  const variables = { applicationId: id, receiptNo: row0.receipt_no, serviceCode: service.serviceCode };
  const started = await ctx.engine.startWithTasks(service.processKey, {
    regionCode: service.regionCode,
    deploymentId: service.deploymentId,
    businessKey: row0.receipt_no ?? String(id),
    variables,
    actor,
  });
  try {
    const intake = started.tasksCreated.find((t) => t.elementId === JOINT_INTAKE);
    if (intake) await ctx.engine.completeTask(intake.id, { actor, variables: { accepted: true } });
    const notice = await ctx.db.transaction().execute(async (trx) => {
      const row = await loadApplication(trx, actor, id, { forUpdate: true });
      assertStatus(row, ['submitted'], { zh: '受理', en: 'accept it' });
      await trx
        .updateTable('window_applications')
        .set({ status: 'accepted', accepted_at: now, promised_date: promised, instance_id: started.id, deferred: JSON.stringify(deferred), updated_at: now } as never)
        .where('id', '=', id)
        .execute();
      const body = {
        receiptNo: row.receipt_no,
        serviceName: row.service_name,
        holderName: row.holder_name,
        promisedDate: promised,
        promisedWorkdays: service.promisedWorkdays,
        ...(dateProvisional(ctx.calendar, now, promised) ? { promisedDateProvisional: true } : {}),
        deferred,
        legalBasis: INTAKE_BASIS,
      };
      const n = await trx
        .insertInto('window_notices')
        .values({ application_id: id, region_code: row.region_code, kind: 'acceptance', body: JSON.stringify(body), issued_by: actor.username, issued_at: now } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      await logEvent(trx, row, 'application.accepted', now, actor, { promisedDate: promised, instanceId: started.id, deferred: deferred.map((d) => d.materialCode) });
      await recordAudit(trx, {
        actor,
        action: 'window.application.accept',
        entity: 'window_application',
        entityId: id,
        regionCode: row.region_code,
        before: { status: row.status },
        after: { status: 'accepted', promisedDate: promised, instanceId: started.id, deferred },
      });
      // Someone handed it in at the counter: the acceptance is their visit, rated on the window's pad.
      if (row.channel === 'counter')
        await visitForApplication(
          trx,
          actor,
          {
            id: Number(row.id),
            region_code: row.region_code,
            service_code: row.service_code,
            service_name: row.service_name,
            applicant_id: row.applicant_id ? Number(row.applicant_id) : null,
            applicant_name: row.applicant_name,
          },
          now,
        );
      await notify(
        trx,
        row,
        '申请已受理',
        `您的申请「${row.service_name}」（${row.receipt_no}）已受理，承诺办结日期 ${promised}。${deferred.length ? `请于期限内补交：${deferred.map((d) => `${d.name}（${d.dueDate} 前）`).join('、')}。` : ''}`,
        now,
      );
      return Number(n.id);
    });
    return { promisedDate: promised, instanceId: started.id, notice };
  } catch (err) {
    await ctx.engine.cancel(started.id, { actor, reason: 'intake decision not saved' }).catch(() => undefined);
    throw err;
  }
}

/**
 * One supplement notice (一次性告知): every missing or defective item at once. Only items of
 * the published list may be asked for. A second notice on the same application is refused
 * unless the resubmission changed items (it names them). The intake clock stops until the
 * applicant resubmits.
 */
export async function requestSupplement(ctx: WindowContext, actor: Actor, id: number, items: SupplementItem[]): Promise<{ notice: number; changedSinceLastNotice: string[] }> {
  if (items.length === 0) throw new WindowError('invalid', { zh: '一次性告知至少要列出一项材料', en: 'a supplement notice lists at least one item' });
  const row0 = await loadApplication(ctx.db, actor, id);
  assertClerk(actor, row0);
  const service = await loadService(ctx.db, Number(row0.bundle_id), row0.bundle_version);
  const seen = new Set<string>();
  for (const it of items) {
    const m = service.materials.find((x) => x.code === it.materialCode);
    if (!m || m.handling === 'commitment') {
      throw new WindowError(
        'invalid',
        { zh: `不能要求补正公布清单以外的材料：${it.materialCode}`, en: `a material outside the published list cannot be requested: ${it.materialCode}` },
        { materialCode: it.materialCode },
      );
    }
    if (seen.has(it.materialCode))
      throw new WindowError('invalid', { zh: `材料 ${it.materialCode} 列了两次`, en: `material ${it.materialCode} is listed twice` }, { materialCode: it.materialCode });
    seen.add(it.materialCode);
    if (!it.reason.trim())
      throw new WindowError('invalid', { zh: `请说明材料「${m.name}」缺少或不符合要求的原因`, en: `give the reason for material “${m.name}”` }, { materialCode: it.materialCode });
  }
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await loadApplication(trx, actor, id, { forUpdate: true });
    assertStatus(row, ['submitted'], { zh: '发出补正告知', en: 'send a supplement notice' });
    let changed: string[] = [];
    if (row.supplement_rounds > 0) {
      // Items the applicant changed in answer to the last notice (uploaded in its round).
      const rows = await trx
        .selectFrom('window_application_materials')
        .select('material_code')
        .where('application_id', '=', id)
        .where('round', '=', row.supplement_rounds)
        .where('source', '<>', 'shared')
        .execute();
      const formChanged = await trx
        .selectFrom('window_events')
        .select('id')
        .where('application_id', '=', id)
        .where('type', '=', 'form.updated')
        .where(sql<boolean>`data @> ${JSON.stringify({ round: row.supplement_rounds })}::jsonb`)
        .executeTakeFirst();
      changed = rows.map((r) => r.material_code);
      if (formChanged) changed.push('form');
      if (changed.length === 0) {
        throw new WindowError('conflict', {
          zh: '已发出过一次性告知，申请人补正后未更改任何材料，不能再次告知',
          en: 'a supplement notice was sent already and the resubmission changed nothing; a second notice is refused',
        });
      }
      const unchangedAsked = items.filter((it) => !changed.includes(it.materialCode));
      if (unchangedAsked.length) {
        throw new WindowError(
          'conflict',
          {
            zh: `第二次告知只能针对补正后更改的材料（${changed.join('、')}），不能再要求：${unchangedAsked.map((i) => i.materialCode).join('、')}`,
            en: `a second notice may name only items the resubmission changed (${changed.join(', ')}), not: ${unchangedAsked.map((i) => i.materialCode).join(', ')}`,
          },
          { changed, refused: unchangedAsked.map((i) => i.materialCode) },
        );
      }
    }
    const round = row.supplement_rounds + 1;
    const named = items.map((it) => ({
      materialCode: it.materialCode,
      name: service.materials.find((m) => m.code === it.materialCode)!.name,
      reason: it.reason.trim().slice(0, 500),
    }));
    await trx
      .updateTable('window_applications')
      .set({ status: 'supplementing', supplement_rounds: round, paused_since: now, updated_at: now } as never)
      .where('id', '=', id)
      .execute();
    const body = {
      receiptNo: row.receipt_no,
      serviceName: row.service_name,
      holderName: row.holder_name,
      round,
      items: named,
      changedSinceLastNotice: changed,
      legalBasis: INTAKE_BASIS,
    };
    const n = await trx
      .insertInto('window_notices')
      .values({ application_id: id, region_code: row.region_code, kind: 'supplement', body: JSON.stringify(body), issued_by: actor.username, issued_at: now } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await logEvent(trx, row, 'supplement.requested', now, actor, { round, items: named.map((i) => i.materialCode), changedSinceLastNotice: changed });
    await recordAudit(trx, {
      actor,
      action: 'window.application.supplement',
      entity: 'window_application',
      entityId: id,
      regionCode: row.region_code,
      before: { status: row.status },
      after: { status: 'supplementing', round, items: named },
    });
    await notify(
      trx,
      row,
      '请补正材料（一次性告知）',
      `您的申请（${row.receipt_no}）需补正：${named.map((i) => `${i.name}：${i.reason}`).join('；')}。补正期间办理时限暂停计算。`,
      now,
    );
    return { notice: Number(n.id), changedSinceLastNotice: changed };
  });
}

/** Rejects an application on intake, with the reason and its legal basis. */
export async function rejectApplication(ctx: WindowContext, actor: Actor, id: number, input: { reason: string; legalBasis: string }): Promise<{ notice: number }> {
  if (!input.reason.trim() || !input.legalBasis.trim())
    throw new WindowError(
      'invalid',
      { zh: '不予受理须写明理由和法律依据', en: 'a rejection needs a reason and its legal basis' },
      { problems: [{ field: input.reason.trim() ? 'legalBasis' : 'reason' }] },
    );
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await loadApplication(trx, actor, id, { forUpdate: true });
    assertClerk(actor, row);
    assertStatus(row, ['submitted', 'supplementing'], { zh: '不予受理', en: 'reject it' });
    const rejection = { reason: input.reason.trim().slice(0, 1000), legalBasis: input.legalBasis.trim().slice(0, 500) };
    await trx
      .updateTable('window_applications')
      .set({ status: 'rejected', rejection: JSON.stringify(rejection), concluded_at: now, paused_since: null, updated_at: now } as never)
      .where('id', '=', id)
      .execute();
    const body = {
      receiptNo: row.receipt_no,
      serviceName: row.service_name,
      holderName: row.holder_name,
      ...rejection,
      remedy: '如不服本决定，可以自收到本通知书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。',
    };
    const n = await trx
      .insertInto('window_notices')
      .values({ application_id: id, region_code: row.region_code, kind: 'rejection', body: JSON.stringify(body), issued_by: actor.username, issued_at: now } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await logEvent(trx, row, 'application.rejected', now, actor, rejection);
    await recordAudit(trx, {
      actor,
      action: 'window.application.reject',
      entity: 'window_application',
      entityId: id,
      regionCode: row.region_code,
      before: { status: row.status },
      after: { status: 'rejected', ...rejection },
    });
    await notify(trx, row, '不予受理通知', `您的申请（${row.receipt_no}）不予受理：${rejection.reason}（依据：${rejection.legalBasis}）。`, now);
    if (row.applicant_id)
      await sendRatingLink(trx, { kind: 'application', id: Number(row.id), regionCode: row.region_code, recipientId: Number(row.applicant_id), name: row.service_name }, now);
    return { notice: Number(n.id) };
  });
}
