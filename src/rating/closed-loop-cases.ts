// The closed loop's 三率 on the reform board, from the grass-roots cases (src/cases): cases
// reported in the period in the region, their 响应率 (responded in time / assigned), 办结率
// (closed / assigned) and 满意率 (满意 or better / evaluated), and the townships ranked by the
// cases capability's own score (src/cases/metrics.ts, the county's weights and small sample).
import { sql, type Kysely } from 'kysely';
import { rank, type UnitCounts } from '../cases/metrics.js';
import { SATISFIED_AT_LEAST } from '../cases/model.js';
import { countyOf } from '../cases/responsibility.js';
import { loadSettings } from '../cases/store.js';
import type { Database } from '../store/schema.js';
import type { ClosedLoopFigures, ClosedLoopProvider } from './closed-loop.js';

const dayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);
const rate = (n: number, d: number) => (d > 0 ? n / d : null);

export const casesClosedLoop: ClosedLoopProvider = {
  async figures(db: Kysely<Database>, q): Promise<ClosedLoopFigures> {
    const from = dayStart(q.period.from);
    const to = new Date(dayStart(q.period.to).getTime() + 86_400_000);
    const rows = await sql<{
      key: string | null;
      name: string | null;
      received: number;
      assigned: number;
      responded: number;
      resolved: number;
      evaluated: number;
      satisfied: number;
      overdue: number;
      reopened: number;
    }>`
      select case when c.tier = 'township' then c.unit_region_code end as key, max(c.unit_name) as name,
             count(*)::int as received,
             count(*) filter (where c.assigned_at is not null)::int as assigned,
             count(*) filter (where c.responded_late = false)::int as responded,
             count(*) filter (where c.status in ('closed', 'evaluated'))::int as resolved,
             count(c.satisfaction)::int as evaluated,
             count(*) filter (where c.satisfaction >= ${SATISFIED_AT_LEAST})::int as satisfied,
             count(*) filter (where c.handled_late = true)::int as overdue,
             count(*) filter (where c.reopened > 0)::int as reopened
      from cases c
      where c.region_code like ${`${q.regionCode}%`} and c.reported_at >= ${from} and c.reported_at < ${to}
      group by 1`.execute(db);
    let received = 0;
    let assigned = 0;
    let responded = 0;
    let resolved = 0;
    let evaluated = 0;
    let satisfied = 0;
    const townships: UnitCounts[] = [];
    for (const r of rows.rows) {
      received += Number(r.received);
      assigned += Number(r.assigned);
      responded += Number(r.responded);
      resolved += Number(r.resolved);
      evaluated += Number(r.evaluated);
      satisfied += Number(r.satisfied);
      if (r.key) {
        townships.push({
          tier: 'township',
          key: r.key,
          name: r.name ?? r.key,
          assigned: Number(r.assigned),
          respondedInTime: Number(r.responded),
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
    }
    const settings = await loadSettings(db, countyOf(q.regionCode));
    return {
      received,
      responseRate: rate(responded, assigned),
      resolutionRate: rate(resolved, assigned),
      satisfactionRate: rate(satisfied, evaluated),
      ranking: rank(townships, settings.weights, settings.smallSample).map((u) => ({ key: u.key, name: u.name, score: u.score })),
    };
  },
};
