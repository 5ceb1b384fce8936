// Where mining reads from the database: the process engine's history.
import { EngineStore } from '../engine/store.js';
import type { Store } from '../store/database.js';
import { logFromHistory } from './import/history.js';
import type { EventLog } from './model.js';

/** The engine history of a region subtree (code prefix), optionally of one process, as an event log. */
export async function engineLog(db: Store['db'], q: { regionPrefix?: string; processKey?: string; limit?: number } = {}): Promise<EventLog> {
  const events = await new EngineStore(db).history({ regionPrefix: q.regionPrefix, processKey: q.processKey, limit: q.limit ?? 5_000_000 });
  return logFromHistory(events);
}
