// Cases at county scale on PostgreSQL: a year of cases for a county of one million people
// (300,000 cases, written by a seeded generator), then
//   - the monthly ranking of every tier with its 三率 and 每月一题 (goal ≤ 2 s),
//   - the dispatcher's board under 50 concurrent users over HTTP (goal p99 ≤ 100 ms),
//   - Open311 POSTs at 100 a second over HTTP (goal: 0 errors).
// Knobs: ZAIZAO_BENCH_CASES (default 300,000), ZAIZAO_BENCH_BOARD_REQUESTS (per user, default
// 20), ZAIZAO_BENCH_OPEN311_SECONDS (default 10), ZAIZAO_BENCH_WRITE=0 (print only).
import crypto from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { buildApp } from '../src/http/app.js';
import { createApiKey } from '../src/cases/config.js';
import { monthlyProblems, monthlyRanking } from '../src/cases/figures.js';
import { seedDemoData } from '../src/server/seed.js';
import { openStore } from '../src/store/database.js';
import { SYSTEM_ACTOR } from '../src/org/model.js';
import { fmtMs, writeSection } from './report.js';

const N = Number(process.env.ZAIZAO_BENCH_CASES ?? 300_000);
const BOARD_REQUESTS = Number(process.env.ZAIZAO_BENCH_BOARD_REQUESTS ?? 20);
const USERS = 50;
const OPEN311_SECONDS = Number(process.env.ZAIZAO_BENCH_OPEN311_SECONDS ?? 10);
const WRITE = process.env.ZAIZAO_BENCH_WRITE !== '0';
const PG_URL = process.env.ZAIZAO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PASSWORD = 'bench-password-2026';

