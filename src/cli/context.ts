// What every CLI command shares: the database the server would use, output formats.
import { openStore, type Store } from '../store/database.js';
import { describeStore, storeConfigFromEnv } from '../store/config.js';
import { DataDirInUseError } from '../store/lock.js';
import { CliError, UsageError } from './errors.js';
import { refreshPlatformCalendar } from '../calendar/store.js';

/** Opens the same database as the server (DATABASE_URL or ZAIZAO_DATA), runs fn, closes it. */
/** What to say when the server owns the embedded database: a command that changes the organisation names the UI and API. */
export const ORG_IN_USE_HINT = 'while the server runs, do this in the web UI (组织机构) or through the API (/api/org/...)';

export async function withStore<T>(fn: (store: Store) => Promise<T>, inUseHint?: string): Promise<T> {
  const config = storeConfigFromEnv();
  let store: Store;
  try {
    store = await openStore(config);
  } catch (err) {
    if (err instanceof DataDirInUseError) throw new CliError(inUseHint ? `${err.message}; ${inUseHint}` : err.message);
    throw new CliError(`cannot open ${describeStore(config)}: ${(err as Error).message}`);
  }
  try {
    await refreshPlatformCalendar(store.db);
    return await fn(store);
  } finally {
    await store.close();
  }
}

export type OutputFormat = 'table' | 'json' | 'text';

export function parseFormat<F extends string>(value: string | undefined, allowed: readonly F[], fallback: F): F {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${allowed.join(', ')} (got ${value})`);
  return value as F;
}

export function printJson(data: unknown): void {
  process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
}

/** A plain aligned table; widths count CJK characters as two columns. */
export function printTable(rows: Array<Record<string, unknown>>, columns?: string[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const cols = columns ?? Object.keys(rows[0]);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uFFFF]/.test(ch) ? 2 : 1), 0);
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
  const widths = cols.map((c) => Math.max(width(c), ...rows.map((r) => width(cell(r[c])))));
  const line = (vals: string[]) => vals.map((v, i) => pad(v, widths[i])).join('  ').trimEnd();
  const out = [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))];
  process.stdout.write(`${out.join('\n')}\n`);
}
