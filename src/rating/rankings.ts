// Rankings per window, officer, department, matter and township over a period, from the
// ratings as attributed when given (appeals upheld are left out), with the rectification
// figures of each unit; kept as history when published; exported as xlsx.
import { sql, type Kysely } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { regionPattern, regionVisible } from '../org/scope.js';
import { shanghaiIso } from '../shared/time.js';
import type { Database } from '../store/schema.js';
import { LEVELS, RatingError, type Dimension } from './model.js';
import { splitPeriod } from './rollup.js';

export { DIMENSIONS, DIMENSION_LABELS, type Dimension } from './model.js';
import { emptyCounts, rankUnits, type LevelCounts, type RankedUnit, type UnitInput } from './score.js';
import { loadRules } from './store.js';

export interface RatingRankingsTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  dimension: string;
  period_from: string;
  period_to: string;
  min_sample: number;
  rows: unknown;
  created_by: string;
  created_at: Date;
}

declare module '../store/schema.js' {
  interface Database {
    rating_rankings: RatingRankingsTable;
  }
}

type Db = Kysely<Database>;

/** The SQL key of a dimension on `ratings r`. Townships are the first nine digits of the region code. */
function keyOf(dimension: Dimension) {
  switch (dimension) {
    case 'department':
      return sql<string | null>`r.department_code`;
    case 'officer':
      return sql<string | null>`r.officer`;
    case 'matter':
      return sql<string | null>`r.matter_code`;
    case 'window':
      return sql<string | null>`r.window_code`;
    case 'township':
      return sql<string | null>`case when length(r.region_code) >= 9 then substr(r.region_code, 1, 9) end`;
  }
}

export interface Period {
  /** 'YYYY-MM-DD', inclusive. */
  from: string;
  /** 'YYYY-MM-DD', inclusive. */
  to: string;
}

/** The calendar month of 'YYYY-MM' as a period. */
export function monthPeriod(month: string): Period {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new RatingError('invalid_input', { zh: `月份格式应为 YYYY-MM：${month}`, en: `a month is YYYY-MM: ${month}` }, { field: 'month' });
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);
const nextDayStart = (date: string) => new Date(dayStart(date).getTime() + 86_400_000);

/** A period is at most two years, so a caller cannot ask for an unbounded scan. */
export function checkPeriod(p: Period): void {
  const iso = /^\d{4}-\d{2}-\d{2}$/;
  if (!iso.test(p.from) || !iso.test(p.to) || Number.isNaN(dayStart(p.from).getTime()) || Number.isNaN(dayStart(p.to).getTime())) {
    throw new RatingError('invalid_input', { zh: '时间段须为 YYYY-MM-DD', en: 'a period is given as YYYY-MM-DD dates' }, { field: 'from/to' });
  }
  if (p.from > p.to) throw new RatingError('invalid_input', { zh: '开始日期晚于结束日期', en: 'the period starts after it ends' });
  if (nextDayStart(p.to).getTime() - dayStart(p.from).getTime() > 732 * 86_400_000)
    throw new RatingError('invalid_input', { zh: '时间段最长两年', en: 'a period is at most two years' });
}

export interface Ranking {
  dimension: Dimension;
  regionCode: string;
  period: Period;
  minSample: number;
  rows: RankedUnit[];
}

const RANKING_READERS = new Set(['admin', 'reform_office', 'leader']);

/** Whose figures the caller may rank: a region they see; every department in it. */
function checkReader(actor: Actor, regionCode: string): void {
  if (!RANKING_READERS.has(actor.role)) throw new RatingError('forbidden', { zh: '无权查看排名', en: 'your role does not see rankings' });
  if (!regionVisible(actor, regionCode)) throw new RatingError('forbidden', { zh: '无权查看该地区', en: 'that region is outside yours' });
}

/** Level counts and case figures per unit of one dimension (see unitInputsFor). */
export async function unitInputs(db: Db, regionCode: string, dimension: Dimension, period: Period, filter: { departmentCode?: string } = {}): Promise<UnitInput[]> {
  return (await unitInputsFor(db, regionCode, [dimension], period, filter)).get(dimension)!;
}

/**
 * Level counts and case figures per unit of several dimensions at once. The calendar months
 * wholly inside the period come from the monthly roll-up (src/rating/rollup.ts); the days
 * around them (a period that does not start on the 1st or end on a month's last day) from the
 * ratings themselves.
 */
export async function unitInputsFor(
  db: Db,
  regionCode: string,
  dimensions: readonly Dimension[],
  period: Period,
  filter: { departmentCode?: string } = {},
): Promise<Map<Dimension, UnitInput[]>> {
  const split = splitPeriod(period);
  const acc = new UnitAccumulator(dimensions);
  if (split.months.length) await fromRollup(db, acc, regionCode, dimensions, split.months, filter.departmentCode ?? null);
  for (const part of split.rest) await fromRatings(db, acc, regionCode, dimensions, part, filter.departmentCode ?? null);
  return acc.named(db);
}

