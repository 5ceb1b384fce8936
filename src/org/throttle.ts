// Sign-in throttling, counted in the database under row locks so that parallel guesses are
// counted one by one. Three counters per attempt:
// - the account from this source address: a few guesses, then that pair is locked — a stranger
//   guessing at `admin` locks out only their own address, not the administrator;
// - the source address over all accounts: password spraying from one address;
// - the account over all sources: guessing from many addresses (an administrator unlocks it).
// An attempt is checked only while every counter is below its limit; it is counted before
// the password is checked and given back when the password was right.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: Date;
  locked_until: Date | null;
}

declare module '../store/schema.js' {
  interface Database {
    login_throttle: LoginThrottleTable;
  }
}

type Db = Kysely<Database>;

export const THROTTLE = {
  /** Wrong passwords for one account from one source address. */
  accountFromSource: 5,
  /** Wrong passwords from one source address, over all accounts (an office behind one address shares it). */
  source: 100,
  /** Wrong passwords for one account, from all sources. */
  account: 50,
  /** Counting window and lock duration, minutes. */
  windowMinutes: 15,
  lockMinutes: 15,
} as const;

export interface ThrottleKey {
  key: string;
  limit: number;
  kind: 'account' | 'source';
}

/** The counters an attempt for a user (null: no such user) from a source address touches, in lock order. */
export function throttleKeys(userId: number | null, source: string): ThrottleKey[] {
  const keys: ThrottleKey[] = [{ key: `source:${source}`, limit: THROTTLE.source, kind: 'source' }];
  if (userId !== null) {
    keys.push({ key: `account:${userId}`, limit: THROTTLE.account, kind: 'account' });
    keys.push({ key: `account:${userId}@${source}`, limit: THROTTLE.accountFromSource, kind: 'account' });
  }
  return keys.sort((a, b) => a.key.localeCompare(b.key));
}

export type Reservation = { ok: true; last: ThrottleKey[] } | { ok: false; kind: 'account' | 'source' };

/**
 * Counts one attempt on every key, unless one of them is locked or full: then nothing is
 * counted and the attempt is refused. `last`: the keys this attempt filled (a wrong password
 * now locks them).
 */
export async function reserveAttempt(db: Db, keys: ThrottleKey[], now: Date): Promise<Reservation> {
  const windowStart = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('login_throttle')
      .values(keys.map((k) => ({ key: k.key, failures: 0, window_start: now, locked_until: null })))
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const rows = await trx
      .selectFrom('login_throttle')
      .selectAll()
      .where(
        'key',
        'in',
        keys.map((k) => k.key),
      )
      .orderBy('key')
      .forUpdate()
      .execute();
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const next = keys.map((k) => {
      const r = byKey.get(k.key)!;
      const lockedUntil = r.locked_until ? new Date(r.locked_until) : null;
      const expired = lockedUntil ? lockedUntil <= now : new Date(r.window_start) <= windowStart;
      return { k, failures: expired ? 0 : r.failures, windowStart: expired ? now : new Date(r.window_start), lockedUntil: expired ? null : lockedUntil };
    });
    const blocked = next.find((n) => (n.lockedUntil && n.lockedUntil > now) || n.failures >= n.k.limit);
    if (blocked) return { ok: false, kind: blocked.k.kind } as const;
    for (const n of next) {
      await trx
        .updateTable('login_throttle')
        .set({ failures: n.failures + 1, window_start: n.windowStart, locked_until: null })
        .where('key', '=', n.k.key)
        .execute();
    }
    return { ok: true, last: next.filter((n) => n.failures + 1 >= n.k.limit).map((n) => n.k) } as const;
  });
}

/** A wrong password filled these counters: lock them. */
export async function lockKeys(db: Db, keys: ThrottleKey[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  const until = new Date(now.getTime() + THROTTLE.lockMinutes * 60_000);
  await db
    .updateTable('login_throttle')
    .set({ locked_until: until })
    .where(
      'key',
      'in',
      keys.map((k) => k.key),
    )
    .execute();
}

/** The password was right: give the attempt back, and forget this source's guesses at the account. */
export async function releaseAttempt(db: Db, keys: ThrottleKey[]): Promise<void> {
  const pair = keys.filter((k) => k.key.includes('@')).map((k) => k.key);
  const others = keys.filter((k) => !k.key.includes('@')).map((k) => k.key);
  if (pair.length) await db.deleteFrom('login_throttle').where('key', 'in', pair).execute();
  if (others.length)
    await db
      .updateTable('login_throttle')
      .set((eb) => ({ failures: eb('failures', '-', 1) }))
      .where('key', 'in', others)
      .where('failures', '>', 0)
      .execute();
}

/** Forget every counter and lock of an account (an administrator unlocks it). */
export async function clearAccount(db: Db, userId: number): Promise<number> {
  const r = await db
    .deleteFrom('login_throttle')
    .where((eb) => eb.or([eb('key', '=', `account:${userId}`), eb('key', 'like', `account:${userId}@%`)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
