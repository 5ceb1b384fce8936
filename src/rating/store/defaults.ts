// Default ratings (默认好评) for finished work nobody rated within a county's delay, on a
// server sweep.
import { recordAudit } from '../../audit/trail.js';
import type { Level } from '../model.js';
import { occurrenceSource, unratedSince } from '../sources.js';
import { contribute } from '../rollup.js';
import { occurrenceColumns, type Db } from './tables.js';

/** The level given where a county's rules give a default rating (默认好评: 满意). */
export const DEFAULT_LEVEL: Level = 4;
/** At most this many default ratings per call; a scheduler calls again for the rest. */
export const DEFAULT_BATCH = 1000;

/**
 * Gives the default rating to finished work nobody rated within the county's
 * `defaultAfterDays` (counties without the rule get none: it is off by default): engine
 * instances, one-window applications and closed cases, attributed as a given rating would be,
 * through the channel `default` so scores show them apart. One transaction and one audit row
 * per county; returns how many were given. Window visits get none (they are rated at the
 * window or not at all).
 */
export async function giveDefaultRatings(db: Db, now: Date): Promise<number> {
  const counties = await db.selectFrom('rating_rules').select(['region_code', 'default_after_days']).where('default_after_days', 'is not', null).execute();
  let given = 0;
  for (const c of counties) {
    const cutoff = new Date(now.getTime() - c.default_after_days! * 86_400_000);
    given += await db.transaction().execute(async (trx) => {
      const due = await unratedSince(trx, c.region_code, cutoff, DEFAULT_BATCH);
      const ids: number[] = [];
      const occurrences: string[] = [];
      for (const d of due) {
        const occ = await occurrenceSource(d.kind)?.load(trx, d.id);
        if (!occ?.owner || !occ.finished) continue;
        const row = await trx
          .insertInto('ratings')
          .values({
            ...occurrenceColumns(occ),
            evaluation: 'occurrence',
            rater: occ.owner,
            anonymous: false,
            channel: 'default',
            level: DEFAULT_LEVEL,
            reasons: '[]',
            comment: '',
            rated_at: now,
          })
          .onConflict((oc) => oc.columns(['occurrence_kind', 'occurrence_id', 'evaluation', 'rater']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) continue;
        ids.push(row.id);
        occurrences.push(`${occ.kind}:${occ.id}`);
      }
      await contribute(trx, ids);
      if (ids.length) {
        await recordAudit(trx, {
          actor: null,
          action: 'rating.default',
          entity: 'rating',
          regionCode: c.region_code,
          after: { level: DEFAULT_LEVEL, afterDays: c.default_after_days, occurrences },
        });
      }
      return ids.length;
    });
  }
  return given;
}

/**
 * Gives the default ratings due every interval in a server process, on the server's clock
 * (virtual in tests and demos). Several processes may run it: the unique key gives each
 * occurrence one rating.
 */
export function startDefaultRatingSweep(db: Db, now: () => Date, intervalMs: number, onError: (err: unknown) => void): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    giveDefaultRatings(db, now())
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
