// The leader's reform board (领导驾驶舱): one read of the reform's figures for a region and
// period, with drill-down county → township → department. Each section says where its
// figures come from; the closed loop of grass-roots cases is shown when a capability
// provides it (closed-loop.ts), and says so when none does.
import { sql, type Kysely } from 'kysely';
import { listLedger } from '../catalogue/ledger-store.js';
import type { Actor } from '../org/model.js';
import { regionVisible } from '../org/scope.js';
import type { Database } from '../store/schema.js';
import { closedLoopProvider, type ClosedLoopFigures } from './closed-loop.js';
import { blockerFigures, type BlockerFigures } from './board-blockers.js';
import { shanghaiDate } from '../calendar/dates.js';
import { RatingError } from './model.js';
import { checkPeriod, unitInputsFor, type Dimension, type Period } from './rankings.js';
import { rankUnits, type RankedUnit } from './score.js';
import { loadRules } from './store.js';

type Db = Kysely<Database>;

export interface ReformFigures {
  ledgerItems: number;
  ledgerDone: number;
  /** Matters in the ledger, and figures summed before and after their redesign. */
  matters: number;
  materialsBefore: number;
  materialsAfter: number;
  promisedDaysBefore: number;
  promisedDaysAfter: number;
  visitsBefore: number;
  visitsAfter: number;
  bundlesPublished: number;
  mattersBundled: number;
}

export interface DeliveryFigures {
  /** Process instances started in the period, by status now. */
  started: number;
  completed: number;
  active: number;
  /** Tasks with a deadline completed in the period, and those completed by it. */
  tasksDue: number;
  tasksOnTime: number;
  onTimeRate: number | null;
  /** Open tasks past their deadline now, per department (of the task's candidates). */
  overdueByDepartment: Array<{ departmentCode: string; name: string; overdue: number }>;
}

export interface RatingFigures {
  total: number;
  positive: number;
  negative: number;
  positiveRate: number | null;
  excluded: number;
  /** Of `total`, ratings given by default (默认好评). */
  defaults: number;
  openCases: number;
  overdueCases: number;
  /** Units one level down: a county's townships and departments, a township's departments, a department's officers. */
  breakdowns: Array<{ dimension: Dimension; rows: RankedUnit[] }>;
  /** Ratings per day of the period (for the trend chart). */
  trend: Array<{ date: string; total: number; negative: number }>;
}

export interface Board {
  regionCode: string;
  regionName: string;
  departmentCode: string | null;
  period: Period;
  /** Regions one level down to drill into. */
  children: Array<{ code: string; name: string }>;
  reform: ReformFigures | null;
  delivery: DeliveryFigures;
  ratings: RatingFigures;
  /** null: no capability provides grass-roots cases yet. */
  closedLoop: ClosedLoopFigures | null;
  /** Major projects' open blockers (堵点) and where they stand on the escalation ladder. */
  blockers: BlockerFigures;
}

const BOARD_READERS = new Set(['admin', 'reform_office', 'leader']);

const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);
const nextDayStart = (date: string) => new Date(dayStart(date).getTime() + 86_400_000);

export async function board(db: Db, actor: Actor, q: { regionCode?: string; departmentCode?: string; period: Period }, now: Date): Promise<Board> {
  if (!BOARD_READERS.has(actor.role)) throw new RatingError('forbidden', { zh: '领导驾驶舱仅供领导和改革办使用', en: 'the reform board is for leaders and the reform office' });
  const regionCode = q.regionCode ?? actor.regionCode;
  if (!/^\d{6,12}$/.test(regionCode) || !regionVisible(actor, regionCode)) throw new RatingError('forbidden', { zh: '无权查看该地区', en: 'that region is outside yours' });
  checkPeriod(q.period);
  const region = await db.selectFrom('regions').select(['code', 'name']).where('code', '=', regionCode).executeTakeFirst();
  if (!region) throw new RatingError('not_found', { zh: `未找到地区：${regionCode}`, en: `region not found: ${regionCode}` });
  const departmentCode = q.departmentCode ?? null;
  const children = departmentCode ? [] : await db.selectFrom('regions').select(['code', 'name']).where('parent_code', '=', regionCode).orderBy('code').execute();
  const [reform, delivery, ratings, closedLoop, blockers] = await Promise.all([
    departmentCode ? Promise.resolve(null) : reformFigures(db, actor, regionCode, now),
    deliveryFigures(db, regionCode, departmentCode, q.period, now),
    ratingFigures(db, regionCode, departmentCode, q.period, now),
    closedLoopProvider()?.figures(db, { regionCode, period: q.period }) ?? Promise.resolve(null),
    blockerFigures(db, regionCode, departmentCode, shanghaiDate(now)),
  ]);
  return { regionCode, regionName: region.name, departmentCode, period: q.period, children, reform, delivery, ratings, closedLoop, blockers };
}

