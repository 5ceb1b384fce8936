import { sql } from 'kysely';
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/capabilities.js';
import { listDepartments, listRegions, OrgError, unlockUser } from '../../org/store.js';
import { departmentRestriction, regionPattern } from '../../org/scope.js';
import { notFound } from '../errors.js';
import { mayUse } from '../../org/access-rules.js';
import { MAX_PEOPLE_LOOKUP, peopleNames } from '../../org/people.js';
import type { TypedApp } from '../app-types.js';

const regionItem = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: { type: 'string' },
    level: { type: 'string' },
    parentCode: { type: ['string', 'null'] },
    divisionCode: { type: ['string', 'null'] },
  },
} as const;
const departmentItem = { type: 'object', properties: { id: { type: 'integer' }, code: { type: 'string' }, name: { type: 'string' }, regionCode: { type: 'string' } } } as const;

export default async function orgRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.get(
    '/api/org/regions',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['org'], summary: 'Regions the caller may see', response: { 200: { type: 'object', properties: { items: { type: 'array', items: regionItem } } } } },
    },
    async (request) => ({
      items: await listRegions(deps.store.db, request.actor),
    }),
  );

  app.get(
    '/api/org/departments',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['org'],
        summary: 'Departments of the caller’s regions',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: departmentItem } } } },
      },
    },
    async (request) => ({
      items: await listDepartments(deps.store.db, request.actor),
    }),
  );

  app.get(
    '/api/org/people',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['org'],
        summary: 'The names of people by login name (staff of the caller’s county; applicants only to staff of their regions), at most 200',
        querystring: {
          type: 'object',
          required: ['username'],
          additionalProperties: false,
          properties: { username: { type: 'array', maxItems: MAX_PEOPLE_LOOKUP, items: { type: 'string', minLength: 1, maxLength: 64 } } },
        },
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: { type: 'object', properties: { username: { type: 'string' }, displayName: { type: 'string' } } } } },
          },
        },
      },
    },
    async (request) => ({ items: await peopleNames(deps.store.db, request.actor, request.query.username) }),
  );

  app.post(
    '/api/org/users/:username/unlock',
    {
      config: { access: rolesOf('usersUnlock') },
      schema: {
        tags: ['org'],
        summary: 'Unlock an account locked by failed sign-ins (administrators, within their regions; audited)',
        params: { type: 'object', required: ['username'], additionalProperties: false, properties: { username: { type: 'string', minLength: 1, maxLength: 64 } } },
      },
    },
    async (request) => {
      try {
        return await unlockUser(deps.store.db, request.actor, request.params.username);
      } catch (err) {
        if (err instanceof OrgError && err.code === 'unknown_user') throw notFound('用户', request.params.username);
        throw err;
      }
    },
  );

  app.get('/api/dashboard', { config: { access: 'signed-in' }, schema: { tags: ['org'], summary: 'Home dashboard figures for the caller’s region' } }, async (request) => {
    const db = deps.store.db;
    const pattern = regionPattern(request.actor);
    const region = await db.selectFrom('regions').select(['code', 'name']).where('code', '=', request.actor.regionCode).executeTakeFirst();
    const count = async (table: 'regions' | 'departments' | 'users', column: 'code' | 'region_code') => {
      const r = await db
        .selectFrom(table)
        .select(sql<number>`count(*)`.as('n'))
        .where(column, 'like', pattern)
        .executeTakeFirstOrThrow();
      return r.n;
    };
    const auditRows = ['admin', 'reform_office', 'leader'].includes(request.actor.role)
      ? (
          await db
            .selectFrom('audit_log')
            .select(sql<number>`count(*)`.as('n'))
            .where('region_code', 'like', pattern)
            .executeTakeFirstOrThrow()
        ).n
      : null;
    // Matters of the caller's regions (a department officer: of their department), by department.
    const restriction = departmentRestriction(request.actor);
    let matters = db.selectFrom('matters').innerJoin('departments', 'departments.id', 'matters.department_id').where('matters.region_code', 'like', pattern);
    if (restriction !== null) matters = matters.where('matters.department_id', '=', restriction);
    const byDepartment = await matters
      .select(['departments.name as name', sql<number>`count(*)`.as('matters')])
      .groupBy('departments.name')
      .orderBy(sql`count(*)`, 'desc')
      .orderBy('departments.name')
      .execute();
    return {
      region: region ?? { code: request.actor.regionCode, name: null },
      counts: {
        // The organisation's figures are the offices' business, users only for those who administer them.
        regions: mayUse('page.org', request.actor.role) ? await count('regions', 'code') : null,
        departments: mayUse('page.org', request.actor.role) ? await count('departments', 'region_code') : null,
        users: mayUse('org.users', request.actor.role) ? await count('users', 'region_code') : null,
        matters: byDepartment.reduce((n, d) => n + d.matters, 0),
        auditRows,
      },
      byDepartment: byDepartment.slice(0, 15),
    };
  });
}
