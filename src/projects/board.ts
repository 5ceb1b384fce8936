// The projects board: a column per milestone of the template, each project in the column of
// the milestone it stands at, with its overdue milestones and open and escalated blockers.
import { sql } from 'kysely';
import { shanghaiDate } from '../calendar/index.js';
import type { Actor } from '../org/model.js';
import { scopedProjects } from './access.js';
import { milestoneState, type MilestoneState } from './milestones.js';
import type { ProjectLevel, Text } from './model.js';
import { countyOf, loadTemplate, type Db } from './store.js';

export interface BoardProject {
  id: number;
  name: string;
  level: ProjectLevel;
  investment: number;
  investor: string;
  current: { code: string; plannedDate: string; state: MilestoneState } | null;
  overdueMilestones: number;
  openBlockers: number;
  escalatedBlockers: number;
}

/** The board: a column per milestone of the template, each project in the column of the milestone it stands at. */
export async function projectBoard(
  db: Db,
  actor: Actor,
  now: Date,
  q: { level?: ProjectLevel } = {},
): Promise<{ columns: Array<{ code: string; name: Text; projects: BoardProject[] }>; done: BoardProject[]; today: string }> {
  const day = shanghaiDate(now);
  let projects = scopedProjects(
    actor,
    db.selectFrom('projects as p').innerJoin('enterprises as e', 'e.uscc', 'p.investor_uscc').select(['p.id', 'p.name', 'p.level', 'p.investment', 'e.name as investor']),
  );
  if (q.level) projects = projects.where('p.level', '=', q.level);
  const rows: Array<{ id: number; name: string; level: ProjectLevel; investment: number; investor: string }> = await projects.orderBy('p.id').limit(5000).execute();
  const ids = rows.map((r) => r.id);
  const [milestones, blockers, template] = await Promise.all([
    // One row per project: where it stands (the first milestone not reached) and how many are overdue.
    ids.length
      ? db
          .selectFrom('project_milestones')
          .select([
            'project_id',
            sql<string | null>`(array_agg(code order by position) filter (where actual_date is null))[1]`.as('code'),
            sql<string | null>`(array_agg(planned_date::text order by position) filter (where actual_date is null))[1]`.as('planned_date'),
            sql<number>`count(*) filter (where actual_date is null and planned_date < ${day})`.as('overdue'),
          ])
          .where('project_id', 'in', ids)
          .groupBy('project_id')
          .execute()
      : [],
    ids.length
      ? db
          .selectFrom('project_blockers')
          .select(['project_id', sql<number>`count(*)`.as('open'), sql<number>`count(*) filter (where level <> 'department')`.as('escalated')])
          .where('project_id', 'in', ids)
          .where('status', '=', 'open')
          .groupBy('project_id')
          .execute()
      : [],
    loadTemplate(db, countyOf(actor.regionCode)),
  ]);
  const standing = new Map(milestones.map((m) => [m.project_id, m]));
  const blockerBy = new Map(blockers.map((b) => [b.project_id, b]));
  const columns = template.steps.map((s) => ({ code: s.code, name: s.name, projects: [] as BoardProject[] }));
  const done: BoardProject[] = [];
  for (const r of rows) {
    const m = standing.get(r.id);
    const cur = m?.code ? { code: m.code, plannedDate: m.planned_date! } : null;
    const b = blockerBy.get(r.id);
    const card: BoardProject = {
      id: r.id,
      name: r.name,
      level: r.level,
      investment: Number(r.investment),
      investor: r.investor,
      current: cur ? { code: cur.code, plannedDate: cur.plannedDate, state: milestoneState({ ...cur, actualDate: null }, day) } : null,
      overdueMilestones: Number(m?.overdue ?? 0),
      openBlockers: Number(b?.open ?? 0),
      escalatedBlockers: Number(b?.escalated ?? 0),
    };
    const column = cur ? columns.find((c) => c.code === cur.code) : null;
    if (column) column.projects.push(card);
    else if (cur) {
      // A project made under an older template: a column of its own milestone.
      columns.push({ code: cur.code, name: { zh: cur.code, en: cur.code }, projects: [card] });
    } else done.push(card);
  }
  return { columns, done, today: day };
}
