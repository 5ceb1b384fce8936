// The steps users take on a case — dispatch (assign), respond, return, escalate, handle, check,
// close, evaluate — each checked against the caller's permissions and the lifecycle, written with
// its event and audit row in one transaction.
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { sendRatingLink } from '../rating/notice.js';
import { accessView, addEvent, calendarFor, forbiddenStep, lockedCase, newDeadlines, outOfScope, savePhotos, write, type Clocked } from './commands.js';
import { nextTier, transition } from './lifecycle.js';
import { dueFrom, findLimit } from './limits.js';
import { CaseError, type CaseAction, type Tier } from './model.js';
import { mayTake } from './permissions.js';
import { decodePhotos } from './photos.js';
import { getCase } from './queries.js';
import { countyOf, findResponsibility } from './responsibility.js';
import { commandTransaction, loadResponsibilities, loadSettings, loadTimeLimits, stateOf, type CaseDetail, type Db } from './store.js';
import { unitFor } from './units.js';

/** The steps a user takes on a case (what the API's `action` field names). */
export type StepInput =
  | { action: 'assign'; tier: Tier; departmentId?: number }
  | { action: 'respond' }
  | { action: 'return'; reason: string }
  | { action: 'escalate'; reason: string; departmentId?: number }
  | { action: 'handle'; feedback: string; photos?: string[] }
  | { action: 'check'; passed: boolean; note: string; photos?: string[] }
  | { action: 'close'; note?: string }
  | { action: 'evaluate'; satisfaction: number; comment?: string };

/** Takes one step on a case for the caller. */
export async function takeStep(db: Db, actor: Actor, id: number, input: StepInput, clock: Clocked): Promise<CaseDetail> {
  const now = clock.now;
  const photos = 'photos' in input && input.photos ? decodePhotos(input.photos) : [];
  await commandTransaction(db, 'cases', async (trx) => {
    const row = await lockedCase(trx, id);
    const view = await accessView(trx, row);
    if (!mayTake(actor, view, 'read')) throw outOfScope(id);
    if (!mayTake(actor, view, input.action)) throw forbiddenStep(input.action);
    // An enterprise's request moves with its request (enterprise-channel.ts), never on its own.
    if (row.channel === 'enterprise')
      throw new CaseError(
        'conflict',
        { zh: '企业诉求案件由服务专员在企业诉求中办理', en: 'an enterprise request’s case moves with the request (enterprise service)' },
        { channel: 'enterprise' },
      );
    const county = countyOf(row.region_code);
    const settings = await loadSettings(trx, county);
    const state = stateOf(row);
    const limitsFor = async (tier: Tier) =>
      dueFrom(await calendarFor(trx, clock, county), now, findLimit(await loadTimeLimits(trx, county), row.category_code, tier, row.region_code), row.urgency === 'urgent');
    let action: CaseAction;
    let data: Record<string, unknown> = {};
    switch (input.action) {
      case 'assign': {
        const unit = await unitFor(trx, input.tier, row.region_code, input.departmentId ?? null);
        if (!unit)
          throw new CaseError(
            'invalid',
            { zh: '找不到该承办单位', en: `no ${input.tier} unit for this case${input.tier === 'department' ? ' (departmentId)' : ''}` },
            { field: 'departmentId' },
          );
        action = { type: 'assign', unit, due: await limitsFor(unit.tier) };
        data = { unit };
        break;
      }
      case 'escalate': {
        const tier = state.unit ? nextTier(state.unit.tier) : null;
        if (!tier) throw new CaseError('invalid_transition', { zh: '县级部门不能再上报，请由镇街吹哨或调度员改派', en: 'a county department has no tier above it' });
        let departmentId = input.departmentId ?? null;
        if (tier === 'department' && departmentId === null) {
          const listed = findResponsibility(
            (await loadResponsibilities(trx, county)).filter((r) => r.tier === 'department'),
            row.category_code,
            row.region_code,
          );
          departmentId = listed?.departmentId ?? null;
        }
        const unit = await unitFor(trx, tier, row.region_code, departmentId);
        if (!unit)
          throw new CaseError(
            'invalid',
            { zh: '找不到上一级承办单位', en: `no ${tier} unit to escalate to${tier === 'department' ? ' (give departmentId)' : ''}` },
            { field: 'departmentId' },
          );
        action = { type: 'escalate', unit, due: await limitsFor(tier), reason: input.reason, automatic: false };
        data = { unit, reason: input.reason };
        break;
      }
      case 'respond':
        action = { type: 'respond' };
        break;
      case 'return':
        action = { type: 'return', reason: input.reason };
        data = { reason: input.reason, from: state.unit };
        break;
      case 'handle':
        action = { type: 'handle', feedback: input.feedback };
        data = { feedback: input.feedback };
        break;
      case 'check':
        action = input.passed
          ? { type: 'check', passed: true, note: input.note }
          : { type: 'check', passed: false, note: input.note, due: state.unit ? await limitsFor(state.unit.tier) : undefined };
        data = { passed: input.passed, note: input.note };
        break;
      case 'close':
        action = { type: 'close', note: input.note ?? '' };
        break;
      case 'evaluate':
        action = { type: 'evaluate', satisfaction: input.satisfaction, comment: input.comment ?? '' };
        data = { satisfaction: input.satisfaction, comment: input.comment ?? '' };
        break;
    }
    const next = transition(state, action, { now, bounceThreshold: settings.bounceThreshold });
    Object.assign(data, newDeadlines(state, next));
    if (photos.length) {
      const kind = input.action === 'check' ? 'check' : 'evidence';
      data.photoIds = await savePhotos(trx, id, row.region_code, kind, photos, now);
    }
    if (
      input.action === 'handle' &&
      photos.length === 0 &&
      !(await trx.selectFrom('case_photos').select('id').where('case_id', '=', id).where('kind', '=', 'evidence').executeTakeFirst())
    ) {
      throw new CaseError('invalid', { zh: '处置须附现场照片作为证据', en: 'handling needs at least one photo as evidence' }, { field: 'photos' });
    }
    await write(trx, row, next, now);
    if (next.status === 'closed') {
      await trx.updateTable('case_whistles').set({ released_at: now }).where('case_id', '=', id).where('released_at', 'is', null).execute();
      // The reporter (with an account) is invited to rate the case through the outbox (好差评).
      if (row.reporter_id !== null)
        await sendRatingLink(trx, { kind: 'case', id, regionCode: row.region_code, recipientId: Number(row.reporter_id), name: row.description.slice(0, 40) }, now);
    }
    if (next.bounced && !state.bounced) data.bounced = true;
    await addEvent(trx, { caseId: id, regionCode: row.region_code, at: now, actor, action: input.action, from: state.status, to: next.status, data });
    await recordAudit(trx, {
      actor,
      action: `case.${input.action}`,
      entity: 'case',
      entityId: id,
      regionCode: row.region_code,
      before: { status: state.status, unit: state.unit?.name ?? null },
      after: { status: next.status, unit: next.unit?.name ?? null, ...data },
    });
  });
  return getCase(db, actor, id, now, true);
}
