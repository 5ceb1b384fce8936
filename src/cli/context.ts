// What every CLI command shares: the database the server would use, output formats.
import { openStore, type Store } from '../store/database.js';
import { describeStore, storeConfigFromEnv } from '../store/config.js';
import { DataDirInUseError } from '../store/lock.js';
import { CliError } from './errors.js';
import { mirrorCalendarTo, refreshPlatformCalendar, mirrorPath } from '../calendar/index.js';

/** What to say when the server owns the embedded database: a command that changes the organisation names the UI and API. */
export const ORG_IN_USE_HINT = 'while the server runs, do this in the web UI (组织机构) or through the API (/api/org/...)';
/** What every other command says when the server owns the embedded database. */
export const DEFAULT_IN_USE_HINT = 'while the server runs, do this in the web UI or through its API (reference at /api/docs on the server)';

/** Opens the same database as the server (DATABASE_URL or ZAIZAO_DATA), runs fn, closes it. */
export async function withStore<T>(fn: (store: Store) => Promise<T>, inUseHint?: string): Promise<T> {
  const config = storeConfigFromEnv();
  let store: Store;
  try {
    store = await openStore(config);
  } catch (err) {
    if (err instanceof DataDirInUseError) throw new CliError(`${err.message}; ${inUseHint ?? DEFAULT_IN_USE_HINT}`);
    throw new CliError(`cannot open ${describeStore(config)}: ${(err as Error).message}`);
  }
  try {
    // The owner of an embedded database keeps its calendar mirror current (calendar/mirror.ts).
    if (config.kind === 'pglite' && config.dataDir) await mirrorCalendarTo(store.db, mirrorPath(config.dataDir));
    await refreshPlatformCalendar(store.db);
    return await fn(store);
  } finally {
    await store.close();
  }
}

// Output helpers live in format.ts (no database modules): re-exported for the commands.
export { parseFormat, printJson, printTable, type OutputFormat } from './format.js';
