// The enterprise channel of the closed loop: an enterprise's request (诉求, src/enterprise) is a
// case. Its deadlines come from the enterprise's tier (first contact → the response limit, the
// answer → the handling limit), it is dispatched to the service officer's department, and the
// enterprise service moves it: contact → respond, answer → handle, the enterprise's acceptance
// → the check and the close; a missed target escalates it (the department is told, then the
// leader's board). Its moves come only from here (takeStep refuses the channel), so the case
// and its request never disagree. Runs inside the caller's transaction.
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import type { Database } from '../store/schema.js';
import { shanghaiIso } from '../shared/time.js';
import { newCaseState, transition } from './lifecycle.js';
import { CaseError, type CaseAction, type CaseState, type Due } from './model.js';
import { countyOf } from './responsibility.js';
import { unitFor } from './units.js';
import { stateColumns, stateOf } from './store.js';

type Db = Kysely<Database>;

/** The county's category for enterprise requests: inactive, so Open311 and the report form never offer it. */
export const enterpriseCategory = (county: string) => `ent-${county}`;

export interface EnterpriseCaseInput {
  requestId: number;
  uscc: string;
  tier: string;
  regionCode: string;
  title: string;
  description: string;
  /** The enterprise's own account: the reporter, who follows the case. */
  reporterId: number | null;
  reporterName: string;
  /** The service officer's department: the unit the case is dispatched to (none: the case waits accepted). */
  departmentId: number | null;
  due: Due;
}

async function addEvent(trx: Db, caseId: number, regionCode: string, at: Date, actor: Actor | null, action: string, from: string | null, to: string, data: unknown): Promise<void> {
  await trx
    .insertInto('case_events')
    .values({
      case_id: caseId,
      region_code: regionCode,
      at,
      actor_id: actor && actor.userId > 0 ? actor.userId : null,
      actor_name: actor?.username ?? 'system',
      action,
      from_status: from,
      to_status: to,
      data: JSON.stringify(data),
    } as never)
    .execute();
}

/** Opens the case of a request just filed: accepted, and dispatched to the officer's department on the tier's deadlines. */
export async function openEnterpriseCase(trx: Db, actor: Actor, input: EnterpriseCaseInput, now: Date): Promise<number> {
  const county = countyOf(input.regionCode);
  const category = enterpriseCategory(county);
  await trx
    .insertInto('case_categories')
    .values({
      code: category,
      region_code: county,
      name_zh: '企业诉求',
      name_en: 'Enterprise request',
      description: '企业向服务专员提出的诉求',
      keywords: '',
      group_name: '企业服务',
      attributes: '[]',
      active: false,
    } as never)
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const unit = input.departmentId !== null ? await unitFor(trx, 'department', input.regionCode, input.departmentId) : null;
  let state: CaseState = { ...newCaseState(), responseDue: input.due.responseDue, handleDue: input.due.handleDue };
  if (unit) state = transition(state, { type: 'assign', unit, due: input.due }, { now, bounceThreshold: Number.MAX_SAFE_INTEGER });
  const row = await trx
    .insertInto('cases')
    .values({
      region_code: input.regionCode,
      category_code: category,
      channel: 'enterprise',
      urgency: 'normal',
      description: `${input.title}：${input.description}`.slice(0, 4000),
      address: '',
      lat: null,
      lng: null,
      attributes: JSON.stringify({ enterpriseRequestId: input.requestId, uscc: input.uscc, tier: input.tier }),
      media_url: null,
      reporter_id: input.reporterId,
      reporter_name: input.reporterName,
      reporter_phone: null,
      reported_at: now,
      updated_at: now,
      ...stateColumns(state),
    } as never)
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = row.id;
  await addEvent(trx, id, input.regionCode, now, actor, 'report', null, 'accepted', { channel: 'enterprise', category, requestId: input.requestId, tier: input.tier });
  if (unit)
    await addEvent(trx, id, input.regionCode, now, null, 'assign', 'accepted', 'assigned', {
      unit,
      automatic: true,
      responseDue: shanghaiIso(input.due.responseDue),
      handleDue: shanghaiIso(input.due.handleDue),
    });
  await recordAudit(trx, {
    actor,
    action: 'case.report',
    entity: 'case',
    entityId: id,
    regionCode: input.regionCode,
    after: { category, channel: 'enterprise', requestId: input.requestId, unit: unit?.name ?? null },
  });
  return id;
}

