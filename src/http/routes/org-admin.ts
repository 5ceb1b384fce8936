// Administering the organisation: regions, departments, users, the organisation workbook and
// the official division tree. Thin: every command is a call of src/org/admin.ts.
import type { AppDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import {
  changeOwnPassword,
  createDepartment,
  createRegion,
  createUser,
  departmentsWithoutOfficers,
  listUsers,
  importRegionTree,
  resetPassword,
  updateDepartment,
  updateRegion,
  updateUser,
  officialCountyTree,
  importOrgWorkbook,
  orgTemplate,
  ROLES,
  rolesFor,
} from '../../org/index.js';
import type { TypedApp } from '../app-types.js';

const ADMIN = rolesFor('org.manage');
const regionCode = { type: 'string', pattern: '^[0-9]{2,15}$' } as const;
const name = { type: 'string', minLength: 1, maxLength: 60 } as const;
const divisionCode = { type: ['string', 'null'], pattern: '^[0-9]{12}$' } as const;
const anyObject = { type: 'object', additionalProperties: true } as const;
const IMPORT_LIMIT = 8 * 1024 * 1024;

export default async function orgAdminRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

  app.post(
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
    async (request, reply) => reply.status(201).send(await createRegion(db, request.actor, request.body)),
  );

  app.patch(
    '/api/org/regions/:code',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Rename a region or set its statistical division code',
        params: { type: 'object', required: ['code'], properties: { code: regionCode } },
        body: { type: 'object', additionalProperties: false, properties: { name, divisionCode } },
      },
    },
    async (request) => updateRegion(db, request.actor, request.params.code, request.body),
  );

  app.post(
    '/api/org/divisions/:county/import',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Load the official townships and villages of a county (statistical division codes) that the database lacks',
        params: { type: 'object', required: ['county'], properties: { county: { type: 'string', pattern: '^[0-9]{6}$' } } },
      },
    },
    async (request) => {
      const county = request.params.county;
      const tree = await officialCountyTree(county);
      if (!tree) throw new HttpError(404, 'unknown_county', { zh: `区划代码数据中没有县级区划 ${county}`, en: `the division data has no county ${county}` });
      return { county, name: tree[0].name, ...(await importRegionTree(db, request.actor, county, tree)) };
    },
  );

  app.post(
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
    async (request, reply) => reply.status(201).send(await createDepartment(db, request.actor, request.body)),
  );

  app.patch(
    '/api/org/departments/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Rename a department',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
        body: { type: 'object', additionalProperties: false, properties: { name } },
      },
    },
    async (request) => updateDepartment(db, request.actor, request.params.id, request.body),
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

  app.post(
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
    async (request, reply) => reply.status(201).send(await createUser(db, request.actor, request.body)),
  );

  app.patch(
    '/api/org/users/:id',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Edit, move, disable or enable a user',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
        body: { type: 'object', additionalProperties: false, properties: { ...userBody, disabled: { type: 'boolean' } } },
      },
    },
    async (request) => updateUser(db, request.actor, request.params.id, request.body, deps.now()),
  );

  app.post(
    '/api/org/users/:id/reset-password',
    {
      config: { access: ADMIN },
      schema: {
        tags: ['org'],
        summary: 'Give a user a new one-time password (shown once); their sessions end',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
      },
    },
    async (request) => resetPassword(db, request.actor, request.params.id),
  );

  app.post(
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
      await changeOwnPassword(db, request.actor, request.body.currentPassword, request.body.newPassword);
      return reply.status(204).send();
    },
  );

  app.get('/api/org/template', { config: { access: ADMIN }, schema: { tags: ['org'], summary: 'The organisation workbook template (xlsx)' } }, async (_request, reply) =>
    reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="org-template.xlsx"; filename*=UTF-8''${encodeURIComponent('组织机构导入模板.xlsx')}`)
      .send(orgTemplate()),
  );

  app.post(
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
