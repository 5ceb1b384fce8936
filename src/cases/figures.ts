// 督效 and 奖惩 in the database: a month's counts per unit (cases reported in the month,
// counted against the unit that holds them; whistles against the whistled department),
// ranked by metrics.ts; 每月一题; rewards and penalties with who decided.
import { sql } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { regionPattern } from '../org/scope.js';
import { SATISFIED_AT_LEAST, CaseError, TIER_LABELS, type Tier } from './model.js';
import { monthRange, rank, recurringProblems, type RecurringProblem, type UnitCounts, type UnitFigures } from './metrics.js';
import { countyOf } from './responsibility.js';
import { loadSettings, type Db } from './store.js';

export interface Ranking {
  month: string;
  tier: Tier;
  weights: { response: number; resolution: number; satisfaction: number };
  smallSample: number;
  units: UnitFigures[];
}

function checkMonth(month: string): { from: Date; to: Date } {
  try {
    return monthRange(month);
  } catch {
    throw new CaseError('invalid', { zh: `月份须为 YYYY-MM：${month}`, en: `month must be YYYY-MM: ${month}` }, { field: 'month' });
  }
}

export async function monthlyRanking(db: Db, actor: Actor, month: string, tier: Tier, now: Date): Promise<Ranking> {
  const { from, to } = checkMonth(month);
  const settings = await loadSettings(db, countyOf(actor.regionCode));
  const pattern = regionPattern(actor);
  const key = tier === 'department' ? sql<string>`c.unit_department_id::text` : sql<string>`c.unit_region_code`;
  const caseRows = await db
    .selectFrom('cases as c')
    .where('c.region_code', 'like', pattern)
    .where('c.reported_at', '>=', from)
    .where('c.reported_at', '<', to)
    .where('c.tier', '=', tier)
    .select([
      key.as('key'),
      sql<string>`max(c.unit_name)`.as('name'),
      sql<number>`count(*) filter (where c.assigned_at is not null)`.as('assigned'),
      sql<number>`count(*) filter (where c.responded_late = false)`.as('responded_in_time'),
      sql<number>`count(*) filter (where c.status in ('closed', 'evaluated'))`.as('resolved'),
      sql<number>`count(c.satisfaction)`.as('evaluated'),
      sql<number>`count(*) filter (where c.satisfaction >= ${SATISFIED_AT_LEAST})`.as('satisfied'),
      sql<number>`count(*) filter (where c.handled_late = true or (c.handled_at is null and c.handle_due < ${now}))`.as('overdue'),
      sql<number>`count(*) filter (where c.reopened > 0)`.as('reopened'),
    ])
    .groupBy(key)
    .execute();
  const counts = new Map<string, UnitCounts>();
  for (const r of caseRows) {
    if (r.key === null) continue;
    counts.set(r.key, {
      tier,
      key: r.key,
      name: r.name,
      assigned: Number(r.assigned),
      respondedInTime: Number(r.responded_in_time),
      resolved: Number(r.resolved),
      evaluated: Number(r.evaluated),
      satisfied: Number(r.satisfied),
      overdue: Number(r.overdue),
      reopened: Number(r.reopened),
      whistles: 0,
      reportInsOnTime: 0,
      reportInsLate: 0,
    });
  }
  if (tier === 'department') {
    // A report-in is late when it came after the deadline, or has not come and the deadline passed.
    const whistles = await db
      .selectFrom('case_whistles as w')
      .innerJoin('departments as d', 'd.id', 'w.department_id')
      .where('w.region_code', 'like', pattern)
      .where('w.whistled_at', '>=', from)
      .where('w.whistled_at', '<', to)
      .select([
        sql<string>`w.department_id::text`.as('key'),
        sql<string>`max(d.name)`.as('name'),
        sql<number>`count(*)`.as('whistles'),
        sql<number>`count(*) filter (where w.on_site_at is not null and w.on_site_at <= w.deadline)`.as('on_time'),
        sql<number>`count(*) filter (where (w.on_site_at is not null and w.on_site_at > w.deadline) or (w.on_site_at is null and w.deadline < ${now}))`.as('late'),
      ])
      .groupBy('w.department_id')
      .execute();
    for (const w of whistles) {
      const c = counts.get(w.key) ?? {
        tier,
        key: w.key,
        name: w.name,
        assigned: 0,
        respondedInTime: 0,
        resolved: 0,
        evaluated: 0,
        satisfied: 0,
        overdue: 0,
        reopened: 0,
        whistles: 0,
        reportInsOnTime: 0,
        reportInsLate: 0,
      };
      c.whistles = Number(w.whistles);
      c.reportInsOnTime = Number(w.on_time);
      c.reportInsLate = Number(w.late);
      counts.set(w.key, c);
    }
  }
  return { month, tier, weights: settings.weights, smallSample: settings.smallSample, units: rank([...counts.values()], settings.weights, settings.smallSample) };
}

