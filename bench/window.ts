// The one-window service under concurrent users, on PostgreSQL, through the HTTP app
// (validation, sessions, multipart, scope — in process, no sockets): applicants create an
// application and submit it with a 1 MB PDF per material, window clerks accept, department
// officers read their worklists and complete tasks. Writes the "window" section of
// docs/benchmarks.md.
//
//   node bin/run-ts.js bench/window.ts
//
// Knobs: ZAIZAO_BENCH_THINK_MS (a person's pause between requests, default 0), ZAIZAO_BENCH_DB (postgres | pglite), ZAIZAO_BENCH_USERS (default 200 on PostgreSQL,
// 20 on PGlite), ZAIZAO_BENCH_SECONDS (default 60), ZAIZAO_BENCH_APPLICATIONS (applications in
// the database before the run, default 100000: see _window-seed.ts), ZAIZAO_BENCH_WRITE=0
// (print only), ZAIZAO_BENCH_KEEP_SCHEMA=1 (leave the PostgreSQL schema for EXPLAIN, and for a
// run on it with ZAIZAO_BENCH_SCHEMA=zb_…), ZAIZAO_BENCH_TRACE=1 (the statements of each
// request made alone), ZAIZAO_BENCH_EXPLAIN=1 (the worklist's plan), ZAIZAO_BENCH_HOLDS=1 (the longest
// checkouts of the pool and when the slowest requests came). On a shared small machine iterate with e.g. ZAIZAO_BENCH_SECONDS=15.
//
// Simulated people work as people do, so that a conflict (409) is an error of the code, not
// of the simulation: each window clerk takes the applications of their own share (id modulo
// the clerks), each officer the tasks of theirs (a hash of the task id modulo the officers of
// the department), paging through the worklist until one turns up.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import pg from 'pg';
import { sql } from 'kysely';
import { buildApp } from '../src/http/app.js';
import { seedDemoData } from '../src/server/seed.js';
import { addUser } from '../src/org/store.js';
import { DEMO_SETS } from '../src/catalogue/demo/index.js';
import { DEMO_FIELD_DECISIONS } from '../src/bundle/demo-decisions.js';
import { sampleCreditCode, sampleForm } from '../src/window/sample.js';
import { seedApplications } from './_window-seed.js';
import type { FormSchema } from '../src/window/form.js';
import { dropSchema, pgliteStore, postgresStore, WRITE, writeSection } from './report.js';

const DB = process.env.ZAIZAO_BENCH_DB === 'pglite' ? 'pglite' : 'postgres';
const USERS = Number(process.env.ZAIZAO_BENCH_USERS ?? (DB === 'pglite' ? 20 : 200));
const SECONDS = Number(process.env.ZAIZAO_BENCH_SECONDS ?? 60);
const APPLICATIONS = Number(process.env.ZAIZAO_BENCH_APPLICATIONS ?? 100_000);
/** Pause of a simulated person between two requests (0: none, every user always has one in flight). */
const THINK_MS = Number(process.env.ZAIZAO_BENCH_THINK_MS ?? 0);
const PASSWORD = 'bench-password-2026';
const GOALS = { worklist: 50, submit: 300, completion: 100 };

const REUSE = process.env.ZAIZAO_BENCH_SCHEMA && /^zb_[0-9a-f]{10}$/.test(process.env.ZAIZAO_BENCH_SCHEMA) ? process.env.ZAIZAO_BENCH_SCHEMA : null;
const schema = REUSE ?? `zb_${crypto.randomBytes(5).toString('hex')}`;
const BENCH_BUNDLE = '建筑工程施工许可一件事（基准）';

