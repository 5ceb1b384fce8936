// Administering the organisation: regions, departments, users, the organisation workbook and
// the official division tree. Thin: every command is a call of src/org/admin.ts.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { OrgError } from '../../org/store.js';
import {
  changeOwnPassword,
  createDepartment,
  createRegion,
  createUser,
  departmentsWithoutOfficers,
  listUsers,
  loadRegionTree,
  resetPassword,
  updateDepartment,
  updateRegion,
  updateUser,
} from '../../org/admin.js';
import { officialCountyTree } from '../../org/divisions.js';
import { importOrgWorkbook, orgTemplate } from '../../org/workbook.js';
import { ROLES, type Role } from '../../org/model.js';
import { recordAudit } from '../../audit/trail.js';
import { rolesFor } from '../../org/access-rules.js';

const STATUS: Record<OrgError['code'], number> = {
  department_outside_region: 422,
  department_for_applicant: 422,
  unknown_region: 404,
  unknown_department: 404,
  unknown_user: 404,
  duplicate_username: 409,
  duplicate_region: 409,
  duplicate_department: 409,
  invalid_role: 400,
  invalid_username: 400,
  invalid_region: 400,
  invalid_department: 400,
  invalid_user: 400,
  weak_password: 400,
  wrong_password: 400,
  out_of_scope: 403,
};

async function mapped<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof OrgError) throw new HttpError(STATUS[err.code], err.code, { zh: err.zh, en: err.message });
    throw err;
  }
}

const ADMIN = rolesFor('org.manage');
const regionCode = { type: 'string', pattern: '^[0-9]{2,15}$' } as const;
const name = { type: 'string', minLength: 1, maxLength: 60 } as const;
const divisionCode = { type: ['string', 'null'], pattern: '^[0-9]{12}$' } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;
const IMPORT_LIMIT = 8 * 1024 * 1024;

