// The one-window service under concurrent users, on PostgreSQL, through the HTTP app
// (validation, sessions, multipart, scope — in process, no sockets): applicants create an
// application and submit it with a 1 MB PDF per material, window clerks accept, department
// officers read their worklists and complete tasks. Writes the "window" section of
// docs/benchmarks.md.
//
//   node bin/run-ts.js bench/window.ts
//
// Knobs: ZAIZAO_BENCH_USERS (default 200), ZAIZAO_BENCH_SECONDS (default 60),
// ZAIZAO_BENCH_WRITE=0 (print only). The goal is 200 users for 60 s; on a shared small
// machine run e.g. ZAIZAO_BENCH_USERS=20 ZAIZAO_BENCH_SECONDS=20.
import crypto from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { buildApp } from '../src/http/app.js';
import { openStore } from '../src/store/database.js';
import { seedDemoData } from '../src/server/seed.js';
import { addUser } from '../src/org/store.js';
import { DEMO_SETS } from '../src/catalog/demo/index.js';
import { sampleCreditCode, sampleForm } from '../src/window/sample.js';
import type { FormSchema } from '../src/window/form.js';
import { writeSection } from './report.js';

const USERS = Number(process.env.ZAIZAO_BENCH_USERS ?? 200);
const SECONDS = Number(process.env.ZAIZAO_BENCH_SECONDS ?? 60);
const WRITE = process.env.ZAIZAO_BENCH_WRITE !== '0';
const PG_URL = process.env.ZAIZAO_BENCH_PG_URL ?? process.env.ZAIZAO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'bench-password-2026';
const GOALS = { worklist: 50, submit: 300, completion: 100 };

const schema = `zb_${crypto.randomBytes(5).toString('hex')}`;
const store = await openStore({ kind: 'postgres', url: PG_URL, schema });
const app = await buildApp({ store, webDist: null });
const samples: Record<string, number[]> = { worklist: [], submit: [], upload: [], accept: [], completion: [], decision: [] };
let errors = 0;
let loadBefore = 0;
const errorKinds = new Map<string, number>();