/** The same figures from the ratings alone, whatever the period (what the roll-up must agree with). */
export async function unitInputsFromRatings(
  db: Db,
  regionCode: string,
  dimensions: readonly Dimension[],
  period: Period,
  filter: { departmentCode?: string } = {},
): Promise<Map<Dimension, UnitInput[]>> {
  const acc = new UnitAccumulator(dimensions);
  await fromRatings(db, acc, regionCode, dimensions, period, filter.departmentCode ?? null);
  return acc.named(db);
}

class UnitAccumulator {
  private readonly byDimension: Map<Dimension, Map<string, UnitInput>>;
  constructor(readonly dimensions: readonly Dimension[]) {
    this.byDimension = new Map(dimensions.map((d) => [d, new Map()]));
  }
  unit(dim: Dimension, k: string): UnitInput {
    const units = this.byDimension.get(dim)!;
    let u = units.get(k);
    if (!u) units.set(k, (u = { key: k, name: k, counts: emptyCounts(), rectified: 0, rectifiedOnTime: 0, appealsUpheld: 0, defaults: 0 }));
    return u;
  }
  async named(db: Db): Promise<Map<Dimension, UnitInput[]>> {
    const out = new Map<Dimension, UnitInput[]>();
    for (const [dim, units] of this.byDimension) {
      // A unit whose every rating was excluded (or taken back) leaves no row behind.
      const list = [...units.values()].filter((u) => LEVELS.some((l) => u.counts[l] > 0) || u.rectified || u.appealsUpheld);
      await nameUnits(db, dim, list);
      out.set(dim, list);
    }
    return out;
  }
}

/** Whole months from rating_rollup. Townships are summed from the department rows (every rating has one). */
async function fromRollup(db: Db, acc: UnitAccumulator, regionCode: string, dimensions: readonly Dimension[], months: string[], dept: string | null): Promise<void> {
  const stored = dimensions.filter((d) => d !== 'township');
  const parts = [];
  const where = sql`month in (${sql.join(months.map((m) => sql`${m}::date`))}) and region_code like ${`${regionCode}%`} and (${dept}::text is null or department_code = ${dept})`;
  const sums = sql`sum(n1)::int as n1, sum(n2)::int as n2, sum(n3)::int as n3, sum(n4)::int as n4, sum(n5)::int as n5, sum(n_default)::int as defaults,
    sum(rectified)::int as rectified, sum(on_time)::int as on_time, sum(upheld)::int as upheld, max(name) as name`;
  if (stored.length) {
    parts.push(sql`select dim, key, ${sums} from rating_rollup where ${where} and dim in (${sql.join(stored.map((d) => sql`${d}`))}) and key <> '' group by 1, 2`);
  }
  if (dimensions.includes('township')) {
    parts.push(
      sql`select 'township' as dim, substr(region_code, 1, 9) as key, ${sums} from rating_rollup where ${where} and dim = 'department' and length(region_code) >= 9 group by 2`,
    );
  }
  const rows = await sql<{
    dim: Dimension;
    key: string;
    n1: number;
    n2: number;
    n3: number;
    n4: number;
    n5: number;
    defaults: number;
    rectified: number;
    on_time: number;
    upheld: number;
    name: string | null;
  }>`${sql.join(parts, sql` union all `)}`.execute(db);
  for (const r of rows.rows) {
    const u = acc.unit(r.dim, r.key);
    for (const l of LEVELS) u.counts[l] += Number(r[`n${l}`]);
    u.defaults = (u.defaults ?? 0) + Number(r.defaults);
    u.rectified += Number(r.rectified);
    u.rectifiedOnTime += Number(r.on_time);
    u.appealsUpheld += Number(r.upheld);
    if (r.dim === 'matter' && r.name) u.name = r.name;
  }
}

/**
 * Days from the ratings, in two grouped scans (ratings; cases joined to their ratings): each
 * rating row is counted once per dimension through a lateral list of (dimension, key).
 */
