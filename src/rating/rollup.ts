// The monthly and daily roll-ups of ratings (rating_rollup, rating_rollup_daily) that rankings
// and the reform board read instead of scanning a year of ratings.
//
// Why kept in the transaction rather than recomputed: a rating's contribution depends on the
// rating (level, excluded) and its case (rectified, in time, upheld), all of which change
// later — an appeal upheld months afterwards moves a rating out of its month's scores. Every
// command that changes one of them calls `retract` before and `contribute` after the change,
// in its own transaction: the roll-up is then the sum over the ratings as they stand, whatever
// changed, and a rolled-back command leaves it untouched. Increments (`on conflict do update
// set n = n + …`) let concurrent commands add to the same row; rows are written in key order
// so two commands never wait on each other crosswise.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export interface RatingRollupTable {
  month: string;
  region_code: string;
  department_code: string;
  dim: 'department' | 'officer' | 'matter' | 'window';
  key: string;
  name: string | null;
  n1: number;
  n2: number;
  n3: number;
  n4: number;
  n5: number;
  n_excluded: number;
  n_default: number;
  rectified: number;
  on_time: number;
  upheld: number;
}

export interface RatingRollupDailyTable {
  day: string;
  region_code: string;
  department_code: string;
  total: number;
  negative: number;
  n_excluded: number;
  n_default: number;
}

declare module '../store/schema.js' {
  interface Database {
    rating_rollup: RatingRollupTable;
    rating_rollup_daily: RatingRollupDailyTable;
  }
}

type Db = Kysely<Database>;

/** Most ratings one call adds or takes away (a batch of default ratings is at most 1,000). */
const MAX_IDS = 5000;

async function apply(db: Db, ratingIds: readonly number[], sign: 1 | -1): Promise<void> {
  if (!ratingIds.length) return;
  if (ratingIds.length > MAX_IDS) throw new Error(`rating roll-up: at most ${MAX_IDS} ratings per call`);
  const ids = sql.join(ratingIds.map((id) => sql`${id}`));
  await sql`
    insert into rating_rollup (month, region_code, department_code, dim, key, name, n1, n2, n3, n4, n5, n_excluded, n_default, rectified, on_time, upheld)
    select date_trunc('month', r.rated_at at time zone 'Asia/Shanghai')::date, r.region_code, coalesce(r.department_code, ''), d.dim, coalesce(d.key, ''),
           max(case when d.dim = 'matter' then r.matter_name end),
           ${sign}::int * count(*) filter (where not r.excluded and r.level = 1), ${sign}::int * count(*) filter (where not r.excluded and r.level = 2),
           ${sign}::int * count(*) filter (where not r.excluded and r.level = 3), ${sign}::int * count(*) filter (where not r.excluded and r.level = 4),
           ${sign}::int * count(*) filter (where not r.excluded and r.level = 5), ${sign}::int * count(*) filter (where r.excluded),
           ${sign}::int * count(*) filter (where not r.excluded and r.channel = 'default'), ${sign}::int * count(*) filter (where c.rectified_at is not null), ${sign}::int * count(*) filter (where c.rectified_on_time),
           ${sign}::int * count(*) filter (where c.status = 'excluded')
    from ratings r left join rating_cases c on c.rating_id = r.id
    cross join lateral (values ('department', r.department_code), ('officer', r.officer), ('matter', r.matter_code), ('window', r.window_code)) as d(dim, key)
    where r.id in (${ids}) and (d.dim = 'department' or d.key is not null)
    group by 1, 2, 3, 4, 5
    order by 1, 4, 2, 3, 5
    on conflict (month, dim, region_code, department_code, key) do update set
      name = coalesce(excluded.name, rating_rollup.name),
      n1 = rating_rollup.n1 + excluded.n1, n2 = rating_rollup.n2 + excluded.n2, n3 = rating_rollup.n3 + excluded.n3,
      n4 = rating_rollup.n4 + excluded.n4, n5 = rating_rollup.n5 + excluded.n5, n_excluded = rating_rollup.n_excluded + excluded.n_excluded, n_default = rating_rollup.n_default + excluded.n_default,
      rectified = rating_rollup.rectified + excluded.rectified, on_time = rating_rollup.on_time + excluded.on_time, upheld = rating_rollup.upheld + excluded.upheld`.execute(db);
  await sql`
    insert into rating_rollup_daily (day, region_code, department_code, total, negative, n_excluded, n_default)
    select (r.rated_at at time zone 'Asia/Shanghai')::date, r.region_code, coalesce(r.department_code, ''),
           ${sign}::int * count(*) filter (where not r.excluded), ${sign}::int * count(*) filter (where not r.excluded and r.level <= 2), ${sign}::int * count(*) filter (where r.excluded),
           ${sign}::int * count(*) filter (where not r.excluded and r.channel = 'default')
    from ratings r
    where r.id in (${ids})
    group by 1, 2, 3
    order by 1, 2, 3
    on conflict (day, region_code, department_code) do update set
      total = rating_rollup_daily.total + excluded.total, negative = rating_rollup_daily.negative + excluded.negative,
      n_excluded = rating_rollup_daily.n_excluded + excluded.n_excluded, n_default = rating_rollup_daily.n_default + excluded.n_default`.execute(db);
}