try {
  await seedDemoData(store, PASSWORD);
  for (const [username, role, departmentCode] of [['bench.xzsp', 'department_officer', 'XZSP'], ['bench.rsj', 'department_officer', 'RSJ']] as const) {
    await addUser(store.db, null, { username, displayName: username, role, regionCode: '370883', departmentCode, password: PASSWORD });
  }
  const signIn = async (username: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    if (res.statusCode !== 200) throw new Error(`sign-in ${username}: ${res.body}`);
    const cookie = String(res.headers['set-cookie']).split(';')[0];
    const csrf = res.json().csrfToken as string;
    return (method: 'GET' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      app.inject({ method, url, payload: payload as never, headers: { cookie, ...(method === 'POST' ? { 'x-csrf-token': csrf } : {}), ...headers } });
  };
  const reform = await signIn('reform');
  const bundle = (await reform('POST', '/api/bundles', { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction })).json();
  await reform('POST', `/api/bundles/${bundle.id}/publish`);
  const service = (await reform('GET', `/api/window/services/${bundle.id}`)).json();
  const form = sampleForm(service.form.schema as FormSchema, { uscc: sampleCreditCode() });
  // The holder's licences from other systems are in the certificate store: two materials to upload.
  const admin = await signIn('admin');
  const shared = (service.materials as Array<{ code: string; name: string; handling: string }>).filter((m) => m.handling === 'shared');
  await admin('POST', '/api/window/certificates/import', { certificates: shared.map((m, i) => ({ holderId: form.uscc, holderName: '示例建设有限公司', typeCode: m.code.startsWith('name:') ? m.name : m.code, typeName: m.name, number: `BENCH-${i}`, issuer: '示例发证机关', issuedOn: '2025-01-01', sourceSystem: 'bench' })) });
  const toUpload = (service.materials as Array<{ code: string; handling: string }>).filter((m) => m.handling === 'submit').map((m) => m.code);

  const timed = async <R extends { statusCode: number; body: string }>(kind: string, fn: () => Promise<R>): Promise<R> => {
    const t0 = performance.now();
    const res = await fn();
    const ms = performance.now() - t0;
    if (res.statusCode >= 400) {
      errors++;
      const k = `${kind} ${res.statusCode} ${(JSON.parse(res.body) as { error?: { code?: string } }).error?.code ?? ''}`;
      errorKinds.set(k, (errorKinds.get(k) ?? 0) + 1);
    } else samples[kind].push(ms);
    return res;
  };

  const pdf = Buffer.alloc(1024 * 1024, 0x20);
  pdf.write('%PDF-1.7\n', 0);
  const multipart = (code: string, bytes: Buffer) => {
    const b = `----bench${crypto.randomBytes(6).toString('hex')}`;
    const payload = Buffer.concat([Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="materialCode"\r\n\r\n${code}\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="m.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), bytes, Buffer.from(`\r\n--${b}--\r\n`)]);
    return { payload, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
  };

  const end = Date.now() + SECONDS * 1000;
  loadBefore = os.loadavg()[0];
  const applicantLoop = async (user: Awaited<ReturnType<typeof signIn>>) => {
    while (Date.now() < end) {
      const id = (await user('POST', '/api/window/applications', { serviceId: bundle.id, form })).json().id as number;
      const bytes = Buffer.from(pdf);
      bytes.write(crypto.randomBytes(8).toString('hex'), 20); // a file of its own, 1 MB
      for (const code of toUpload) {
        const m = multipart(code, bytes);
        await timed('upload', () => user('POST', `/api/window/applications/${id}/materials`, m.payload, m.headers));
      }
      await timed('submit', () => user('POST', `/api/window/applications/${id}/submit`, { commitment: { signedName: '申请人', agreed: true } }));
    }
  };
  const clerkLoop = async (user: Awaited<ReturnType<typeof signIn>>) => {
    while (Date.now() < end) {
      const list = (await user('GET', '/api/window/applications?status=submitted&limit=20')).json().items as Array<{ id: number }>;
      if (list.length === 0) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const pick = list[Math.floor(Math.random() * list.length)];
      await timed('accept', () => user('POST', `/api/window/applications/${pick.id}/accept`, {}));
    }
  };
  const officerLoop = async (user: Awaited<ReturnType<typeof signIn>>) => {
    while (Date.now() < end) {
      const res = await timed('worklist', () => user('GET', '/api/window/tasks?limit=50'));
      const items = (res.statusCode < 400 ? res.json().items : []) as Array<{ taskId: string; elementId: string }>;
      const work = items.filter((i) => i.elementId !== 'Task_ResultPackage');
      if (work.length === 0) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const task = work[Math.floor(Math.random() * Math.min(work.length, 10))];
      await timed(task.elementId === 'Task_JointDecision' ? 'decision' : 'completion', () => user('POST', `/api/window/tasks/${task.taskId}/complete`, { opinion: '同意' }));
    }
  };

  // 40 % applicants, 20 % window clerks, 40 % officers of the three departments of the bundle.
  const loops: Array<Promise<void>> = [];
  const officerNames = ['officer', 'bench.rsj', 'bench.xzsp'];
  for (let i = 0; i < USERS; i++) {
    const share = i % 5;
    if (share < 2) loops.push(signIn(i % 2 ? 'applicant' : 'applicant2').then(applicantLoop));
    else if (share === 2) loops.push(signIn('clerk').then(clerkLoop));
    else loops.push(signIn(officerNames[i % 3]).then(officerLoop));
  }
  await Promise.all(loops);
} finally {
  await app.close();
  await store.close();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const row = (kind: string, label: string, goal?: number) => {
  const xs = samples[kind];
  if (xs.length === 0) return `| ${label} | 0 | — | — | ${goal ? `≤ ${goal} ms` : '—'} |`;
  const p99 = pct(xs, 99);
  return `| ${label} | ${xs.length} | ${pct(xs, 50).toFixed(0)} ms | ${p99.toFixed(0)} ms | ${goal ? `≤ ${goal} ms ${p99 <= goal ? '✓' : '✗'}` : '—'} |`;
};
const table = [
  `${USERS} simulated users for ${SECONDS} s on PostgreSQL (40 % applicants, 20 % window clerks, 40 % department officers), through the HTTP app in one process (\`bench/window.ts\`; the goal is 200 users for 60 s).`,
  '',
  '| request | count | p50 | p99 | goal (p99) |',
  '|---|---|---|---|---|',
  row('worklist', 'worklist (`GET /api/window/tasks`)', GOALS.worklist),
  row('upload', 'material upload, 1 MB PDF (multipart)'),
  row('submit', 'submit (`POST .../submit`)', GOALS.submit),
  row('accept', 'accept (starts the process)'),
  row('completion', 'task completion (branch steps)', GOALS.completion),
  row('decision', 'joint decision (issues 9 certificate PDFs)'),
  '',
  `Load average of the machine (1 min) at the start: ${loadBefore.toFixed(1)} on ${os.cpus().length} cores — other work shared it; the figures are upper bounds for this code, not a measure of an idle server.`,
  '',
  `Errors: ${errors}${errorKinds.size ? ` (${[...errorKinds].map(([k, n]) => `${k}: ${n}`).join('; ')})` : ''}. Conflicts (409) are two users taking the same task or application at once.`,
].join('\n');
console.log(table);
if (WRITE) writeSection('window', `## One-window service\n\n${table}`);