// Database round trips per request kind: every query the pool sends is counted; one request
// of each kind is made alone before the run (nothing else running), so the count is its own.
let queriesSent = 0;
const roundTrips = new Map<string, number>();
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
// ZAIZAO_BENCH_TRACE=1 prints the statements of each request made alone (what its round trips are).
const TRACE = process.env.ZAIZAO_BENCH_TRACE === '1';
let traced: string[] | null = null;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queriesSent++;
  const holder = (this as pg.Client & { benchSent?: string[] }).benchSent;
  if (holder) {
    const q = args[0] as string | { text?: string };
    holder.push(`${(performance.now() % 1e6).toFixed(0)} ${(typeof q === 'string' ? q : (q?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 70)}`);
  }
  if (traced) {
    const q = args[0] as string | { text?: string };
    traced.push((typeof q === 'string' ? q : (q?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 160));
  }
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;
// New connections of the pool (each a new server process whose caches start cold).
let connectsMade = 0;
const connect = pg.Client.prototype.connect as (...args: unknown[]) => unknown;
pg.Client.prototype.connect = function (this: pg.Client, ...args: unknown[]) {
  connectsMade++;
  return connect.apply(this, args);
} as typeof pg.Client.prototype.connect;
// How long a request waits for one of the pool's connections (every checkout, during the run).
const poolWaits: number[] = [];
const HOLDS = process.env.ZAIZAO_BENCH_HOLDS === '1';
const longHolds: Array<{ ms: number; sent: string[] }> = [];
let runStart = 0;
let measuringPool = false;
const poolConnect = pg.Pool.prototype.connect as (...args: unknown[]) => unknown;
pg.Pool.prototype.connect = function (this: pg.Pool, ...args: unknown[]) {
  if (!measuringPool || args.length) return poolConnect.apply(this, args);
  const t0 = performance.now();
  return (poolConnect.apply(this, args) as Promise<pg.PoolClient>).then((client) => {
    const t1 = performance.now();
    poolWaits.push(t1 - t0);
    // HOLDS=1: the longest checkouts, with what they sent (who keeps the pool's connections).
    if (HOLDS) {
      const sent: string[] = [];
      const own = client as pg.PoolClient & { benchSent?: string[] };
      own.benchSent = sent;
      const release = client.release.bind(client);
      client.release = ((err?: Error | boolean) => {
        own.benchSent = undefined;
        const held = performance.now() - t1;
        if (held > 50) longHolds.push({ ms: held, sent });
        return release(err);
      }) as typeof client.release;
    }
    return client;
  });
} as typeof pg.Pool.prototype.connect;
const aloneMs = new Map<string, number>();
async function countTrips<R>(kind: string, fn: () => Promise<R>): Promise<R> {
  const before = queriesSent;
  if (TRACE) traced = [];
  const t0 = performance.now();
  const r = await fn();
  if (traced) console.log(`-- ${kind}:\n${traced.map((q, i) => `  ${i + 1}. ${q}`).join('\n')}`);
  traced = null;
  aloneMs.set(kind, Math.max(aloneMs.get(kind) ?? 0, performance.now() - t0));
  if (DB === 'postgres') roundTrips.set(kind, queriesSent - before);
  return r;
}

/** CPU seconds (user + system) of local processes, from /proc; null when not readable. */
function cpuSeconds(pids: number[]): number | null {
  try {
    let ticks = 0;
    for (const pid of pids) {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    }
    return ticks / 100;
  } catch {
    return null;
  }
}
const store = DB === 'pglite' ? await pgliteStore() : (await postgresStore('zb', schema)).store;
const app = await buildApp({ store, webDist: null });
const samples: Record<string, number[]> = { worklist: [], applications: [], instances: [], submit: [], upload: [], accept: [], completion: [], decision: [] };
let errors = 0;
let loadBefore = 0;
let loadAfter = 0;
let seeded = { applications: 0, openApplications: 0, tasks: 0, events: 0, ms: 0 };
let peakRss = 0;
let ran = 0;
const errorKinds = new Map<string, number>();

let cpu: { node: number; db: number | null; requests: number; connects: number } | null = null;
// What stalls the event loop during the run (every request in flight waits for it): its delay
// beyond the timer's due time, and the garbage collector's pauses.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
const gc = { count: 0, ms: 0, max: 0 };
const gcSpans: Array<[number, number]> = [];
const gcObserver = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gc.count++;
    gc.ms += e.duration;
    gc.max = Math.max(gc.max, e.duration);
    gcSpans.push([e.startTime, e.startTime + e.duration]);
  }
});
// Where the slowest requests spent their time: the spans in which the event loop stood still
// (a 10 ms timer late by more than 20 ms: synchronous work, a collection, or the machine's other
// load taking the CPU), set against each request's own span. What is left is waiting for the
// database (its pool, its locks, its disk) or for other requests' turns.
/** [start, end, the share of it the process itself was on the CPU (the rest: the machine's other load had it)]. */
const stalls: Array<[number, number, number]> = [];
let lastTick = 0;
let lastCpu = process.cpuUsage();
const spans: Record<string, Array<[number, number]>> = {};
const overlap = (a: [number, number], bs: Array<[number, number, number?]>) =>
  bs.reduce((sum, b) => sum + Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0])) * (b[2] ?? 1), 0);