/** Adds the ratings as they stand now (after they were given, or after a change to them or their case). */
export function contribute(db: Db, ratingIds: readonly number[]): Promise<void> {
  return apply(db, ratingIds, 1);
}

/** Takes the ratings out as they stand now (before a change to them or their case). */
export function retract(db: Db, ratingIds: readonly number[]): Promise<void> {
  return apply(db, ratingIds, -1);
}

/**
 * Recomputes both roll-ups from the ratings (after a bulk load that bypassed the commands,
 * such as the benchmark's generator, or to check them). One transaction.
 */
export async function rebuildRollups(db: Db): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`delete from rating_rollup`.execute(trx);
    await sql`delete from rating_rollup_daily`.execute(trx);
    await sql`
      insert into rating_rollup (month, region_code, department_code, dim, key, name, n1, n2, n3, n4, n5, n_excluded, n_default, rectified, on_time, upheld)
      select date_trunc('month', r.rated_at at time zone 'Asia/Shanghai')::date, r.region_code, coalesce(r.department_code, ''), d.dim, coalesce(d.key, ''),
             max(case when d.dim = 'matter' then r.matter_name end),
             count(*) filter (where not r.excluded and r.level = 1), count(*) filter (where not r.excluded and r.level = 2),
             count(*) filter (where not r.excluded and r.level = 3), count(*) filter (where not r.excluded and r.level = 4),
             count(*) filter (where not r.excluded and r.level = 5), count(*) filter (where r.excluded), count(*) filter (where not r.excluded and r.channel = 'default'),
             count(*) filter (where c.rectified_at is not null), count(*) filter (where c.rectified_on_time), count(*) filter (where c.status = 'excluded')
      from ratings r left join rating_cases c on c.rating_id = r.id
      cross join lateral (values ('department', r.department_code), ('officer', r.officer), ('matter', r.matter_code), ('window', r.window_code)) as d(dim, key)
      where d.dim = 'department' or d.key is not null
      group by 1, 2, 3, 4, 5`.execute(trx);
    await sql`
      insert into rating_rollup_daily (day, region_code, department_code, total, negative, n_excluded, n_default)
      select (r.rated_at at time zone 'Asia/Shanghai')::date, r.region_code, coalesce(r.department_code, ''),
             count(*) filter (where not r.excluded), count(*) filter (where not r.excluded and r.level <= 2), count(*) filter (where r.excluded),
             count(*) filter (where not r.excluded and r.channel = 'default')
      from ratings r
      group by 1, 2, 3`.execute(trx);
  });
}

export interface PeriodSplit {
  /** First days ('YYYY-MM-01') of the calendar months wholly inside the period: read from the roll-up. */
  months: string[];
  /** The days before and after them (at most two stretches): read from the ratings. */
  rest: Array<{ from: string; to: string }>;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** Splits an inclusive period of dates into whole months and the days around them. Pure. */
export function splitPeriod(p: { from: string; to: string }): PeriodSplit {
  const [fy, fm, fd] = p.from.split('-').map(Number);
  const [ty, tm, td] = p.to.split('-').map(Number);
  // The first whole month starts on the 1st at or after `from`; the last ends on the last day at or before `to`.
  let sy = fy;
  let sm = fm;
  if (fd !== 1) [sy, sm] = sm === 12 ? [sy + 1, 1] : [sy, sm + 1];
  let ey = ty;
  let em = tm;
  if (td !== lastDay(ty, tm)) [ey, em] = em === 1 ? [ey - 1, 12] : [ey, em - 1];
  const months: string[] = [];
  for (let y = sy, m = sm; y < ey || (y === ey && m <= em); [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1]) months.push(`${y}-${pad(m)}-01`);
  if (!months.length) return { months, rest: [{ from: p.from, to: p.to }] };
  const rest: PeriodSplit['rest'] = [];
  if (p.from < months[0]) {
    const before = `${sm === 1 ? sy - 1 : sy}-${pad(sm === 1 ? 12 : sm - 1)}-${pad(lastDay(sm === 1 ? sy - 1 : sy, sm === 1 ? 12 : sm - 1))}`;
    rest.push({ from: p.from, to: before });
  }
  const endOfLast = `${ey}-${pad(em)}-${pad(lastDay(ey, em))}`;
  if (p.to > endOfLast) rest.push({ from: `${em === 12 ? ey + 1 : ey}-${pad(em === 12 ? 1 : em + 1)}-01`, to: p.to });
  return { months, rest };
}
