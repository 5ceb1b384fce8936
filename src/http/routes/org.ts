import type { AppDeps } from '../deps.js';
import { rolesOf, listDepartments, listRegions, unlockUser, dashboardFigures, MAX_PEOPLE_LOOKUP, peopleNames } from '../../org/index.js';
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
    async (request) => unlockUser(deps.store.db, request.actor, request.params.username),
  );

  app.get('/api/dashboard', { config: { access: 'signed-in' }, schema: { tags: ['org'], summary: 'Home dashboard figures for the caller’s region' } }, async (request) =>
    dashboardFigures(deps.store.db, request.actor),
  );
}
