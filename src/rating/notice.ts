// The rating link in the outbox (短信/通知评价): when an application's results are issued (or it
// is not accepted) and when a grass-roots case is closed, the person served gets a notice with
// a signed link to rate it, in the same transaction as the step that finished the work. The
// outbox row records what was sent, to whom, when, which occurrence it invites to rate and
// until when the link is valid; one such notice per occurrence and recipient.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { LINK_DAYS, linkSecret, signLink } from './link.js';
import type { OccurrenceKind } from './model.js';

export interface RatingNotice {
  kind: Extract<OccurrenceKind, 'application' | 'case'>;
  /** The application's or the case's id. */
  id: number;
  regionCode: string;
  /** The user who is notified; the link lets them (by user name) rate it. */
  recipientId: number;
  /** What the notice names: the service or the case's category. */
  name: string;
}

/** The page path a notice links to, for a token. */
export const ratingPath = (token: string) => `/rate?token=${token}`;

/** Queues the notice with its link (in-app now, as every outbox row; an SMS adapter sends the same rows). Returns the path, or null when one was sent before. */
export async function sendRatingLink(trx: Kysely<Database>, n: RatingNotice, now: Date): Promise<string | null> {
  // Only the people served rate: a case a grid worker reported gets no invitation.
  const user = await trx.selectFrom('users').select('username').where('id', '=', n.recipientId).where('role', '=', 'applicant').executeTakeFirst();
  if (!user) return null;
  const exp = Math.floor(now.getTime() / 1000) + LINK_DAYS * 86_400;
  const token = signLink({ kind: n.kind, id: String(n.id), rater: user.username, exp }, await linkSecret(trx));
  const expires = new Date(exp * 1000);
  const path = ratingPath(token);
  const row = await trx
    .insertInto('window_outbox')
    .values({
      region_code: n.regionCode,
      application_id: n.kind === 'application' ? n.id : null,
      case_id: n.kind === 'case' ? n.id : null,
      recipient_id: n.recipientId,
      channel: 'in_app',
      subject: '请对本次服务作出评价',
      body: `「${n.name}」已办结。请对本次服务作出评价（好差评），${LINK_DAYS} 日内有效：${path}`,
      created_at: now,
      sent_at: now,
      rating_kind: n.kind,
      rating_occurrence: String(n.id),
      rating_link_expires_at: expires,
    })
    .onConflict((oc) => oc.columns(['rating_kind', 'rating_occurrence', 'recipient_id']).where('rating_kind', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? path : null;
}
