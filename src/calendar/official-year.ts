// Loading a year's official arrangement, the one facade the HTTP route, the UI and
// `zaizao calendar load` call: stores the year and, in the same transaction, recomputes every
// persisted deadline that was computed on that year's provisional arrangement (each with its
// audit row naming whom it concerns). Then the platform calendar of this process is refreshed.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import { recomputeProvisionalLedgerDeadlines } from '../catalog/ledger-store.js';
import { parseArrangement } from './arrangement.js';
import { refreshPlatformCalendar, storeArrangement } from './store.js';
import type { Arrangement } from './model.js';

export interface RecomputedDeadline {
  kind: 'ledger_item';
  id: number;
  before: string;
  after: string;
  /** Still provisional: the deadline also reaches a later year without its official arrangement. */
  provisional: boolean;
}

export interface LoadedYear {
  arrangement: Arrangement;
  replaced: Arrangement | null;
  recomputed: RecomputedDeadline[];
}

export async function loadOfficialYear(db: Kysely<Database>, actor: Actor | null, json: unknown): Promise<LoadedYear> {
  const arrangement = parseArrangement(json);
  const result = await db.transaction().execute(async (trx) => {
    const saved = await storeArrangement(trx, actor, arrangement);
    const ledger = await recomputeProvisionalLedgerDeadlines(trx, actor, arrangement.year);
    return { ...saved, recomputed: ledger.map((r) => ({ kind: 'ledger_item' as const, ...r })) };
  });
  await refreshPlatformCalendar(db);
  return result;
}
