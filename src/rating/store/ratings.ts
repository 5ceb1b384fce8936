// Giving a rating: by the person served (or the window's pad) or through the signed link of a
// notice. A 差评 opens its rectification case, on the facts, in the rating's transaction.
import { recordAudit } from '../../audit/trail.js';
import type { Actor } from '../../org/model.js';
import { outOfScopeMessage, regionVisible } from '../../org/scope.js';
import { shanghaiIso } from '../../shared/time.js';
import {
  CHANNELS,
  EVALUATIONS,
  MAX_COMMENT,
  OCCURRENCE_KINDS,
  REASONS,
  RatingError,
  isLevel,
  isNegative,
  type Channel,
  type Evaluation,
  type Level,
  type OccurrenceKind,
  type RatingView,
  type Reason,
} from '../model.js';
import { LINK_DAYS, checkLink, linkSecret, signLink } from '../link.js';
import { occurrenceSource } from '../sources.js';
import { contribute } from '../rollup.js';
import { occurrenceColumns, toView, type Db } from './tables.js';

export interface RateInput {
  occurrenceKind: OccurrenceKind;
  occurrenceId: string;
  /** 一次一评 unless given. */
  evaluation?: Evaluation;
  level: number;
  reasons?: string[];
  comment?: string;
  channel: Channel;
}

/** Which channels each role rates through: applicants themselves, the window's pad on the applicant's behalf. */
const CHANNELS_BY_ROLE: Partial<Record<Actor['role'], readonly Channel[]>> = {
  applicant: ['portal', 'mobile'],
  window_clerk: ['pad'],
};

function validateRating(input: RateInput): { level: Level; reasons: Reason[]; comment: string } {
  if (!isLevel(input.level)) {
    throw new RatingError(
      'invalid_level',
      {
        zh: `评价等级须为 1–5（非常不满意至非常满意），收到 ${JSON.stringify(input.level)}`,
        en: `the level must be 1 to 5 (very dissatisfied to very satisfied), got ${JSON.stringify(input.level)}`,
      },
      { field: 'level' },
    );
  }
  if (!(OCCURRENCE_KINDS as readonly string[]).includes(input.occurrenceKind))
    throw new RatingError('invalid_input', { zh: '未知的评价对象类型', en: 'unknown occurrence kind' }, { field: 'occurrenceKind' });
  if (!(EVALUATIONS as readonly string[]).includes(input.evaluation ?? 'occurrence'))
    throw new RatingError('invalid_input', { zh: '未知的评价方式', en: 'unknown evaluation' }, { field: 'evaluation' });
  if (!(CHANNELS as readonly string[]).includes(input.channel) || input.channel === 'default')
    throw new RatingError('invalid_input', { zh: '未知的评价渠道', en: 'unknown channel' }, { field: 'channel' });
  const reasons = [...new Set(input.reasons ?? [])];
  const unknown = reasons.filter((r) => !(REASONS as readonly string[]).includes(r));
  if (unknown.length)
    throw new RatingError('invalid_input', { zh: `未知的评价原因：${unknown.join('、')}`, en: `unknown reasons: ${unknown.join(', ')}` }, { field: 'reasons', unknown });
  const comment = (input.comment ?? '').trim();
  if (comment.length > MAX_COMMENT)
    throw new RatingError('invalid_input', { zh: `评价内容不超过 ${MAX_COMMENT} 字`, en: `a comment has at most ${MAX_COMMENT} characters` }, { field: 'comment' });
  return { level: input.level, reasons: reasons as Reason[], comment };
}

/** Gives a rating. A 差评 opens its rectification case, on the facts, in the same transaction. */
export async function rate(db: Db, actor: Actor, input: RateInput, now: Date): Promise<RatingView> {
  const channels = CHANNELS_BY_ROLE[actor.role];
  if (!channels) throw new RatingError('forbidden', { zh: '只有办事人（或窗口评价器）可以评价', en: 'only the person served (or the window rating pad) gives ratings' });
  if (!channels.includes(input.channel))
    throw new RatingError('invalid_input', { zh: `该角色不能通过「${input.channel}」评价`, en: `this role does not rate through "${input.channel}"` }, { field: 'channel' });
  return rateAs(db, { actor, rater: actor.role === 'applicant' ? actor.username : null }, input, now);
}

/** A rating through a signed notice link: the link names the occurrence and the rater. */
export async function rateByLink(
  db: Db,
  claims: { kind: OccurrenceKind; id: string; rater: string },
  input: Pick<RateInput, 'level' | 'reasons' | 'comment' | 'evaluation'>,
  now: Date,
): Promise<RatingView> {
  const actor: Actor = { userId: 0, username: claims.rater, displayName: claims.rater, role: 'applicant', regionCode: '', departmentId: null };
  return rateAs(db, { actor, rater: claims.rater }, { ...input, occurrenceKind: claims.kind, occurrenceId: claims.id, channel: 'notice_link' }, now);
}