try {
  if (!REUSE) {
    await seedDemoData(store, PASSWORD);
    for (const [username, role, departmentCode] of [
      ['bench.xzsp', 'department_officer', 'XZSP'],
      ['bench.rsj', 'department_officer', 'RSJ'],
    ] as const) {
      await addUser(store.db, null, { username, displayName: username, role, regionCode: '370883', departmentCode, password: PASSWORD });
    }
  }
  type Session = (method: 'GET' | 'POST', url: string, payload?: unknown, headers?: Record<string, string>) => ReturnType<typeof app.inject>;
  // One session per account, shared by the simulated people of that account (as the sign-in
  // throttle would have it: two hundred sign-ins at once are not what is measured).
  const sessions = new Map<string, Promise<Session>>();
  const signIn = (username: string): Promise<Session> => {
    const known = sessions.get(username);
    if (known) return known;
    const made = (async () => {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
      if (res.statusCode !== 200) throw new Error(`sign-in ${username}: ${res.body}`);
      const cookie = String(res.headers['set-cookie']).split(';')[0];
      const csrf = res.json().csrfToken as string;
      return ((method, url, payload, headers = {}) =>
        app.inject({ method, url, payload: payload as never, headers: { cookie, ...(method === 'POST' ? { 'x-csrf-token': csrf } : {}), ...headers } })) as Session;
    })();
    sessions.set(username, made);
    return made;
  };
  const reform = await signIn('reform');
  const kept = REUSE ? await store.db.selectFrom('bundles').select('id').where('name', '=', BENCH_BUNDLE).where('status', '=', 'published').executeTakeFirst() : undefined;
  if (REUSE && !kept) throw new Error(`schema ${REUSE} holds no benchmark service: run once with ZAIZAO_BENCH_KEEP_SCHEMA=1`);
  const bundle = kept
    ? { id: Number(kept.id) }
    : (await reform('POST', '/api/bundles', { name: BENCH_BUNDLE, matterCodes: DEMO_SETS.construction, decisions: DEMO_FIELD_DECISIONS.construction })).json();
  if (!kept) await reform('POST', `/api/bundles/${bundle.id}/publish`);
  const service = (await reform('GET', `/api/window/services/${bundle.id}`)).json();
  const form = sampleForm(service.form.schema as FormSchema, { uscc: sampleCreditCode() });
  // The holder's licences from other systems are in the certificate store: two materials to upload.
  const admin = await signIn('admin');
  const shared = (service.materials as Array<{ code: string; name: string; handling: string }>).filter((m) => m.handling === 'shared');
  if (!kept)
    await admin('POST', '/api/window/certificates/import', {
      certificates: shared.map((m, i) => ({
        holderId: form.uscc,
        holderName: '示例建设有限公司',
        typeCode: m.code.startsWith('name:') ? m.name : m.code,
        typeName: m.name,
        number: `BENCH-${i}`,
        issuer: '示例发证机关',
        issuedOn: '2025-01-01',
        sourceSystem: 'bench',
      })),
    });
  const toUpload = (service.materials as Array<{ code: string; handling: string }>).filter((m) => m.handling === 'submit').map((m) => m.code);

  const timed = async <R extends { statusCode: number; body: string }>(kind: string, fn: () => Promise<R>): Promise<R> => {
    // A request reaches a server through its socket, one turn of the event loop at least. The
    // simulated people live in the app's process (inject, no sockets): without that turn, on
    // PGlite (no sockets either) a user who never pauses chains request after request in
    // microtasks, timers never fire, and whoever waits on one (an officer's 50 ms pause) starves.
    await new Promise((r) => setImmediate(r));
    const t0 = performance.now();
    const res = await fn();
    const ms = performance.now() - t0;
    ran++;
    if (THINK_MS > 0) await new Promise((r) => setTimeout(r, THINK_MS * (0.5 + Math.random())));
    if (res.statusCode >= 400) {
      errors++;
      const k = `${kind} ${res.statusCode} ${(JSON.parse(res.body) as { error?: { code?: string } }).error?.code ?? ''}`;
      errorKinds.set(k, (errorKinds.get(k) ?? 0) + 1);
    } else {
      samples[kind].push(ms);
      (spans[kind] ??= []).push([t0, t0 + ms]);
    }
    return res;
  };

  const pdf = Buffer.alloc(1024 * 1024, 0x20);
  pdf.write('%PDF-1.7\n', 0);
  // The body streams from the file's own buffer: the simulated clients, in the app's process,
  // copy no megabytes of their own (a browser's would not count against the server's memory).
  const multipart = (code: string, bytes: Buffer) => {
    const b = `----bench${crypto.randomBytes(6).toString('hex')}`;
    const head = Buffer.from(
      `--${b}\r\nContent-Disposition: form-data; name="materialCode"\r\n\r\n${code}\r\n--${b}\r\nContent-Disposition: form-data; name="file"; filename="m.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    const tail = Buffer.from(`\r\n--${b}--\r\n`);
    return {
      payload: Readable.from([head, bytes, tail]),
      headers: { 'content-type': `multipart/form-data; boundary=${b}`, 'content-length': String(head.length + bytes.length + tail.length) },
    };
  };
  const apply = async (user: Session, measure: boolean, bytes = Buffer.from(pdf)) => {
    const id = (await user('POST', '/api/window/applications', { serviceId: bundle.id, form })).json().id as number;
    for (const code of toUpload) {
      bytes.write(crypto.randomBytes(8).toString('hex'), 20); // a file of its own for each material, 1 MB
      const m = multipart(code, bytes);
      const up = () => user('POST', `/api/window/applications/${id}/materials`, m.payload, m.headers);
      if (measure) await timed('upload', up);
      else await up();
    }
    const submit = () => user('POST', `/api/window/applications/${id}/submit`, { commitment: { signedName: '申请人', agreed: true } });
    if (measure) await timed('submit', submit);
    else await submit();
    return id;
  };

  // The county's past: one application through the API, accepted, cloned APPLICATIONS times.
  if (!REUSE) {
    const clerk = await signIn('clerk');
    const template = await apply(await signIn('applicant'), false);
    await clerk('POST', `/api/window/applications/${template}/accept`, {});
    if (APPLICATIONS > 1) seeded = await seedApplications(store.db, template, APPLICATIONS - 1);
  } else {
    const n = async (q: string) => Number((await sql<{ n: number }>`${sql.raw(q)}`.execute(store.db)).rows[0].n);
    seeded = {
      applications: await n('select count(*) as n from window_applications'),
      openApplications: await n(`select count(*) as n from window_applications where status = 'accepted'`),
      tasks: await n('select count(*) as n from engine_tasks'),
      events: await n('select count(*) as n from window_events'),
      ms: 0,
    };
  }
  console.log(
    `seeded ${seeded.applications} applications (${seeded.openApplications} at the departments), ${seeded.tasks} tasks, ${seeded.events} events in ${(seeded.ms / 1000).toFixed(1)} s`,
  );

  // ZAIZAO_BENCH_EXPLAIN=1: the worklist's statement as the database plans it at this scale.
  if (process.env.ZAIZAO_BENCH_EXPLAIN === '1') {
    const plan = await sql<{ 'QUERY PLAN': string }>`explain (analyze, buffers)
      select t.id, t.name, t.element_id, t.created_at, t.candidates, a.id as application_id, a.bundle_id, a.bundle_version, a.receipt_no, a.service_name, a.holder_name, a.accepted_at, a.promised_date, a.handling_pauses
      from (select id, name, element_id, created_at, candidates, region_code, assignee, instance_id from engine_tasks where status = 'open' order by created_at, id limit 1000) t
        join window_applications a on a.instance_id = t.instance_id
      where t.region_code like '370883%' and (t.assignee is null or t.assignee = 'bench.rsj')
        and (t.candidates->'departments' ? 'RSJ' or t.candidates->'roles' ? 'department_officer')
      order by t.created_at, t.id limit 51`.execute(store.db);
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  }

  // One request of each kind alone (sign-ins included), timing it and counting its round trips to the database.
  {
    const a = await signIn('applicant');
    const c = await signIn('clerk');
    const o = await countTrips('sign-in', () => signIn('officer'));
    const r = await signIn('reform');
    const id = (await countTrips('create', () => a('POST', '/api/window/applications', { serviceId: bundle.id, form }))).json().id as number;
    const bytes = Buffer.from(pdf);
    for (const code of toUpload) {
      bytes.write(crypto.randomBytes(8).toString('hex'), 20); // a new file, as in the run
      const m = multipart(code, bytes);
      await countTrips('upload', () => a('POST', `/api/window/applications/${id}/materials`, m.payload, m.headers));
    }
    await countTrips('submit', () => a('POST', `/api/window/applications/${id}/submit`, { commitment: { signedName: '申请人', agreed: true } }));
    await countTrips('accept', () => c('POST', `/api/window/applications/${id}/accept`, {}));
    const page = (await countTrips('worklist', () => o('GET', '/api/window/tasks?limit=50'))).json() as { items: Array<{ taskId: string; elementId: string }> };
    const task = page.items.find((i) => i.elementId !== 'Task_ResultPackage' && i.elementId !== 'Task_JointDecision');
    if (task) await countTrips('completion', () => o('POST', `/api/window/tasks/${task.taskId}/complete`, { opinion: '同意' }));
    await countTrips('applications', () => r('GET', '/api/window/applications?limit=20'));
    await countTrips('instances', () => r('GET', '/api/engine/instances?limit=20'));
  }

  // The pool's server processes (as many concurrent queries as the pool has connections), for their CPU.
  const backendPids =
    DB === 'postgres'
      ? [
          ...new Set(
            (
              await Promise.all(
                Array.from({ length: Number(process.env.ZAIZAO_DB_POOL_MAX ?? 10) }, () => sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.05)`.execute(store.db)),
              )
            ).map((r) => Number(r.rows[0].pid)),
          ),
        ]
      : [];
  const dbCpu0 = DB === 'postgres' ? cpuSeconds(backendPids) : null;
  const nodeCpu0 = process.cpuUsage();
  const connects0 = connectsMade;
  const end = Date.now() + SECONDS * 1000;
  loadBefore = os.loadavg()[0];
  loopDelay.enable();
  gcObserver.observe({ entryTypes: ['gc'] });
  measuringPool = true;
  runStart = performance.now();
  lastTick = performance.now();
  const ticker = setInterval(() => {
    const t = performance.now();
    const c = process.cpuUsage();
    if (t - lastTick > 30) stalls.push([lastTick + 10, t, Math.min(1, (c.user + c.system - lastCpu.user - lastCpu.system) / 1000 / (t - lastTick))]);
    lastTick = t;
    lastCpu = c;
  }, 10);
  const memory = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 500);
  const pause = () => new Promise((r) => setTimeout(r, 50));
  const hash = (s: string) => [...s].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);

  // People who pause between requests also begin at different moments: each arrives at a
  // random point of one pause, so that the run measures the steady state it stands for, not
  // two hundred first requests in the same millisecond (every connection of the pool taken by
  // 1 MB uploads, and everyone else's first request queueing behind them: at THINK_MS=5000
  // that first second had made the slowest 1 % of the whole run).
  const arrive = () => (THINK_MS > 0 ? new Promise((r) => setTimeout(r, Math.random() * THINK_MS)) : Promise.resolve());
  const applicantLoop = async (user: Session) => {
    await arrive();
    const bytes = Buffer.from(pdf); // one person's scanner: each file written into it in turn
    while (Date.now() < end) await apply(user, true, bytes);
  };
  const clerkLoop = async (user: Session, share: number, shares: number) => {
    await arrive();
    while (Date.now() < end) {
      const res = await timed('applications', () => user('GET', '/api/window/applications?status=submitted&limit=50'));
      const mine = ((res.statusCode < 400 ? res.json().items : []) as Array<{ id: number }>).filter((a) => a.id % shares === share);
      if (mine.length === 0) {
        await pause();
        continue;
      }
      await timed('accept', () => user('POST', `/api/window/applications/${mine[0].id}/accept`, {}));
    }
  };
  const officerLoop = async (user: Session, share: number, shares: number) => {
    await arrive();
    while (Date.now() < end) {
      let after: string | null = null;
      let task: { taskId: string; elementId: string } | undefined;
      for (let page = 0; page < 5 && !task; page++) {
        const res = await timed('worklist', () => user('GET', `/api/window/tasks?limit=50${after ? `&after=${encodeURIComponent(after)}` : ''}`));
        if (res.statusCode >= 400) break;
        const body = res.json() as { items: Array<{ taskId: string; elementId: string }>; next: string | null };
        task = body.items.find((i) => i.elementId !== 'Task_ResultPackage' && hash(i.taskId) % shares === share);
        after = body.next;
        if (!after) break;
      }
      if (!task) {
        await pause();
        continue;
      }
      const t = task;
      await timed(t.elementId === 'Task_JointDecision' ? 'decision' : 'completion', () => user('POST', `/api/window/tasks/${t.taskId}/complete`, { opinion: '同意' }));
    }
  };
  const readerLoop = async (user: Session) => {
    await arrive();
    while (Date.now() < end) {
      await timed('applications', () => user('GET', '/api/window/applications?limit=20'));
      await timed('instances', () => user('GET', '/api/engine/instances?limit=20'));
    }
  };

  // 40 % applicants, 20 % window clerks, 30 % officers of the three departments of the
  // bundle, 10 % the reform office reading the lists.
  const kinds = Array.from({ length: USERS }, (_, i) => ['applicant', 'applicant', 'applicant', 'applicant', 'clerk', 'clerk', 'officer', 'officer', 'officer', 'reader'][i % 10]);
  const officerNames = ['officer', 'bench.rsj', 'bench.xzsp'];
  const clerks = kinds.filter((k) => k === 'clerk').length;
  const officersOf = (name: string) => kinds.filter((k, i) => k === 'officer' && officerNames[i % 3] === name).length;
  const loops: Array<Promise<void>> = [];
  const seen = new Map<string, number>();
  kinds.forEach((kind, i) => {
    const next = (key: string) => {
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      return n;
    };
    if (kind === 'applicant') loops.push(signIn(i % 2 ? 'applicant' : 'applicant2').then(applicantLoop));
    else if (kind === 'clerk') loops.push(signIn('clerk').then((u) => clerkLoop(u, next('clerk'), clerks)));
    else if (kind === 'officer') {
      const name = officerNames[i % 3];
      loops.push(signIn(name).then((u) => officerLoop(u, next(name), officersOf(name))));
    } else loops.push(signIn('reform').then(readerLoop));
  });
  await Promise.all(loops);
  clearInterval(memory);
  clearInterval(ticker);
  measuringPool = false;
  loopDelay.disable();
  gcObserver.disconnect();
  loadAfter = os.loadavg()[0];
  const nodeCpu = process.cpuUsage(nodeCpu0);
  const dbCpu1 = DB === 'postgres' ? cpuSeconds(backendPids) : null;
  cpu = { node: (nodeCpu.user + nodeCpu.system) / 1e6, db: dbCpu0 !== null && dbCpu1 !== null ? dbCpu1 - dbCpu0 : null, requests: ran, connects: connectsMade - connects0 };
} finally {
  await app.close();
  await store.close();
  if (DB === 'postgres' && (REUSE || process.env.ZAIZAO_BENCH_KEEP_SCHEMA === '1')) console.log(`kept schema ${schema}`);
  else if (DB === 'postgres') {
    await dropSchema(schema);
  }
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
  `${USERS} simulated users${THINK_MS ? ` (each pausing ${THINK_MS} ms on average between requests)` : ' (no pause between requests: each always has one in flight)'} for ${SECONDS} s on ${DB === 'pglite' ? 'PGlite' : 'PostgreSQL'} with ${seeded.applications.toLocaleString('en')} applications in the database (${seeded.openApplications.toLocaleString('en')} at the departments, ${seeded.tasks.toLocaleString('en')} tasks, ${seeded.events.toLocaleString('en')} events); 40 % applicants, 20 % window clerks, 30 % department officers, 10 % the reform office reading lists; through the HTTP app in one process (\`bench/window.ts\`).`,
  '',
  '| request | count | p50 | p99 | goal (p99) |',
  '|---|---|---|---|---|',
  row('worklist', 'worklist page (`GET /api/window/tasks?limit=50`)', GOALS.worklist),
  row('applications', 'application list (`GET /api/window/applications`)'),
  row('instances', 'instance list (`GET /api/engine/instances?limit=20`)'),
  row('upload', 'material upload, 1 MB PDF (multipart)'),
  row('submit', 'submit (`POST .../submit`)', GOALS.submit),
  row('accept', 'accept (starts the process)'),
  row('completion', 'task completion (branch steps)', GOALS.completion),
  row('decision', 'joint decision (issues 9 certificate PDFs)'),
  '',
  cpu
    ? `CPU per request (every measured request, any kind): ${((cpu.node * 1000) / Math.max(1, cpu.requests)).toFixed(1)} ms in the Node process (app and simulated users)${cpu.db !== null ? `, ${((cpu.db * 1000) / Math.max(1, cpu.requests)).toFixed(1)} ms in the PostgreSQL server processes of the pool` : ''} — ${cpu.node.toFixed(1)} s${cpu.db !== null ? ` and ${cpu.db.toFixed(1)} s` : ''} of CPU for ${cpu.requests} requests in ${SECONDS} s, a measure the machine's load does not inflate the way it does wall times.`
    : '',
  '',
  roundTrips.size
    ? `Database round trips of one request made alone: ${[...roundTrips].map(([k, n]) => `${k} ${n}`).join(', ')}.${cpu && DB === 'postgres' ? ` New connections of the pool during the run: ${cpu.connects}; the wait for a connection of the pool, p50 ${pct(poolWaits, 50).toFixed(1)} ms, p99 ${pct(poolWaits, 99).toFixed(1)} ms, longest ${poolWaits.reduce((m, x) => Math.max(m, x), 0).toFixed(0)} ms (${poolWaits.length} checkouts).` : ''}`
    : '',
  '',
  `One request of each kind made alone before the run (wall time, same load): ${[...aloneMs].map(([k, ms]) => `${k} ${ms.toFixed(0)} ms`).join(', ')}.`,
  '',
  cpu
    ? `Event loop delay over the run: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms; garbage collection: ${gc.count} pauses, ${gc.ms.toFixed(0)} ms in all, the longest ${gc.max.toFixed(0)} ms.`
    : '',
  '',
  cpu
    ? `The slowest 1 % of each kind, the share of their time in which the event loop stood still (more than 20 ms; in those stalls the process's own CPU work) / spent in garbage collection (pauses of any length): ${Object.keys(
        samples,
      )
        .filter((k) => (spans[k]?.length ?? 0) > 0)
        .map((k) => {
          const slow = [...spans[k]].sort((a, b) => b[1] - b[0] - (a[1] - a[0])).slice(0, Math.max(1, Math.ceil(spans[k].length / 100)));
          const total = slow.reduce((n, s) => n + s[1] - s[0], 0);
          const share = (bs: Array<[number, number, number?]>) => ((100 * slow.reduce((n, s) => n + overlap(s, bs), 0)) / total).toFixed(0);
          return `${k} ${share(stalls.map(([a, b]) => [a, b]))} % (${share(stalls)} %) / ${share(gcSpans)} %`;
        })
        .join(', ')}.`
    : '',
  '',
  `Throughput: ${(ran / SECONDS).toFixed(0)} measured requests/s; peak resident memory of the process (app and simulated users): ${(peakRss / 2 ** 20).toFixed(0)} MB.`,
  '',
  `Load average of the machine (1 min): ${loadBefore.toFixed(1)} at the start, ${loadAfter.toFixed(1)} at the end, on ${os.cpus().length} cores shared with other work (the database server, the simulated users and the app all on it) — the figures are upper bounds for this code, not a measure of an idle server.`,
  '',
  `Errors: ${errors}${errorKinds.size ? ` (${[...errorKinds].map(([k, n]) => `${k}: ${n}`).join('; ')})` : ''}. Each clerk and officer works their own share, so a conflict (409) counts as an error.`,
].join('\n');
console.log(table);
if (HOLDS)
  for (const k of ['worklist', 'upload'])
    console.log(
      `slowest ${k} (s into the run, ms):`,
      [...(spans[k] ?? [])]
        .sort((a, b) => b[1] - b[0] - (a[1] - a[0]))
        .slice(0, 12)
        .map(([a, b]) => `${((a - runStart) / 1000).toFixed(1)}:${(b - a).toFixed(0)}`)
        .join(' '),
    );
if (HOLDS) for (const h of longHolds.sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(`held ${h.ms.toFixed(0)} ms:\n  ${h.sent.join('\n  ')}`);
if (WRITE) writeSection(DB === 'pglite' ? 'window-pglite' : 'window', `## One-window service${DB === 'pglite' ? ' (PGlite)' : ''}\n\n${table}`);
