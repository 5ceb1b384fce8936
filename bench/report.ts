// What every benchmark shares: the machine it ran on, its section of docs/benchmarks.md,
// the PostgreSQL server and a throw-away schema on it, medians and percentiles, wall-clock
// with CPU time. Each script keeps only what it measures.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStore, type Store } from '../src/store/database.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE = path.join(ROOT, 'docs', 'benchmarks.md');

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}, Node.js ${process.version}`;
}

/** Replaces (or appends) the section `name` of docs/benchmarks.md. */
export function writeSection(name: string, markdown: string): void {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const stamp = `_Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine()}._`;
  const block = `${begin}\n${markdown.trim()}\n\n${stamp}\n${end}`;
  let doc = fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8') : '# Benchmarks\n\nFigures written by `npm run bench` (each script in `bench/` owns one section).\n';
  const start = doc.indexOf(begin);
  const stop = doc.indexOf(end);
  if (start >= 0 && stop > start) doc = doc.slice(0, start) + block + doc.slice(stop + end.length);
  else doc = `${doc.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(FILE, doc);
}

export function fmtMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

/** ZAIZAO_BENCH_WRITE=0 prints the figures and leaves docs/benchmarks.md alone. */
export const WRITE = process.env.ZAIZAO_BENCH_WRITE !== '0';

/** The PostgreSQL server the database benchmarks use (ZAIZAO_BENCH_PG_URL, else the tests' server). */
export const PG_URL = process.env.ZAIZAO_BENCH_PG_URL ?? process.env.ZAIZAO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** Drops a schema of the benchmark server with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A new store on the benchmark server in a schema of its own (`name` when given, else a random one); `drop` removes the schema. */
export async function postgresStore(prefix = 'zb', name?: string): Promise<{ store: Store; schema: string; drop: () => Promise<void> }> {
  const schema = name ?? `${prefix}_${crypto.randomBytes(5).toString('hex')}`;
  const store = await openStore({ kind: 'postgres', url: PG_URL, schema });
  return { store, schema, drop: () => dropSchema(schema) };
}

/** A new embedded database in memory. */
export function pgliteStore(): Promise<Store> {
  return openStore({ kind: 'pglite', dataDir: null });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The p-th percentile (0–100) by rank. */
export function percentile(xs: readonly number[], p: number): number {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Median wall-clock milliseconds of `runs` calls after one warm-up call (plans and caches). */
export async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await fn();
    times.push(performance.now() - s);
  }
  return median(times);
}

/** Wall-clock and CPU time of this process (an embedded database runs in it, so its work counts). */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const ms = performance.now() - t;
  const d = process.cpuUsage(c);
  return { value, ms, cpuMs: (d.user + d.system) / 1000 };
}

/** The machine's 1-minute load average: the machine is shared, and wall-clock times grow with it. */
export function loadAverage(): number {
  return os.loadavg()[0];
}