/** From the reengineering ledger (src/catalog) and the published bundles (src/bundle). */
async function reformFigures(db: Db, actor: Actor, regionCode: string, now: Date): Promise<ReformFigures> {
  const scoped: Actor = { ...actor, regionCode };
  const items = await listLedger(db, scoped, {}, now);
  const f: ReformFigures = {
    ledgerItems: items.length,
    ledgerDone: 0,
    matters: 0,
    materialsBefore: 0,
    materialsAfter: 0,
    promisedDaysBefore: 0,
    promisedDaysAfter: 0,
    visitsBefore: 0,
    visitsAfter: 0,
    bundlesPublished: 0,
    mattersBundled: 0,
  };
  for (const i of items) {
    if (i.status === 'done' || i.status === 'verified') f.ledgerDone++;
    f.matters += i.matters.length;
    const after = i.figures.after ?? i.figures.before;
    f.materialsBefore += i.figures.before.materialsToSubmit;
    f.materialsAfter += after.materialsToSubmit;
    f.promisedDaysBefore += i.figures.before.promisedDays;
    f.promisedDaysAfter += after.promisedDays;
    f.visitsBefore += i.figures.before.visits;
    f.visitsAfter += after.visits;
  }
  const bundles = await sql<{ n: number; matters: number }>`
    select count(*)::int as n, coalesce(sum(jsonb_array_length(v.matter_codes)), 0)::int as matters
    from bundles b join bundle_versions v on v.bundle_id = b.id and v.version = b.published_version
    where b.status = 'published' and b.region_code like ${`${regionCode}%`}`.execute(db);
  f.bundlesPublished = Number(bundles.rows[0]?.n ?? 0);
  f.mattersBundled = Number(bundles.rows[0]?.matters ?? 0);
  return f;
}

/** From the process engine: instances started in the period, task deadlines kept, overdue work now. */
async function deliveryFigures(db: Db, regionCode: string, departmentCode: string | null, period: Period, now: Date): Promise<DeliveryFigures> {
  const pattern = `${regionCode}%`;
  const from = dayStart(period.from);
  const to = nextDayStart(period.to);
  const dept = departmentCode;
  const instances = await sql<{ status: string; n: number }>`
    select i.status, count(*)::int as n from engine_instances i
    where i.region_code like ${pattern} and i.started_at >= ${from} and i.started_at < ${to} and i.parent_id is null
      and (${dept}::text is null or exists (select 1 from engine_tasks t where t.instance_id = i.id and t.candidates->'departments' ? ${dept}))
    group by 1`.execute(db);
  const tasks = await sql<{ due: number; on_time: number }>`
    select count(*)::int as due, count(*) filter (where t.ended_at <= t.due_at)::int as on_time from engine_tasks t
    where t.region_code like ${pattern} and t.status = 'completed' and t.due_at is not null and t.ended_at >= ${from} and t.ended_at < ${to}
      and (${dept}::text is null or t.candidates->'departments' ? ${dept})`.execute(db);
  const overdue = await sql<{ code: string; name: string | null; n: number }>`
    select coalesce(t.candidates->'departments'->>0, '') as code, d.name, count(*)::int as n from engine_tasks t
    left join departments d on d.code = t.candidates->'departments'->>0
    where t.region_code like ${pattern} and t.status = 'open' and t.due_at < ${now}
      and (${dept}::text is null or t.candidates->'departments' ? ${dept})
    group by 1, 2 order by 3 desc limit 50`.execute(db);
  const by = new Map(instances.rows.map((r) => [r.status, Number(r.n)]));
  const started = [...by.values()].reduce((a, b) => a + b, 0);
  const due = Number(tasks.rows[0]?.due ?? 0);
  const onTime = Number(tasks.rows[0]?.on_time ?? 0);
  return {
    started,
    completed: by.get('completed') ?? 0,
    active: by.get('active') ?? 0,
    tasksDue: due,
    tasksOnTime: onTime,
    onTimeRate: due ? onTime / due : null,
    overdueByDepartment: overdue.rows.map((r) => ({ departmentCode: r.code, name: r.name ?? (r.code || '—'), overdue: Number(r.n) })),
  };
}

async function ratingFigures(db: Db, regionCode: string, departmentCode: string | null, period: Period, now: Date): Promise<RatingFigures> {
  const pattern = `${regionCode}%`;
  const dept = departmentCode;
  const today = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const cases = await sql<{ open: number; overdue: number }>`
    select count(*)::int as open, count(*) filter (where c.rectify_due < ${today}::date and c.status in ('rectifying', 'appealed'))::int as overdue
    from rating_cases c
    where c.region_code like ${pattern} and c.status in ('verifying', 'rectifying', 'appealed', 'rectified') and (${dept}::text is null or c.department_code = ${dept})`.execute(
    db,
  );
  // The daily roll-up gives the days and, summed, the totals (src/rating/rollup.ts).
  const days = await sql<{ date: string; total: number; negative: number; excluded: number; defaults: number }>`
    select to_char(d.day, 'YYYY-MM-DD') as date, sum(d.total)::int as total, sum(d.negative)::int as negative, sum(d.n_excluded)::int as excluded, sum(d.n_default)::int as defaults
    from rating_rollup_daily d
    where d.region_code like ${pattern} and d.day >= ${period.from}::date and d.day <= ${period.to}::date and (${dept}::text is null or d.department_code = ${dept})
    group by 1 order by 1`.execute(db);
  const dimensions: Dimension[] = departmentCode ? ['officer'] : regionCode.length >= 9 ? ['department'] : ['township', 'department'];
  const rules = await loadRules(db, regionCode);
  const units = await unitInputsFor(db, regionCode, dimensions, period, dept ? { departmentCode: dept } : {});
  const breakdowns = dimensions.map((dimension) => ({ dimension, rows: rankUnits(units.get(dimension)!, rules.minSample) }));
  let total = 0;
  let negative = 0;
  let excluded = 0;
  let defaults = 0;
  for (const d of days.rows) {
    defaults += Number(d.defaults);
    total += Number(d.total);
    negative += Number(d.negative);
    excluded += Number(d.excluded);
  }
  return {
    total,
    positive: total - negative,
    negative,
    positiveRate: total ? (total - negative) / total : null,
    excluded,
    defaults,
    openCases: Number(cases.rows[0]?.open ?? 0),
    overdueCases: Number(cases.rows[0]?.overdue ?? 0),
    breakdowns,
    trend: days.rows.filter((r) => Number(r.total) > 0).map((r) => ({ date: r.date, total: Number(r.total), negative: Number(r.negative) })),
  };
}
