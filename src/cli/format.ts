// Output formats of the CLI: light, so commands that need no database load nothing heavy.
import { UsageError } from './errors.js';

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
  const line = (vals: string[]) =>
    vals
      .map((v, i) => pad(v, widths[i]))
      .join('  ')
      .trimEnd();
  const out = [line(cols), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => cell(r[c]))))];
  process.stdout.write(`${out.join('\n')}\n`);
}
