// Ratings at county scale on PostgreSQL: a year of ratings (1,000,000 by default, over 5
// townships and the county, 17 departments, 120 officers, 300 matters; 4 % 差评, each with its
// rectification case), then the fair rankings of a month and of the whole year per dimension
// (goal ≤ 1 s) and the leader's board for a month and the year (goal ≤ 1.5 s).
//
// Environment: ZAIZAO_BENCH_RATINGS (default 1000000), ZAIZAO_BENCH_PG_URL (default the test server).
import os from 'node:os';
import { sql } from 'kysely';
import type { Actor } from '../src/org/model.js';
import { board } from '../src/rating/board.js';
import { ranking, type Dimension } from '../src/rating/rankings.js';
import { rebuildRollups } from '../src/rating/rollup.js';
import { seedDemoData } from '../src/server/seed.js';
import { fmtMs, medianMs, postgresStore, writeSection } from './report.js';

const N = Number(process.env.ZAIZAO_BENCH_RATINGS ?? 1_000_000);
const RUNS = 5;

const { store, drop: dropSchema } = await postgresStore();

try {
  await seedDemoData(store, 'bench-password');
  const db = store.db;
  const t0 = performance.now();
  // One year of ratings, spread evenly over 2026; attribution drawn from the demo organisation.
  await sql`
    insert into ratings (region_code, occurrence_kind, occurrence_id, evaluation, rater, channel, level, reasons, comment, rated_at, department_code, officer, matter_code, matter_name)
    select (array['370883', '370883001', '370883002', '370883101', '370883001201', '370883002201'])[1 + i % 6],
           'instance', 'bench-' || i, 'occurrence', 'applicant-' || (i % 50000), 'mobile',
           case when i % 25 = 0 then 1 + (i / 25) % 2 else 3 + (i * 7) % 3 end,
           '[]', '', timestamptz '2026-01-01 00:00:00+08' + (i::double precision / ${N}) * interval '365 days',
           (array['XZSP','ZJJ','SJJ','SFJ','RSJ','SWJ','GAJ','ZRZY','FGJ','YJJ','GJJ','XFJY','RFB','STHJ','RMYH','DSJ','GS-SHB'])[1 + (i * 13) % 17],
           'officer-' || (i * 31) % 120, 'M-' || (i * 17) % 300, '事项 ' || (i * 17) % 300
    from generate_series(1, ${N}) as i`.execute(db);
  // Every 差评 has its case: most rectified (nine in ten in time), one in fifty appealed and upheld.
  await sql`
    insert into rating_cases (region_code, rating_id, department_code, status, anonymous, facts, opened_at, rectify_due, rectified_at, rectified_on_time, followed_up, updated_at)
    select r.region_code, r.id, r.department_code,
           case when r.id % 50 = 0 then 'excluded' when r.id % 7 = 0 then 'rectifying' else 'closed' end,
           false, '{}', r.rated_at, (r.rated_at + interval '7 days')::date,
           case when r.id % 7 = 0 or r.id % 50 = 0 then null else r.rated_at + interval '5 days' end,
           case when r.id % 7 = 0 or r.id % 50 = 0 then null else r.id % 10 <> 0 end,
           r.id % 7 <> 0, r.rated_at
    from ratings r where r.level <= 2`.execute(db);
  await sql`update ratings set excluded = true where id in (select rating_id from rating_cases where status = 'excluded')`.execute(db);
  const loadMs = performance.now() - t0;
  // The generator bypasses the commands that keep the roll-ups; build them once, as a migration would.
  const r0 = performance.now();
  await rebuildRollups(db);
  const rollupMs = performance.now() - r0;
  await sql`analyze ratings`.execute(db);
  await sql`analyze rating_cases`.execute(db);
  await sql`analyze rating_rollup`.execute(db);
  await sql`analyze rating_rollup_daily`.execute(db);
  const rollupRows = Number((await sql<{ n: number }>`select count(*)::int as n from rating_rollup`.execute(db)).rows[0].n);
  const cases = Number((await sql<{ n: number }>`select count(*)::int as n from rating_cases`.execute(db)).rows[0].n);

  const reform: Actor = { userId: 2, username: 'reform', displayName: '改革办', role: 'reform_office', regionCode: '370883', departmentId: null };
  const month = { from: '2026-06-01', to: '2026-06-30' };
  const year = { from: '2026-01-01', to: '2026-12-31' };
  const now = new Date('2026-12-31T12:00:00+08:00');

  const median = (fn: () => Promise<unknown>) => medianMs(RUNS, fn);

  const load = os.loadavg()[0];
  const rows: string[] = [];
  let worstRanking = 0;
  for (const dimension of ['department', 'officer', 'matter', 'township'] as Dimension[]) {
    const m = await median(() => ranking(db, reform, { dimension, period: month }));
    const y = await median(() => ranking(db, reform, { dimension, period: year }));
    worstRanking = Math.max(worstRanking, m, y);
    rows.push(`| ranking by ${dimension} | ${fmtMs(m)} | ${fmtMs(y)} |`);
  }
  const bm = await median(() => board(db, reform, { period: month }, now));
  const by = await median(() => board(db, reform, { period: year }, now));
  const bt = await median(() => board(db, reform, { regionCode: '370883001', period: year }, now));
  const quarter = { from: '2026-04-15', to: '2026-07-14' };
  const qr = await median(() => ranking(db, reform, { dimension: 'department', period: quarter }));
  const bq = await median(() => board(db, reform, { period: quarter }, now));
  worstRanking = Math.max(worstRanking, qr);
  rows.push(`| board, county | ${fmtMs(bm)} | ${fmtMs(by)} |`);
  rows.push(`| board, township 370883001 | — | ${fmtMs(bt)} |`);
  const worstBoard = Math.max(bm, by, bt, bq);

  const markdown = `## Ratings (好差评)

${N.toLocaleString('en')} ratings over 2026 on PostgreSQL (${cases.toLocaleString('en')} 差评 cases), generated in ${fmtMs(loadMs)}; the roll-ups built from them in ${fmtMs(rollupMs)} (${rollupRows.toLocaleString('en')} monthly rows);
median of ${RUNS} runs after one warm-up, as the reform office of the county. Goals: rankings ≤ 1 s, the board ≤ 1.5 s.
Load average of the machine (1 min) at the start of the queries: ${load.toFixed(1)} on ${os.cpus().length} cores${load > 2 ? ' — other work shared it; the figures are upper bounds' : ''}.

| query | one month (June) | the whole year |
|---|---|---|
${rows.join('\n')}

A period that is not whole months (15 April – 14 July: two partial months read from the ratings, two whole ones from the roll-up): ranking by department ${fmtMs(qr)}, the board ${fmtMs(bq)}.

Worst ranking ${fmtMs(worstRanking)} (goal 1 s: ${worstRanking <= 1000 ? 'met' : 'missed'}); worst board ${fmtMs(worstBoard)} (goal 1.5 s: ${worstBoard <= 1500 ? 'met' : 'missed'}).
Rankings and the board read whole calendar months from the monthly roll-up (\`rating_rollup\`: counts per month, region, department and unit of each dimension) and the totals and the trend per day from the daily one (\`rating_rollup_daily\`); only the days of a period outside whole months are read from the ratings. The roll-ups are kept in the transaction of every rating, rectification and appeal decision (src/rating/rollup.ts), so an appeal upheld months later leaves its month's scores at once.`;
  console.log(markdown);
  if (N === 1_000_000) writeSection('ratings', markdown);
  else console.log(`(not written to docs/benchmarks.md: ZAIZAO_BENCH_RATINGS=${N})`);
} finally {
  await store.close();
  await dropSchema();
}