async function fromRatings(db: Db, acc: UnitAccumulator, regionCode: string, dimensions: readonly Dimension[], period: Period, dept: string | null): Promise<void> {
  const keys = sql.join(dimensions.map((d) => sql`(${d}::text, ${keyOf(d)})`));
  const from = dayStart(period.from);
  const to = nextDayStart(period.to);
  const pattern = `${regionCode}%`;
  // A matter's name comes with its ratings (as rated); the other names from the organisation.
  const levels = await sql<{ dim: Dimension; key: string | null; level: number; n: number; defaults: number; name: string | null }>`
    select d.dim, d.key, r.level, count(*)::int as n, count(*) filter (where r.channel = 'default')::int as defaults, max(case when d.dim = 'matter' then r.matter_name end) as name
    from ratings r cross join lateral (values ${keys}) as d(dim, key)
    where r.region_code like ${pattern} and r.rated_at >= ${from} and r.rated_at < ${to} and not r.excluded
      and (${dept}::text is null or r.department_code = ${dept})
    group by 1, 2, 3`.execute(db);
  const cases = await sql<{ dim: Dimension; key: string | null; rectified: number; on_time: number; upheld: number }>`
    select d.dim, d.key,
           count(*) filter (where c.rectified_at is not null)::int as rectified,
           count(*) filter (where c.rectified_on_time)::int as on_time,
           count(*) filter (where c.status = 'excluded')::int as upheld
    from rating_cases c join ratings r on r.id = c.rating_id cross join lateral (values ${keys}) as d(dim, key)
    where r.region_code like ${pattern} and r.rated_at >= ${from} and r.rated_at < ${to}
      and (${dept}::text is null or r.department_code = ${dept})
    group by 1, 2`.execute(db);
  for (const r of levels.rows) {
    if (r.key === null) continue;
    const u = acc.unit(r.dim, r.key);
    u.counts[r.level as keyof LevelCounts] += Number(r.n);
    u.defaults = (u.defaults ?? 0) + Number(r.defaults);
    if (r.name) u.name = r.name;
  }
  for (const c of cases.rows) {
    if (c.key === null) continue;
    const u = acc.unit(c.dim, c.key);
    u.rectified += Number(c.rectified);
    u.rectifiedOnTime += Number(c.on_time);
    u.appealsUpheld += Number(c.upheld);
  }
}

/** Display names of departments, townships and officers from the organisation (matters are named as rated). */
async function nameUnits(db: Db, dimension: Dimension, units: UnitInput[]): Promise<void> {
  if (!units.length) return;
  const keys = units.map((u) => u.key);
  let names: Array<{ k: string; name: string }> = [];
  if (dimension === 'department') names = await db.selectFrom('departments').select(['code as k', 'name']).where('code', 'in', keys).execute();
  if (dimension === 'township') names = await db.selectFrom('regions').select(['code as k', 'name']).where('code', 'in', keys).execute();
  if (dimension === 'officer') names = await db.selectFrom('users').select(['username as k', 'display_name as name']).where('username', 'in', keys).execute();
  const byKey = new Map(names.map((n) => [n.k, n.name]));
  for (const u of units) u.name = byKey.get(u.key) ?? u.name;
}

export async function ranking(db: Db, actor: Actor, q: { dimension: Dimension; period: Period; regionCode?: string }): Promise<Ranking> {
  const regionCode = q.regionCode ?? actor.regionCode;
  checkReader(actor, regionCode);
  checkPeriod(q.period);
  const rules = await loadRules(db, regionCode);
  const rows = rankUnits(await unitInputs(db, regionCode, q.dimension, q.period), rules.minSample);
  return { dimension: q.dimension, regionCode, period: q.period, minSample: rules.minSample, rows };
}

export interface PublishedRanking extends Ranking {
  id: number;
  createdBy: string;
  createdAt: string;
}

/** Publishes a ranking as it stands: it joins the history (the monthly ranking the county announces). */
export async function publishRanking(db: Db, actor: Actor, q: { dimension: Dimension; period: Period; regionCode?: string }, now: Date): Promise<PublishedRanking> {
  if (actor.role !== 'admin' && actor.role !== 'reform_office')
    throw new RatingError('forbidden', { zh: '只有改革办可以发布排名', en: 'only the reform office publishes rankings' });
  const r = await ranking(db, actor, q);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('rating_rankings')
      .values({
        region_code: r.regionCode,
        dimension: r.dimension,
        period_from: r.period.from,
        period_to: r.period.to,
        min_sample: r.minSample,
        rows: JSON.stringify(r.rows),
        created_by: actor.username,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      action: 'rating.ranking.publish',
      entity: 'rating_ranking',
      entityId: row.id,
      regionCode: r.regionCode,
      after: { dimension: r.dimension, period: r.period, units: r.rows.length },
    });
    return { ...r, id: row.id, createdBy: actor.username, createdAt: shanghaiIso(now) };
  });
}

export async function rankingHistory(db: Db, actor: Actor, q: { dimension?: Dimension; limit?: number }): Promise<PublishedRanking[]> {
  checkReader(actor, actor.regionCode);
  let query = db.selectFrom('rating_rankings').selectAll().where('region_code', 'like', regionPattern(actor));
  if (q.dimension) query = query.where('dimension', '=', q.dimension);
  const rows = await query
    .orderBy('period_from', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.min(q.limit ?? 24, 200))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    dimension: r.dimension as Dimension,
    regionCode: r.region_code,
    period: { from: r.period_from, to: r.period_to },
    minSample: r.min_sample,
    rows: (typeof r.rows === 'string' ? JSON.parse(r.rows) : r.rows) as RankedUnit[],
    createdBy: r.created_by,
    createdAt: shanghaiIso(new Date(r.created_at)),
  }));
}