/** What the enterprise service does to a request, as it reaches the request's case. */
export type EnterpriseCaseStep =
  | { step: 'contact'; note: string }
  | { step: 'answer'; answer: string }
  | { step: 'accept' }
  | { step: 'evaluate'; satisfaction: number }
  | { step: 'escalate'; rung: 'department' | 'leader'; missed: 'contact' | 'answer' };

/** The lifecycle actions a step takes on the case, in order (none when the case is not where the step applies). */
function actionsFor(state: CaseState, s: EnterpriseCaseStep): CaseAction[] {
  switch (s.step) {
    case 'contact':
      return state.status === 'assigned' ? [{ type: 'respond' }] : [];
    case 'answer':
      return state.status === 'handling' ? [{ type: 'handle', feedback: s.answer }] : [];
    case 'accept':
      // The enterprise's acceptance of the answer is the loop's check (by the reporter), then the close.
      return state.status === 'checking'
        ? [
            { type: 'check', passed: true, note: '企业确认办结' },
            { type: 'close', note: '企业确认办结' },
          ]
        : [];
    case 'evaluate':
      // The enterprise's 好差评 level (1–5) is the case's satisfaction: the closed loop's 满意率 counts it.
      return state.status === 'closed' ? [{ type: 'evaluate', satisfaction: s.satisfaction, comment: '' }] : [];
    case 'escalate':
      return s.rung === 'leader' && !state.leaderFlagged && (state.status === 'assigned' || state.status === 'handling')
        ? [{ type: 'flag_leader', reason: `overdue:${s.missed}` }]
        : [];
  }
}

/**
 * Moves a request's case one step (inside the caller's transaction): each lifecycle action is
 * an event of the case and an audit row. A case without a unit (an officer of no department)
 * records the step as an event without a move.
 */
export async function advanceEnterpriseCase(trx: Db, actor: Actor | null, caseId: number, s: EnterpriseCaseStep, now: Date): Promise<void> {
  const row = await trx.selectFrom('cases').selectAll().where('id', '=', caseId).forUpdate().executeTakeFirst();
  if (!row || row.channel !== 'enterprise') throw new CaseError('not_found', { zh: `未找到企业诉求案件：${caseId}`, en: `enterprise case not found: ${caseId}` });
  let state = stateOf(row);
  const before = state;
  const actions = actionsFor(state, s);
  const data =
    s.step === 'escalate'
      ? { rung: s.rung, missed: s.missed, automatic: true }
      : s.step === 'answer'
        ? { feedback: s.answer }
        : s.step === 'contact'
          ? { note: s.note }
          : s.step === 'evaluate'
            ? { satisfaction: s.satisfaction }
            : {};
  if (!actions.length) {
    // Recorded all the same: the department told (no rung of the case's own), or a case without a unit.
    const escalations = s.step === 'escalate' ? state.escalations + 1 : state.escalations;
    await trx
      .updateTable('cases')
      .set({ escalations, updated_at: now, revision: row.revision + 1 } as never)
      .where('id', '=', caseId)
      .execute();
    await addEvent(trx, caseId, row.region_code, now, actor, `enterprise.${s.step}`, state.status, state.status, data);
    await recordAudit(trx, { actor, action: `case.enterprise.${s.step}`, entity: 'case', entityId: caseId, regionCode: row.region_code, after: { status: state.status, ...data } });
    return;
  }
  for (const action of actions) {
    const next = transition(state, action, { now, bounceThreshold: Number.MAX_SAFE_INTEGER });
    await addEvent(trx, caseId, row.region_code, now, actor, action.type, state.status, next.status, { ...data, channel: 'enterprise' });
    state = next;
  }
  await trx
    .updateTable('cases')
    .set({ ...stateColumns(state), updated_at: now, revision: row.revision + 1 } as never)
    .where('id', '=', caseId)
    .execute();
  await recordAudit(trx, {
    actor,
    action: `case.enterprise.${s.step}`,
    entity: 'case',
    entityId: caseId,
    regionCode: row.region_code,
    before: { status: before.status },
    after: { status: state.status, ...data },
  });
}
