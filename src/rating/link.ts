// The rating link in a notice (短信/通知评价链接): a signed, expiring token that names one
// occurrence and its rater, so the applicant can rate without signing in. Pure signing and
// checking; the key lives in the database (rating_link_keys), made on first use.
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { OCCURRENCE_KINDS, RatingError, type OccurrenceKind } from './model.js';

export interface LinkClaims {
  kind: OccurrenceKind;
  id: string;
  rater: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** How long a link in a notice stays valid. */
export const LINK_DAYS = 15;
const MAX_TOKEN = 1024;

const b64 = (b: Buffer) => b.toString('base64url');
const mac = (payload: string, secret: string) => b64(crypto.createHmac('sha256', secret).update(payload).digest());

export function signLink(claims: LinkClaims, secret: string): string {
  const payload = b64(Buffer.from(JSON.stringify(claims)));
  return `${payload}.${mac(payload, secret)}`;
}

const invalid = () => new RatingError('not_found', { zh: '评价链接无效', en: 'this rating link is not valid' });

/** The claims of a token signed with `secret` and not expired at `now`; otherwise a RatingError. */
export function checkLink(token: string, secret: string, now: Date): LinkClaims {
  if (token.length > MAX_TOKEN) throw invalid();
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) throw invalid();
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) throw invalid();
  let claims: LinkClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as LinkClaims;
  } catch {
    throw invalid();
  }
  if (!(OCCURRENCE_KINDS as readonly string[]).includes(claims.kind) || typeof claims.id !== 'string' || typeof claims.rater !== 'string' || typeof claims.exp !== 'number')
    throw invalid();
  if (now.getTime() / 1000 > claims.exp) throw new RatingError('link_expired', { zh: '评价链接已过期', en: 'this rating link has expired' });
  return claims;
}

/** The database's signing key, made once (concurrent first uses agree on the row that won). */
export async function linkSecret(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('rating_link_keys').select('secret').where('id', '=', 1).executeTakeFirst();
  if (row) return row.secret;
  await sql`insert into rating_link_keys (id, secret, created_at) values (1, ${crypto.randomBytes(32).toString('hex')}, now()) on conflict (id) do nothing`.execute(db);
  return (await db.selectFrom('rating_link_keys').select('secret').where('id', '=', 1).executeTakeFirstOrThrow()).secret;
}
