// Major projects' blockers (堵点, src/projects) on the leader's reform board: what is open in the
// region, on which rung of the escalation ladder, how much is past its deadline, and which
// owner departments hold the most. Read-only; the projects capability writes them.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

export interface BlockerFigures {
  open: number;
  /** Open blockers by the rung they are on. */
  byLevel: { department: number; taskForce: number; coordination: number };
  /** Open blockers whose deadline has passed (Beijing date). */
  overdue: number;
  /** Owner departments with the most open blockers, most first (at most 10). */
  departments: Array<{ code: string; name: string; open: number; overdue: number }>;
}

export async function blockerFigures(db: Kysely<Database>, regionCode: string, departmentCode: string | null, today: string): Promise<BlockerFigures> {
  let q = db
    .selectFrom('project_blockers as b')
    .innerJoin('departments as d', 'd.id', 'b.owner_department_id')
    .where('b.status', '=', 'open')
    .where('b.region_code', 'like', `${regionCode}%`);
  if (departmentCode) q = q.where('d.code', '=', departmentCode);
  const rows = await q
    .select(['d.code', 'd.name', 'b.level', sql<number>`count(*)::int`.as('open'), sql<number>`count(*) filter (where b.due_date < ${today}::date)::int`.as('overdue')])
    .groupBy(['d.code', 'd.name', 'b.level'])
    .execute();
  const figures: BlockerFigures = { open: 0, byLevel: { department: 0, taskForce: 0, coordination: 0 }, overdue: 0, departments: [] };
  const byDepartment = new Map<string, { code: string; name: string; open: number; overdue: number }>();
  for (const r of rows) {
    const open = Number(r.open);
    const overdue = Number(r.overdue);
    figures.open += open;
    figures.overdue += overdue;
    if (r.level === 'department') figures.byLevel.department += open;
    else if (r.level === 'task_force') figures.byLevel.taskForce += open;
    else figures.byLevel.coordination += open;
    const d = byDepartment.get(r.code) ?? { code: r.code, name: r.name, open: 0, overdue: 0 };
    d.open += open;
    d.overdue += overdue;
    byDepartment.set(r.code, d);
  }
  figures.departments = [...byDepartment.values()].sort((a, b) => b.open - a.open || b.overdue - a.overdue || a.code.localeCompare(b.code)).slice(0, 10);
  return figures;
}
