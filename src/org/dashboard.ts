// The home dashboard's figures for the caller's region: what the organisation holds and the
// matters by department, each only for those whose business it is.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from './model.js';
import { departmentRestriction, regionPattern } from './scope.js';
import { mayUse } from './access-rules.js';
import { countAudit } from '../audit/list.js';

export async function dashboardFigures(db: Kysely<Database>, actor: Actor) {
  const pattern = regionPattern(actor);
  const region = await db.selectFrom('regions').select(['code', 'name']).where('code', '=', actor.regionCode).executeTakeFirst();
  const count = async (table: 'regions' | 'departments' | 'users', column: 'code' | 'region_code') => {
    const r = await db
      .selectFrom(table)
      .select(sql<number>`count(*)`.as('n'))
      .where(column, 'like', pattern)
      .executeTakeFirstOrThrow();
    return r.n;
  };
  const auditRows = ['admin', 'reform_office', 'leader'].includes(actor.role) ? await countAudit(db, actor) : null;
  // Matters of the caller's regions (a department officer: of their department), by department.
  const restriction = departmentRestriction(actor);
  let matters = db.selectFrom('matters').innerJoin('departments', 'departments.id', 'matters.department_id').where('matters.region_code', 'like', pattern);
  if (restriction !== null) matters = matters.where('matters.department_id', '=', restriction);
  const byDepartment = await matters
    .select(['departments.name as name', sql<number>`count(*)`.as('matters')])
    .groupBy('departments.name')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('departments.name')
    .execute();
  return {
    region: region ?? { code: actor.regionCode, name: null },
    counts: {
      // The organisation's figures are the offices' business, users only for those who administer them.
      regions: mayUse('page.org', actor.role) ? await count('regions', 'code') : null,
      departments: mayUse('page.org', actor.role) ? await count('departments', 'region_code') : null,
      users: mayUse('org.users', actor.role) ? await count('users', 'region_code') : null,
      matters: byDepartment.reduce((n, d) => n + d.matters, 0),
      auditRows,
    },
    byDepartment: byDepartment.slice(0, 15),
  };
}