/** 每月一题: the category × township pairs with the most cases in the month. */
export async function monthlyProblems(db: Db, actor: Actor, month: string, minCases = 3, limit = 20): Promise<RecurringProblem[]> {
  const { from, to } = checkMonth(month);
  const township = sql<string>`substr(c.region_code, 1, 9)`;
  const rows = await db
    .selectFrom('cases as c')
    .innerJoin('case_categories as k', 'k.code', 'c.category_code')
    .leftJoin('regions as r', (j) => j.on(sql`r.code`, '=', township))
    .where('c.region_code', 'like', regionPattern(actor))
    .where('c.reported_at', '>=', from)
    .where('c.reported_at', '<', to)
    .select([
      township.as('region_code'),
      sql<string>`max(coalesce(r.name, substr(c.region_code, 1, 9)))`.as('region_name'),
      'c.category_code',
      sql<string>`max(k.name_zh)`.as('category_name'),
      sql<number>`count(*)`.as('cases'),
    ])
    .groupBy([township, 'c.category_code'])
    .execute();
  return recurringProblems(
    rows.map((r) => ({ regionCode: r.region_code, regionName: r.region_name, categoryCode: r.category_code, categoryName: r.category_name, cases: Number(r.cases) })),
    minCases,
    limit,
  );
}

export interface Reward {
  id: number;
  month: string;
  unitKind: Tier;
  unitKey: string;
  /** The village, township or department's name (the key itself when it is no longer known). */
  unitName: string;
  kind: 'reward' | 'penalty';
  note: string;
  decidedBy: string;
  decidedAt: string;
}

/** The name of a unit of the county's ranking (village or township code, department id as text), or null if it is none. */
async function unitOf(db: Db, county: string, kind: Tier, key: string): Promise<string | null> {
  if (kind === 'department') {
    if (!/^\d{1,9}$/.test(key)) return null;
    const d = await db.selectFrom('departments').select(['name', 'region_code']).where('id', '=', Number(key)).executeTakeFirst();
    return d && d.region_code.startsWith(county) ? d.name : null;
  }
  if (key.length !== (kind === 'village' ? 12 : 9) || !key.startsWith(county)) return null;
  return (await db.selectFrom('regions').select('name').where('code', '=', key).executeTakeFirst())?.name ?? null;
}

export async function recordReward(db: Db, actor: Actor, input: Omit<Reward, 'id' | 'decidedBy' | 'decidedAt' | 'unitName'>, now: Date): Promise<number> {
  checkMonth(input.month);
  const county = countyOf(actor.regionCode);
  // A decision is recorded against a unit of the county's ranking of that tier: nothing else.
  if ((await unitOf(db, county, input.unitKind, input.unitKey)) === null) {
    throw new CaseError(
      'invalid',
      { zh: `本县没有该${TIER_LABELS[input.unitKind].zh}单位：${input.unitKey}`, en: `unitKey: no ${input.unitKind} ${input.unitKey} in this county` },
      { field: 'unitKey' },
    );
  }
  if (!input.note.trim()) throw new CaseError('invalid', { zh: '请填写奖惩事由', en: 'note: give the reason' }, { field: 'note' });
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('case_rewards')
      .values({
        region_code: county,
        month: input.month,
        unit_kind: input.unitKind,
        unit_key: input.unitKey,
        kind: input.kind,
        note: input.note,
        decided_by: actor.username,
        decided_at: now,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actor, action: `case.${input.kind}`, entity: 'case_reward', entityId: row.id, after: input });
    return row.id;
  });
}

export async function listRewards(db: Db, actor: Actor, month: string): Promise<Reward[]> {
  checkMonth(month);
  const rows = await db.selectFrom('case_rewards').selectAll().where('region_code', '=', countyOf(actor.regionCode)).where('month', '=', month).orderBy('id').execute();
  const names = await Promise.all(rows.map(async (r) => (await unitOf(db, countyOf(actor.regionCode), r.unit_kind, r.unit_key)) ?? r.unit_key));
  return rows.map((r, i) => ({
    id: r.id,
    month: r.month,
    unitKind: r.unit_kind,
    unitKey: r.unit_key,
    unitName: names[i]!,
    kind: r.kind,
    note: r.note,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at.toISOString(),
  }));
}
