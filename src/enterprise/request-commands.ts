// Requests (诉求) filed and moved: filed for an enterprise on its tier's targets, each a case of
// the closed loop (src/cases/enterprise-channel.ts) that moves with every step of its request.
import { recordAudit } from '../audit/trail.js';
import { loadCalendar } from '../calendar/store.js';
import type { Actor } from '../org/model.js';
import { advanceEnterpriseCase, openEnterpriseCase, type EnterpriseCaseStep } from '../cases/enterprise-channel.js';
import { forbidden, invalid, missingRequest, OFFICES, outOfScopeEnterprise, type Clocked } from './commands.js';
import { enterpriseFor } from './enterprises.js';
import { getRequest, requestBase, scopedRequests, type RequestView } from './request-views.js';
import { newRequestState, requestDeadlines, requestTransition, type RequestAction } from './requests.js';
import { tierOf } from './tiers.js';
import { countyOf, designationsOf, loadTierRules, requestColumns, requestStateOf, type Db } from './store.js';

/** Files a request for an enterprise: its account, its service officer or an office on its behalf. */
export async function fileRequest(db: Db, actor: Actor, input: { uscc: string; title: string; description: string }, clock: Clocked): Promise<RequestView> {
  const e = await enterpriseFor(db, actor, input.uscc);
  const mayFile = actor.role === 'applicant' ? e.contact_user_id === actor.userId : e.officer_id === actor.userId || OFFICES.has(actor.role);
  if (!mayFile) {
    if (actor.role === 'applicant') throw outOfScopeEnterprise(input.uscc);
    throw forbidden({ zh: '只有企业本身、其服务专员或改革办可以提交诉求', en: 'only the enterprise, its service officer or an office files its requests' });
  }
  const title = input.title.trim();
  const description = input.description.trim();
  if (!title) throw invalid({ zh: '请填写诉求标题', en: 'a title is required' }, { field: 'title' });
  if (!description) throw invalid({ zh: '请描述诉求', en: 'a description is required' }, { field: 'description' });
  const county = countyOf(e.region_code);
  const { rules } = await loadTierRules(db, county);
  const rule =
    rules.find((r) => r.tier === e.tier) ??
    tierOf(rules, { taxPaid: Number(e.tax_paid), employees: e.employees, outputValue: Number(e.output_value), designations: designationsOf(e.designations) });
  if (!rule) throw invalid({ zh: `企业 ${e.name} 没有分级，无法确定服务时限`, en: `enterprise ${e.name} has no tier: no service target applies` }, { code: 'no_tier' });
  const calendar = clock.calendar ?? (await loadCalendar(db, county));
  const state = newRequestState(requestDeadlines(calendar, clock.now, rule));
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('enterprise_requests')
      .values({
        uscc: e.uscc,
        region_code: e.region_code,
        tier: rule.tier,
        title,
        description,
        officer_id: e.officer_id,
        filed_by: actor.username,
        contact_due: state.contactDue,
        answer_due: state.answerDue,
        created_at: clock.now,
        updated_at: clock.now,
        ...requestColumns(state),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('enterprise_request_events').values({ request_id: row.id, at: clock.now, actor_name: actor.username, action: 'file', note: title }).execute();
    // The request is a case of the closed loop, dispatched to the officer's department on the tier's targets.
    const officer = e.officer_id === null ? null : await trx.selectFrom('users').select('department_id').where('id', '=', e.officer_id).executeTakeFirst();
    const caseId = await openEnterpriseCase(
      trx,
      actor,
      {
        requestId: row.id,
        uscc: e.uscc,
        tier: rule.tier,
        regionCode: e.region_code,
        title,
        description,
        reporterId: e.contact_user_id,
        reporterName: e.name,
        departmentId: officer?.department_id ?? null,
        due: { responseDue: state.contactDue, handleDue: state.answerDue },
      },
      clock.now,
    );
    await trx.updateTable('enterprise_requests').set({ case_id: caseId }).where('id', '=', row.id).execute();
    await recordAudit(trx, {
      actor,
      action: 'enterprise.request.file',
      entity: 'enterprise_request',
      entityId: row.id,
      regionCode: e.region_code,
      after: { uscc: e.uscc, tier: rule.tier, officerId: e.officer_id, contactDue: state.contactDue.toISOString(), caseId },
    });
    return row.id;
  });
  return getRequest(db, actor, id, clock.now, true);
}

export type RequestStep = { action: 'contact'; note?: string } | { action: 'answer'; answer: string } | { action: 'close' };

/** The officer contacts and answers; the enterprise closes (then rates through 好差评). */
export async function requestStep(db: Db, actor: Actor, id: number, step: RequestStep, clock: Clocked): Promise<RequestView> {
  await db.transaction().execute(async (trx) => {
    const row = await scopedRequests(actor, requestBase(trx).where('r.id', '=', id))
      .forUpdate('r')
      .executeTakeFirst();
    if (!row) throw await missingRequest(trx, id);
    const officerStep = step.action === 'contact' || step.action === 'answer';
    const allowed = officerStep ? row.officer_id === actor.userId || actor.role === 'admin' : row.contact_user_id === actor.userId || actor.role === 'admin';
    if (!allowed)
      throw forbidden(
        officerStep
          ? { zh: '只有该企业的服务专员可以办理', en: 'only the enterprise’s service officer handles its requests' }
          : { zh: '只有提出诉求的企业可以确认办结', en: 'only the enterprise closes its request' },
      );
    const action: RequestAction =
      step.action === 'contact' ? { type: 'contact', note: step.note ?? '' } : step.action === 'answer' ? { type: 'answer', answer: step.answer } : { type: 'close' };
    const before = requestStateOf(row);
    const next = requestTransition(before, action, clock.now);
    await trx
      .updateTable('enterprise_requests')
      .set({ ...requestColumns(next), updated_at: clock.now })
      .where('id', '=', id)
      .execute();
    const note = step.action === 'contact' ? (step.note ?? '') : step.action === 'answer' ? step.answer : '';
    await trx.insertInto('enterprise_request_events').values({ request_id: id, at: clock.now, actor_name: actor.username, action: step.action, note }).execute();
    if (row.case_id !== null) {
      const caseStep: EnterpriseCaseStep =
        step.action === 'contact' ? { step: 'contact', note } : step.action === 'answer' ? { step: 'answer', answer: next.answer } : { step: 'accept' };
      await advanceEnterpriseCase(trx, actor, Number(row.case_id), caseStep, clock.now);
    }
    await recordAudit(trx, {
      actor,
      action: `enterprise.request.${step.action}`,
      entity: 'enterprise_request',
      entityId: id,
      regionCode: row.region_code,
      before: { status: before.status },
      after: { status: next.status, late: step.action === 'contact' ? next.contactedLate : step.action === 'answer' ? next.answeredLate : null },
    });
  });
  return getRequest(db, actor, id, clock.now);
}
