// The matter catalogue over HTTP: list with search and filters, detail, versions and
// side-by-side comparison, a version's BPMN, new versions, dictionary suggestions. Files are in
// catalog-files.ts, the ledger in catalog-ledger.ts. Thin: the work is in src/catalogue.
import type { AppDeps } from '../deps.js';
import { rolesOf, departmentNamesByCode } from '../../org/index.js';
import { HttpError } from '../errors.js';
import {
  compareVersions,
  getMatter,
  getVersion,
  listMatters,
  listVersions,
  saveMatterDocument,
  suggestMaterials,
  matchMaterial,
  matterBpmn,
  suggestFields,
  matchField,
  MATTER_KINDS,
  VERSION_STAGES,
} from '../../catalogue/index.js';
import type { TypedApp } from '../app-types.js';
import { anyObject, errors, codeParam, versionRef, attachment } from '../schemas/catalog.js';

export default async function catalogueRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

  app.get(
    '/api/catalog/matters',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['catalog'],
        summary: 'Matters the caller may see, with as-is and to-be figures; search by name or code, filter by department and kind',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            search: { type: 'string', maxLength: 200 },
            department: { type: 'string', maxLength: 100 },
            kind: { type: 'string', enum: [...MATTER_KINDS] },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 50 },
            offset: { type: 'integer', minimum: 0, maximum: 100_000, default: 0 }, // bounded: deep pages of a county's catalogue are reached by search
          },
        },
        response: { 200: { type: 'object', properties: { total: { type: 'integer' }, items: { type: 'array', items: anyObject } } }, ...errors },
      },
    },
    async (request) =>
      listMatters(db, request.actor, {
        search: request.query.search,
        departmentCode: request.query.department,
        kind: request.query.kind,
        limit: request.query.limit,
        offset: request.query.offset,
      }),
  );

  app.get(
    '/api/catalog/matters/:code',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['catalog'],
        summary: 'A matter: summary with figures, its current as-is and to-be versions',
        params: codeParam,
        response: {
          200: { type: 'object', properties: { summary: anyObject, asIs: { ...anyObject, nullable: true }, toBe: { ...anyObject, nullable: true }, dictionaries: anyObject } },
          ...errors,
        },
      },
    },
    async (request) => getMatter(db, request.actor, request.params.code),
  );

  app.get(
    '/api/catalog/matters/:code/versions',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['catalog'],
        summary: 'Every version of a matter, oldest first',
        params: codeParam,
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: anyObject } } }, ...errors },
      },
    },
    async (request) => ({ items: await listVersions(db, request.actor, request.params.code) }),
  );

  app.get(
    '/api/catalog/matters/:code/versions/:version',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['catalog'],
        summary: 'One version of a matter (a number, or as_is, to_be, latest)',
        params: { type: 'object', required: ['code', 'version'], properties: { code: codeParam.properties.code, version: versionRef } },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => getVersion(db, request.actor, request.params.code, request.params.version),
  );

  app.get(
    '/api/catalog/matters/:code/versions/:version/bpmn',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['catalog'],
        summary:
          "A version's steps as BPMN 2.0 XML with a diagram; executable=true gives the process the engine deploys (tasks offered to each step's department, due in its working days)",
        params: { type: 'object', required: ['code', 'version'], properties: { code: codeParam.properties.code, version: versionRef } },
        querystring: { type: 'object', additionalProperties: false, properties: { executable: { type: 'boolean' } } },
        response: { 200: { type: 'string' }, ...errors },
      },
    },
    async (request, reply) => {
      const version = await getVersion(db, request.actor, request.params.code, request.params.version);
      const departments = await departmentNamesByCode(db);
      const xml = matterBpmn(version.matter, {
        departmentName: (c) => departments.get(c) ?? c,
        startLabel: '申请',
        endLabel: '办结',
        executable: request.query.executable === true,
      });
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', attachment(`${version.matter.code}-v${version.version}.bpmn`))
        .send(xml);
    },
  );

  app.get(
    '/api/catalog/matters/:code/compare',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['catalog'],
        summary: 'Two versions side by side (default as-is against to-be): changed fields, aligned materials, steps, prerequisites, form fields, legal bases, and figures',
        params: codeParam,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            a: {
              anyOf: [
                { type: 'integer', minimum: 1 },
                { type: 'string', enum: [...VERSION_STAGES] },
              ],
            },
            b: {
              anyOf: [
                { type: 'integer', minimum: 1 },
                { type: 'string', enum: [...VERSION_STAGES] },
              ],
            },
          },
        },
        response: { 200: { type: 'object', properties: { before: anyObject, after: anyObject, diff: anyObject } }, ...errors },
      },
    },
    async (request) => compareVersions(db, request.actor, request.params.code, request.query.a ?? 'as_is', request.query.b ?? 'to_be'),
  );

  app.post(
    '/api/catalog/matters/:code/versions',
    {
      config: { access: rolesOf('catalogueWrite') },
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags: ['catalog'],
        summary: 'Save a new version of a matter (an edit of the as-is list, or a redesign as the to-be version); checked like an import',
        params: codeParam,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['matter'],
          properties: {
            stage: { type: 'string', enum: [...VERSION_STAGES], default: 'as_is' },
            note: { type: 'string', maxLength: 2000 },
            baseVersion: { type: 'integer', minimum: 1 },
            matter: anyObject,
          },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => {
      const { matter, stage, note, baseVersion } = request.body;
      if (matter.code !== request.params.code)
        throw new HttpError(400, 'validation', { zh: '请求路径中的实施编码与事项内容不一致', en: 'the matter code in the path differs from the one in the body' });
      const saved = await saveMatterDocument(db, request.actor, matter, { stage, note, baseVersion });
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/api/catalog/dictionary/suggest',
    {
      config: { access: rolesOf('catalogueWrite') },
      schema: {
        tags: ['catalog'],
        summary: 'The canonical material (or form field) a name stands for, and suggestions by normalised similarity',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, kind: { type: 'string', enum: ['material', 'field'], default: 'material' } },
        },
        response: { 200: { type: 'object', properties: { match: { ...anyObject, nullable: true }, suggestions: { type: 'array', items: anyObject } } }, ...errors },
      },
    },
    async (request) => {
      const field = request.query.kind === 'field';
      const match = field ? matchField(request.query.name) : matchMaterial(request.query.name);
      return { match, suggestions: field ? suggestFields(request.query.name, { limit: 5 }) : suggestMaterials(request.query.name, { limit: 5 }) };
    },
  );

  // ---------------------------------------------------------------------------------
  // Reengineering ledger
}