const loadBefore = (await import('node:os')).loadavg()[0];
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const schema = `zb_${crypto.randomBytes(5).toString('hex')}`;
const store = await openStore({ kind: 'postgres', url: PG_URL, schema });
try {
  await seedDemoData(store, PASSWORD);
  const db = store.db;

  // The generator: one INSERT … SELECT over generate_series with a fixed seed, so every run
  // writes the same year. Cases spread over the demo villages, the three tiers and statuses
  // the way a finished year looks (almost everything closed and evaluated).
  const t0 = performance.now();
  const zjj = (await db.selectFrom('departments').select('id').where('code', '=', 'ZJJ').executeTakeFirstOrThrow()).id;
  const sjj = (await db.selectFrom('departments').select('id').where('code', '=', 'SJJ').executeTakeFirstOrThrow()).id;
  await sql`select setseed(0.2026)`.execute(db);
  await sql`
    insert into cases (region_code, category_code, channel, status, urgency, description, address, lat, lng, reporter_name,
      tier, unit_region_code, unit_department_id, unit_name, transfers, bounced, reopened, satisfaction,
      reported_at, assigned_at, response_due, responded_at, responded_late, handle_due, handled_at, handled_late, closed_at, evaluated_at, updated_at)
    select v.code, (array['ENV-RUBBISH','ROAD-DAMAGE','STREETLIGHT','ILLEGAL-BUILD'])[1 + (g % 4)],
      (array['grid','hotline','open311','enterprise'])[1 + (g % 7 % 4)],
      case when r.x < 0.03 then 'handling' when r.x < 0.05 then 'assigned' when r.x < 0.25 then 'closed' else 'evaluated' end,
      'normal', '生成的案件 ' || g, '', 35.3 + r.y * 0.2, 116.9 + r.z * 0.2, '生成',
      t.tier, case when t.tier = 'village' then v.code when t.tier = 'township' then substr(v.code, 1, 9) else '370883' end,
      case when t.tier = 'department' then (case when g % 2 = 0 then ${zjj} else ${sjj} end)::bigint end,
      case when t.tier = 'department' then (case when g % 2 = 0 then '住房和城乡建设局' else '市场监督管理局' end) else v.name end,
      (r.y * 3)::int, r.y > 0.97, (r.z < 0.05)::int,
      case when r.x >= 0.25 then 1 + (r.z * 5)::int % 5 end,
      ts.at, ts.at, ts.at + interval '2 hours', ts.at + interval '1 hour', r.y > 0.9, ts.at + interval '5 days',
      case when r.x >= 0.05 then ts.at + interval '3 days' end, case when r.x >= 0.05 then r.z > 0.92 end,
      case when r.x >= 0.05 then ts.at + interval '4 days' end, case when r.x >= 0.25 then ts.at + interval '5 days' end, ts.at
    from generate_series(1, ${N}) g
    cross join lateral (select random() as x, random() as y, random() as z) r
    cross join lateral (select timestamptz '2025-01-01 00:00:00+08' + (g::float8 / ${N}) * interval '365 days' as at) ts
    cross join lateral (select case when g % 20 < 12 then 'village' when g % 20 < 17 then 'township' else 'department' end as tier) t
    cross join lateral (select code, name from regions where level = 'village' order by code offset (g % 6) limit 1) v
  `.execute(db);
  // One case in 100 (all of them township cases) whistles two departments; one report-in in ten is late.
  await sql`
    insert into case_whistles (case_id, region_code, department_id, whistled_by, whistled_at, deadline, acknowledged_at, on_site_at, late, released_at)
    select c.id, c.region_code, d.id, 'dispatcher', c.assigned_at, c.assigned_at + interval '30 minutes', c.assigned_at + interval '5 minutes',
      c.assigned_at + case when random() < 0.1 then interval '45 minutes' else interval '20 minutes' end, null, c.closed_at
    from cases c cross join (values (${zjj}::bigint), (${sjj}::bigint)) d(id)
    where c.tier = 'township' and c.id % 100 = 13
  `.execute(db);
  await sql`update case_whistles set late = on_site_at > deadline`.execute(db);
  await sql`analyze`.execute(db);
  const generateMs = performance.now() - t0;
  const whistles = Number((await sql<{ n: string }>`select count(*) as n from case_whistles`.execute(db)).rows[0].n);
  console.log(`generated ${N} cases and ${whistles} whistles in ${fmtMs(generateMs)}`);

  // The monthly ranking of every tier and 每月一题 for one month.
  const leader = { ...SYSTEM_ACTOR, userId: 1, username: 'leader', role: 'leader' as const, regionCode: '370883' };
  const now = new Date('2026-01-15T10:00:00+08:00');
  const rankingRuns: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await Promise.all([monthlyRanking(db, leader, '2025-06', 'village', now), monthlyRanking(db, leader, '2025-06', 'township', now), monthlyRanking(db, leader, '2025-06', 'department', now), monthlyProblems(db, leader, '2025-06')]);
    rankingRuns.push(performance.now() - t);
  }
  const ranking = pct(rankingRuns, 50);
  console.log(`monthly ranking (three tiers + 每月一题): median ${fmtMs(ranking)}, worst ${fmtMs(Math.max(...rankingRuns))}`);

  // Over HTTP: the board for 50 signed-in users at once; Open311 POSTs at 100 a second.
  const app = await buildApp({ store, webDist: null });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'dispatcher', password: PASSWORD }) });
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  // Warm-up.
  for (let i = 0; i < 5; i++) await fetch(`${base}/api/cases/board`, { headers: { cookie } }).then((r) => r.text());
  const boardTimes: number[] = [];
  let boardErrors = 0;
  await Promise.all(
    Array.from({ length: USERS }, async () => {
      for (let i = 0; i < BOARD_REQUESTS; i++) {
        const t = performance.now();
        const res = await fetch(`${base}/api/cases/board`, { headers: { cookie } });
        await res.text();
        boardTimes.push(performance.now() - t);
        if (!res.ok) boardErrors++;
      }
    }),
  );
  const boardP99 = pct(boardTimes, 99);
  console.log(`board: ${boardTimes.length} requests by ${USERS} users, p50 ${fmtMs(pct(boardTimes, 50))}, p99 ${fmtMs(boardP99)}, errors ${boardErrors}`);

  const { key } = await createApiKey(db, { ...SYSTEM_ACTOR, userId: 1, username: 'admin', regionCode: '370883' }, 'bench', new Date());
  const postTimes: number[] = [];
  let postErrors = 0;
  const total = OPEN311_SECONDS * 100;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * 10; // one every 10 ms
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      (async () => {
        const t = performance.now();
        const body = new URLSearchParams({ api_key: key, service_code: 'ENV-RUBBISH', lat: String(35.3 + (i % 100) * 0.001), long: '116.95', description: `bench ${i}` });
        const res = await fetch(`${base}/open311/v2/requests.json`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: body.toString() });
        await res.text();
        postTimes.push(performance.now() - t);
        if (res.status !== 200) postErrors++;
      })(),
    );
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  const rate = total / elapsed;
  console.log(`Open311: ${total} POSTs in ${elapsed.toFixed(1)} s (${rate.toFixed(0)}/s), p50 ${fmtMs(pct(postTimes, 50))}, p99 ${fmtMs(pct(postTimes, 99))}, errors ${postErrors}`);
  await app.close();

  const ok = (good: boolean) => (good ? '✓' : '✗');
  const scaled = N < 300_000 ? ` (scaled run: ${N.toLocaleString('en')} cases instead of 300,000)` : '';
  const md = `## Cases (诉求案件) and Open311

PostgreSQL, a year of generated cases for one county${scaled}: ${N.toLocaleString('en')} cases and ${whistles.toLocaleString('en')} whistles (generated in ${fmtMs(generateMs)}).

| figure | measured | goal | |
|---|---|---|---|
| monthly ranking of villages, townships and departments (三率, overdue, reopened, punctuality) + 每月一题, one month | ${fmtMs(ranking)} median of 5 | ≤ 2 s | ${ok(ranking <= 2000)} |
| dispatcher's board, ${USERS} concurrent users × ${BOARD_REQUESTS} requests over HTTP | p99 ${fmtMs(boardP99)} (p50 ${fmtMs(pct(boardTimes, 50))}), ${boardErrors} errors | p99 ≤ 100 ms | ${ok(boardP99 <= 100 && boardErrors === 0)} |
| Open311 POST requests.json, paced at 100/s for ${OPEN311_SECONDS} s | ${rate.toFixed(0)}/s achieved, p99 ${fmtMs(pct(postTimes, 99))}, ${postErrors} errors | 100/s, 0 errors | ${ok(postErrors === 0 && rate >= 95)} |

The machine is shared with other processes (two cores); the board and POST figures move with its load (load average ${loadBefore.toFixed(1)} at the start of this run).`;
  console.log(md);
  if (WRITE) writeSection('cases', md);
} finally {
  await store.close();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await client.end();
}
