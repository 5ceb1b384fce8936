// kill -9 under HTTP load: the real server (`zaizao serve`) as a child process on the embedded
// database and on PostgreSQL; clients send a bounded number of commands (start an instance
// with a unique business key); the server is killed with SIGKILL mid-load and started again,
// a few times. Afterwards every acknowledged command is there exactly once, an unacknowledged
// one at most once, every instance has its audit row, and `zaizao audit verify` passes.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import type { StoreConfig } from '../../src/store/config.js';
import { runZaizao, ROOT } from '../support/cli.js';
import { dbTargets, TEST_PG_URL } from '../support/db.js';

const PASSWORD = 'kill9-Demo-2026';
const ROUNDS = 3;
/** Commands sent per round at most, by this many clients at once; the kill comes after a third of them are acknowledged. */
const PER_ROUND = 60;
const CLIENTS = 6;

const PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs_k9" targetNamespace="http://example.org/k9">
  <process id="k9" name="受理" isExecutable="true">
    <startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="t"/>
    <userTask id="t" name="受理"/><sequenceFlow id="f2" sourceRef="t" targetRef="e"/><endEvent id="e"/>
  </process>
</definitions>`;

const targets = await dbTargets();
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Setup {
  env: NodeJS.ProcessEnv;
  config: StoreConfig;
}

function setupFor(name: 'pglite' | 'postgres'): Setup {
  if (name === 'pglite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-kill9-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    return { env: { ZAIZAO_DATA: dataDir, DATABASE_URL: '' }, config: { kind: 'pglite', dataDir } };
  }
  const schema = `zt_kill9_${crypto.randomBytes(4).toString('hex')}`;
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  });
  return { env: { DATABASE_URL: TEST_PG_URL, ZAIZAO_DB_SCHEMA: schema }, config: { kind: 'postgres', url: TEST_PG_URL, schema } };
}

async function serve(setup: Setup, port: number): Promise<ChildProcess> {
  const env = { ...process.env, ...setup.env, PORT: String(port), HOST: '127.0.0.1', ZAIZAO_DEMO_PASSWORD: PASSWORD, LOG_LEVEL: 'warn', ZAIZAO_JOB_INTERVAL_MS: '60000' };
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'zaizao.js'), 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  for (const started = Date.now(); ;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/ready`)).ok) return child;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 120_000) throw new Error(`server not ready:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function kill9(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

async function signIn(base: string): Promise<Record<string, string>> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'clerk', password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { 'content-type': 'application/json', cookie: res.headers.get('set-cookie')!.split(';')[0], 'x-csrf-token': csrfToken };
}

describe.each(targets)('kill -9 under HTTP load on $name', (target) => {
  it(`acknowledged commands survive ${ROUNDS} kills, none is done twice, and the audit chain holds`, async () => {
    const setup = setupFor(target.name);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const acknowledged = new Set<string>();
    const attempted = new Set<string>();
    let next = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const server = await serve(setup, port);
      if (round === 0) {
        const admin = await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'admin', password: PASSWORD }),
        });
        const { csrfToken } = (await admin.json()) as { csrfToken: string };
        const headers = { 'content-type': 'application/json', cookie: admin.headers.get('set-cookie')!.split(';')[0], 'x-csrf-token': csrfToken };
        expect((await fetch(`${base}/api/engine/deployments`, { method: 'POST', headers, body: JSON.stringify({ xml: PROCESS }) })).status).toBe(201);
      }
      const headers = await signIn(base);
      const last = next + PER_ROUND;
      let ackedThisRound = 0;
      let killed: Promise<void> | null = null;
      const client = async () => {
        while (next < last && !killed) {
          const key = `K9-${next++}`;
          attempted.add(key);
          try {
            const res = await fetch(`${base}/api/engine/instances`, { method: 'POST', headers, body: JSON.stringify({ processKey: 'k9', businessKey: key }) });
            if (res.status === 201) {
              acknowledged.add(key);
              // Mid-load: the kill lands while the other clients' commands are in flight.
              if (++ackedThisRound === Math.floor(PER_ROUND / 3)) killed = kill9(server);
            }
          } catch {
            // the connection died with the server: not acknowledged
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, client));
      await (killed ?? kill9(server));
      next = last;
    }

    // The database as the last kill left it.
    const store: Store = await openStore(setup.config);
    let instances: Array<{ business_key: string | null; n: number }>;
    let audited: number;
    try {
      instances = (
        await sql<{ business_key: string | null; n: number }>`select business_key, count(*)::int as n from engine_instances where process_key = 'k9' group by business_key`.execute(
          store.db,
        )
      ).rows;
      audited = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'engine.start'`.execute(store.db)).rows[0].n);
    } finally {
      await store.close();
    }
    const stored = new Map(instances.map((r) => [r.business_key, Number(r.n)]));
    const lost = [...acknowledged].filter((k) => stored.get(k) !== 1);
    const twice = [...stored].filter(([, n]) => n > 1);
    const strangers = [...stored.keys()].filter((k) => !attempted.has(k ?? ''));
    const total = [...stored.values()].reduce((a, b) => a + b, 0);
    console.log(
      `kill -9 (${target.name}): ${ROUNDS} kills, ${attempted.size} commands sent, ${acknowledged.size} acknowledged, ${total} stored, ${lost.length} lost, ${twice.length} duplicated`,
    );
    expect(acknowledged.size).toBeGreaterThanOrEqual(ROUNDS * Math.floor(PER_ROUND / 3));
    expect(lost).toEqual([]);
    expect(twice).toEqual([]);
    expect(strangers).toEqual([]);
    expect(audited).toBe(total); // every instance committed with its audit row

    const verify = await runZaizao(['audit', 'verify'], setup.env);
    expect(verify.code, verify.stderr).toBe(0);
  }, 180_000);
});