export default async function orgAdminRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

  app.post<{ Body: { code: string; name: string; parentCode: string | null; divisionCode?: string | null } }>(
    '/api/org/regions',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Create a township, village or grid below a region of yours (a county: only an administrator above it)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'name', 'parentCode'],
          properties: { code: regionCode, name, parentCode: { type: ['string', 'null'], pattern: '^[0-9]{2,15}$' }, divisionCode },
        },
        response: { 201: anyObject },
      },
    },
    async (request, reply) => reply.status(201).send(await mapped(() => createRegion(db, request.actor, request.body))),
  );

  app.patch<{ Params: { code: string }; Body: { name?: string; divisionCode?: string | null } }>(
    '/api/org/regions/:code',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Rename a region or set its statistical division code',
        params: { type: 'object', properties: { code: regionCode } },
        body: { type: 'object', additionalProperties: false, properties: { name, divisionCode } },
      },
    },
    async (request) => mapped(() => updateRegion(db, request.actor, request.params.code, request.body)),
  );

  app.post<{ Params: { county: string } }>(
    '/api/org/divisions/:county/import',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Load the official townships and villages of a county (statistical division codes) that the database lacks',
        params: { type: 'object', properties: { county: { type: 'string', pattern: '^[0-9]{6}$' } } },
      },
    },
    async (request) => {
      const county = request.params.county;
      const tree = await officialCountyTree(county);
      if (!tree) throw new HttpError(404, 'unknown_county', { zh: `区划代码数据中没有县级区划 ${county}`, en: `the division data has no county ${county}` });
      return mapped(() =>
        db.transaction().execute(async (trx) => {
          const result = await loadRegionTree(trx, request.actor, tree);
          await recordAudit(trx, { actor: request.actor, action: 'region.import_official', entity: 'region', entityId: county, regionCode: county, after: result });
          return { county, name: tree[0].name, ...result };
        }),
      );
    },
  );

  app.post<{ Body: { code: string; name: string; regionCode: string } }>(
    '/api/org/departments',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Create a department in a region of yours',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['code', 'name', 'regionCode'],
          properties: { code: { type: 'string', minLength: 1, maxLength: 40 }, name, regionCode },
        },
        response: { 201: anyObject },
      },
    },
    async (request, reply) => reply.status(201).send(await mapped(() => createDepartment(db, request.actor, request.body))),
  );

  app.patch<{ Params: { id: number }; Body: { name?: string } }>(
    '/api/org/departments/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Rename a department',
        params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } },
        body: { type: 'object', additionalProperties: false, properties: { name } },
      },
    },
    async (request) => mapped(() => updateDepartment(db, request.actor, request.params.id, request.body)),
  );

  app.get(
    '/api/org/departments/unstaffed',
    { config: { access: rolesFor('org.users') }, schema: { tags: ['org'], summary: 'Departments of your regions without an active user' } },
    async (request) => ({ ids: await departmentsWithoutOfficers(db, request.actor) }),
  );

  app.get('/api/org/users', { config: { access: rolesFor('org.users') }, schema: { tags: ['org'], summary: 'Users of the caller’s regions' } }, async (request) => ({
    items: await listUsers(db, request.actor, deps.now()),
  }));

  const userBody = {
    displayName: name,
    role: { type: 'string', enum: [...ROLES] },
    regionCode,
    departmentId: { type: ['integer', 'null'], minimum: 1 },
    departmentHead: { type: 'boolean' },
  } as const;

  app.post<{ Body: { username: string; displayName: string; role: Role; regionCode: string; departmentId?: number | null; departmentHead?: boolean } }>(
    '/api/org/users',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Add a user; the answer holds a one-time password, shown once, to be changed at first sign-in',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'displayName', 'role', 'regionCode'],
          properties: { username: { type: 'string', minLength: 2, maxLength: 64 }, ...userBody },
        },
        response: { 201: anyObject },
      },
    },
    async (request, reply) => reply.status(201).send(await mapped(() => createUser(db, request.actor, request.body))),
  );

  app.patch<{
    Params: { id: number };
    Body: { displayName?: string; role?: Role; regionCode?: string; departmentId?: number | null; departmentHead?: boolean; disabled?: boolean };
  }>(
    '/api/org/users/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Edit, move, disable or enable a user',
        params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } },
        body: { type: 'object', additionalProperties: false, properties: { ...userBody, disabled: { type: 'boolean' } } },
      },
    },
    async (request) => mapped(() => updateUser(db, request.actor, request.params.id, request.body, deps.now())),
  );

  app.post<{ Params: { id: number } }>(
    '/api/org/users/:id/reset-password',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Give a user a new one-time password (shown once); their sessions end',
        params: { type: 'object', properties: { id: { type: 'integer', minimum: 1 } } },
      },
    },
    async (request) => mapped(() => resetPassword(db, request.actor, request.params.id)),
  );

  app.post<{ Body: { currentPassword: string; newPassword: string } }>(
    '/api/auth/password',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (required after a one-time password)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['currentPassword', 'newPassword'],
          properties: { currentPassword: { type: 'string', minLength: 1, maxLength: 256 }, newPassword: { type: 'string', minLength: 1, maxLength: 256 } },
        },
      },
    },
    async (request, reply) => {
      await mapped(() => changeOwnPassword(db, request.actor, request.body.currentPassword, request.body.newPassword));
      return reply.status(204).send();
    },
  );

  app.get('/api/org/template', { config: { access: ADMIN }, schema: { tags: ['org'], summary: 'The organisation workbook template (xlsx)' } }, async (_request, reply) =>
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="org-template.xlsx"; filename*=UTF-8''${encodeURIComponent('组织机构导入模板.xlsx')}`)
      .send(orgTemplate()),
  );

  app.post<{ Body: { content: string } }>(
    '/api/org/import',
    {
      config: { access: ADMIN },
      bodyLimit: IMPORT_LIMIT,
      schema: {
        tags: ['org'],
        summary: 'Import regions, departments and users from the organisation workbook (xlsx, base64): all or nothing; 422 lists every problem with sheet, row and column',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['content'],
          properties: { fileName: { type: 'string', maxLength: 300 }, content: { type: 'string', minLength: 1, maxLength: IMPORT_LIMIT } },
        },
      },
    },
    async (request) => {
      if (!/^[A-Za-z0-9+/=\r\n]*$/.test(request.body.content)) throw new HttpError(400, 'validation', { zh: 'content 不是有效的 base64', en: 'content is not valid base64' });
      const result = await importOrgWorkbook(db, request.actor, Buffer.from(request.body.content, 'base64'));
      if (!result.ok) {
        throw new HttpError(
          422,
          'import_problems',
          { zh: `文件有 ${result.problems.length} 处问题，未导入任何内容`, en: `the file has ${result.problems.length} problems; nothing was imported` },
          { problems: result.problems },
        );
      }
      return result;
    },
  );
}