/** The rating's common path: `rater` set means only that person may rate the occurrence. */
async function rateAs(db: Db, who: { actor: Actor; rater: string | null }, input: RateInput, now: Date): Promise<RatingView> {
  const { actor } = who;
  const { level, reasons, comment } = validateRating(input);
  const source = occurrenceSource(input.occurrenceKind);
  if (!source) throw new RatingError('not_found', { zh: `「${input.occurrenceKind}」类办件尚未接入评价`, en: `occurrences of kind "${input.occurrenceKind}" cannot be rated yet` });
  const occ = await source.load(db, input.occurrenceId);
  const missing = new RatingError('not_found', { zh: `未找到办件：${input.occurrenceId}`, en: `occurrence not found: ${input.occurrenceId}` });
  if (!occ || !regionVisible(actor, occ.regionCode)) throw missing;
  if (who.rater !== null && occ.owner !== who.rater) throw new RatingError('not_yours', { zh: '只能评价本人的办件', en: 'you can rate only your own applications' });
  if (!occ.owner) throw new RatingError('invalid_input', { zh: '该办件没有办事人，无法评价', en: 'this occurrence has no applicant to rate it' });
  if (!occ.finished) throw new RatingError('not_finished', { zh: '办件尚未办结，不能评价', en: 'the work is not finished: it cannot be rated yet' });
  const facts = isNegative(level) ? await source.facts(db, occ.id, now) : null;

  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('ratings')
      .values({
        ...occurrenceColumns(occ),
        evaluation: input.evaluation ?? 'occurrence',
        rater: occ.owner!,
        anonymous: occ.anonymous ?? false,
        channel: input.channel,
        level,
        reasons: JSON.stringify(reasons),
        comment,
        rated_at: now,
      })
      .onConflict((oc) => oc.columns(['occurrence_kind', 'occurrence_id', 'evaluation', 'rater']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted)
      throw new RatingError('already_rated', { zh: '该办件已评价过，每次服务只能评价一次', en: 'this occurrence has already been rated: one rating per occurrence and rater' });
    let caseId: number | null = null;
    if (isNegative(level)) {
      const c = await trx
        .insertInto('rating_cases')
        .values({
          region_code: occ.regionCode,
          rating_id: inserted.id,
          department_code: occ.departmentCode,
          status: 'verifying',
          anonymous: occ.anonymous ?? false,
          facts: JSON.stringify(facts ?? {}),
          opened_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      caseId = c.id;
    }
    await contribute(trx, [inserted.id]);
    await source.rated?.(trx, occ.id, level, actor, now);
    const view = toView(inserted, caseId, null);
    await recordAudit(trx, { actor, action: 'rating.create', entity: 'rating', entityId: inserted.id, regionCode: occ.regionCode, after: { ...view, caseId } });
    return view;
  });
}

export interface IssuedLink {
  token: string;
  /** The web page that takes the rating, for the notice's text. */
  path: string;
  expiresAt: string;
}

/** A signed link for the notice of a finished occurrence (the outbox sends it to the applicant). */
export async function issueRatingLink(db: Db, actor: Actor, q: { occurrenceKind: OccurrenceKind; occurrenceId: string }, now: Date): Promise<IssuedLink> {
  if (!['admin', 'reform_office', 'window_clerk'].includes(actor.role)) throw new RatingError('forbidden', { zh: '无权生成评价链接', en: 'your role does not issue rating links' });
  const source = occurrenceSource(q.occurrenceKind);
  const occ = source ? await source.load(db, q.occurrenceId) : null;
  if (!occ) throw new RatingError('not_found', { zh: `未找到办件：${q.occurrenceId}`, en: `occurrence not found: ${q.occurrenceId}` });
  if (!regionVisible(actor, occ.regionCode)) throw new RatingError('forbidden', outOfScopeMessage({ zh: '办件', en: 'occurrence' }, q.occurrenceId));
  if (!occ.owner) throw new RatingError('invalid_input', { zh: '该办件没有办事人，无法评价', en: 'this occurrence has no applicant to rate it' });
  if (!occ.finished) throw new RatingError('not_finished', { zh: '办件尚未办结，不能评价', en: 'the work is not finished: it cannot be rated yet' });
  const exp = Math.floor(now.getTime() / 1000) + LINK_DAYS * 86_400;
  const token = signLink({ kind: occ.kind, id: occ.id, rater: occ.owner, exp }, await linkSecret(db));
  return { token, path: `/rate?token=${token}`, expiresAt: shanghaiIso(new Date(exp * 1000)) };
}

/** What the link's page shows before the rating: the occurrence and whether it is rated. */
export async function linkTarget(db: Db, token: string, now: Date): Promise<{ name: string; endedAt: string | null; rated: boolean; expiresAt: string }> {
  const claims = checkLink(token, await linkSecret(db), now);
  const occ = await occurrenceSource(claims.kind)?.load(db, claims.id);
  if (!occ) throw new RatingError('not_found', { zh: '评价链接无效', en: 'this rating link is not valid' });
  const rated = await db
    .selectFrom('ratings')
    .select('id')
    .where('occurrence_kind', '=', claims.kind)
    .where('occurrence_id', '=', claims.id)
    .where('rater', '=', claims.rater)
    .executeTakeFirst();
  return { name: occ.matterName ?? occ.id, endedAt: occ.endedAt ? shanghaiIso(occ.endedAt) : null, rated: !!rated, expiresAt: shanghaiIso(new Date(claims.exp * 1000)) };
}

/** The rating given through a link's page. */
export async function rateWithLink(
  db: Db,
  token: string,
  input: Pick<RateInput, 'level' | 'reasons' | 'comment' | 'evaluation'>,
  now: Date,
): Promise<{ id: number; level: Level; ratedAt: string }> {
  const claims = checkLink(token, await linkSecret(db), now);
  const r = await rateByLink(db, claims, input, now);
  return { id: r.id, level: r.level, ratedAt: r.ratedAt };
}
