// Where mining reads from the database: the process engine's history, matters' promised limits.
import { getVersion } from '../catalog/store.js';
import { EngineStore } from '../engine/store.js';
import type { Actor } from '../org/model.js';
import type { Store } from '../store/database.js';
import { logFromHistory } from './import/history.js';
import type { EventLog } from './model.js';

/** The engine history of a region subtree (code prefix), optionally of one process, as an event log. */
export async function engineLog(db: Store['db'], q: { regionPrefix?: string; processKey?: string; limit?: number } = {}): Promise<EventLog> {
  const events = await new EngineStore(db).history({ regionPrefix: q.regionPrefix, processKey: q.processKey, limit: q.limit ?? 5_000_000 });
  return logFromHistory(events);
}

/** A matter's promised time limit (承诺办结时限) from the catalogue: what a case of it is measured against. */
export async function promisedLimitOfMatter(
  db: Store['db'],
  actor: Actor,
  code: string,
  version: 'as_is' | 'to_be' | 'latest' = 'latest',
): Promise<{ matterCode: string; name: string; version: number; promisedDays: number }> {
  const v = await getVersion(db, actor, code, version);
  return { matterCode: code, name: v.matter.name, version: v.version, promisedDays: v.matter.promisedDays };
}
