// The matter catalogue and the reengineering ledger over HTTP: list with search and
// filters, detail, versions and side-by-side comparison, new versions, file import (with
// the table of every problem), export and template downloads, and the ledger's items,
// status, attachments and upward report. Thin: the work is in src/catalog.
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/capabilities.js';
import { HttpError } from '../errors.js';
import { compareVersions, getMatter, getVersion, importCatalogueFile, listMatters, listVersions, loadCatalogue, saveMatterDocument } from '../../catalogue/store.js';
import {
  addLedgerAttachment,
  createLedgerItem,
  deleteLedgerItem,
  exportLedgerReport,
  getLedgerAttachment,
  getLedgerItem,
  listLedger,
  setLedgerStatus,
  updateLedgerItem,
} from '../../catalogue/ledger-store.js';
import { CONTENT_TYPES, FILE_FORMATS, formatOf, writeCatalogue, writeTemplate } from '../../catalogue/files/index.js';
import { suggestMaterials, matchMaterial } from '../../catalogue/materials.js';
import { matterBpmn } from '../../catalogue/process.js';
import { departmentNamesByCode } from '../../org/store.js';
import { suggestFields, matchField } from '../../catalogue/fields.js';
import { LEDGER_STATUSES, MATTER_KINDS, VERSION_STAGES } from '../../catalogue/model.js';
import { refusals } from '../schemas.js';
import type { TypedApp } from '../app-types.js';

/** Catalogue files travel base64-encoded in the JSON body; allow large ones on these routes. */
const IMPORT_LIMIT = 100 * 1024 * 1024;
const ATTACHMENT_LIMIT = 30 * 1024 * 1024;

const anyObject = { type: 'object', additionalProperties: true } as const;
const errors = refusals(400, 403, 404, 409, 422);
const codeParam = { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 1, maxLength: 100 } } } as const;
const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
const versionRef = {
  anyOf: [
    { type: 'integer', minimum: 1 },
    { type: 'string', enum: ['as_is', 'to_be', 'latest'] },
  ],
} as const;
const problemSchema = {
  type: 'object',
  properties: {
    sheet: { type: 'string' },
    row: { type: 'integer' },
    column: { type: 'string' },
    value: { type: 'string' },
    reason: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
  },
} as const;
const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';

function attachment(name: string): string {
  return `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function decodeBase64(content: string, field: string): Buffer {
  if (!/^[A-Za-z0-9+/=\r\n]*$/.test(content)) throw new HttpError(400, 'validation', { zh: `${field} 不是有效的 base64`, en: `${field} is not valid base64` });
  return Buffer.from(content, 'base64');
}

const ledgerInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['departmentCode', 'matterCodes', 'problem', 'measure', 'owner', 'deadlineWorkdays'],
  properties: {
    departmentCode: { type: 'string', minLength: 1, maxLength: 100 },
    matterCodes: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', minLength: 1, maxLength: 100 } },
    problem: { type: 'string', minLength: 1, maxLength: 5000 },
    measure: { type: 'string', minLength: 1, maxLength: 5000 },
    owner: { type: 'string', minLength: 1, maxLength: 200 },
    startDate: { type: 'string', pattern: ISO_DATE },
    deadlineWorkdays: { type: 'integer', minimum: 0, maximum: 1000 },
  },
} as const;

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

  app.post(
    '/api/catalog/import',
    {
      config: { access: rolesOf('catalogueWrite') },
      bodyLimit: IMPORT_LIMIT,
      schema: {
        tags: ['catalog'],
        summary:
          'Import a catalogue file (.xlsx, .csv, .json, .yaml by the file name; content base64): all or nothing; 422 lists every problem with sheet, row, column, value and reason; 409 removals_need_confirmation lists matters that would lose every step, material or legal basis; a dry run checks everything the import checks',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['fileName', 'content'],
          properties: {
            fileName: { type: 'string', minLength: 1, maxLength: 300 },
            content: { type: 'string', minLength: 1 },
            stage: { type: 'string', enum: [...VERSION_STAGES], default: 'as_is' },
            note: { type: 'string', maxLength: 2000, default: '' },
            createDepartments: { type: 'boolean', default: false },
            dryRun: { type: 'boolean', default: false },
            allowRemovals: {
              type: 'boolean',
              default: false,
              description: 'confirm that matters may lose every step, material or legal basis (otherwise 409 removals_need_confirmation lists them)',
            },
          },
        },
        response: {
          200: { type: 'object', properties: { imported: { type: 'boolean' }, matters: { type: 'integer' }, result: { ...anyObject, nullable: true } } },
          ...errors,
          422: {
            type: 'object',
            properties: {
              error: {
                type: 'object',
                properties: {
                  code: { type: 'string' },
                  message: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
                  details: { type: 'object', properties: { problems: { type: 'array', items: problemSchema } } },
                },
              },
            },
          },
        },
      },
    },
    async (request) => {
      const b = request.body;
      if (!formatOf(b.fileName))
        throw new HttpError(400, 'validation', { zh: '不支持的文件类型，应为 .xlsx、.csv、.json 或 .yaml', en: 'unsupported file type; use .xlsx, .csv, .json or .yaml' });
      const data = decodeBase64(b.content, 'content');
      const out = await importCatalogueFile(db, request.actor, data, b.fileName, {
        stage: b.stage,
        note: b.note,
        createDepartments: b.createDepartments,
        dryRun: b.dryRun,
        allowRemovals: b.allowRemovals,
      });
      if (out.problems.length > 0) {
        throw new HttpError(
          422,
          'catalogue_problems',
          { zh: `文件有 ${out.problems.length} 处问题，未导入任何内容`, en: `${out.problems.length} problem(s) in the file; nothing was imported` },
          { problems: out.problems },
        );
      }
      return { imported: !b.dryRun, matters: out.matters, result: out.result };
    },
  );

  app.get(
    '/api/catalog/export',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['catalog'],
        summary: 'The catalogue the caller may see as a file (xlsx, csv, json, yaml)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            format: { type: 'string', enum: [...FILE_FORMATS], default: 'xlsx' },
            stage: { type: 'string', enum: ['as_is', 'to_be', 'latest'], default: 'as_is' },
            department: { type: 'string', maxLength: 100 },
          },
        },
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'xlsx';
      const cat = await loadCatalogue(db, request.actor, { stage: request.query.stage, departmentCode: request.query.department });
      const data = await writeCatalogue(cat, format);
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', attachment(`事项清单-${cat.regionCode || 'all'}.${format}`))
        .send(data);
    },
  );

  app.get(
    '/api/catalog/template',
    { config: { access: rolesOf('catalogueWrite') }, schema: { tags: ['catalog'], summary: 'The empty xlsx import template with instructions and drop-down lists' } },
    async (_request, reply) =>
      reply
        .header('content-type', CONTENT_TYPES.xlsx)
        .header('content-disposition', attachment('事项清单导入模板.xlsx'))
        .send(await writeTemplate()),
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

  app.get(
    '/api/catalog/ledger',
    {
      config: { access: rolesOf('ledgerRead') },
      schema: {
        tags: ['catalog'],
        summary: 'Reengineering ledger items with before/after figures computed from the matter versions and the overdue flag',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: [...LEDGER_STATUSES] }, department: { type: 'string', maxLength: 100 }, overdue: { type: 'boolean' } },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: anyObject } } }, ...errors },
      },
    },
    async (request) => ({
      items: await listLedger(db, request.actor, { status: request.query.status, departmentCode: request.query.department, overdue: request.query.overdue }, deps.now()),
    }),
  );

  app.get(
    '/api/catalog/ledger/report',
    {
      config: { access: rolesOf('ledgerRead') },
      schema: {
        tags: ['catalog'],
        summary: 'The ledger as the xlsx report a reform office sends upward',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: [...LEDGER_STATUSES] }, department: { type: 'string', maxLength: 100 } },
        },
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const data = await exportLedgerReport(db, request.actor, { status: request.query.status, departmentCode: request.query.department }, deps.now());
      return reply.header('content-type', CONTENT_TYPES.xlsx).header('content-disposition', attachment('流程再造事项台账.xlsx')).send(data);
    },
  );

  app.post(
    '/api/catalog/ledger',
    {
      config: { access: rolesOf('ledgerWrite') },
      schema: { tags: ['catalog'], summary: 'Add a ledger item; the deadline is counted in working days', body: ledgerInputSchema, response: { 201: anyObject, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await createLedgerItem(db, request.actor, request.body, deps.now())),
  );

  app.get(
    '/api/catalog/ledger/:id',
    { config: { access: rolesOf('ledgerRead') }, schema: { tags: ['catalog'], summary: 'One ledger item', params: idParam, response: { 200: anyObject, ...errors } } },
    async (request) => getLedgerItem(db, request.actor, request.params.id, deps.now()),
  );

  app.patch(
    '/api/catalog/ledger/:id',
    {
      config: { access: rolesOf('ledgerWrite') },
      schema: {
        tags: ['catalog'],
        summary: 'Change a ledger item (not once verified)',
        params: idParam,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            problem: ledgerInputSchema.properties.problem,
            measure: ledgerInputSchema.properties.measure,
            owner: ledgerInputSchema.properties.owner,
            startDate: ledgerInputSchema.properties.startDate,
            deadlineWorkdays: ledgerInputSchema.properties.deadlineWorkdays,
            matterCodes: ledgerInputSchema.properties.matterCodes,
          },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => updateLedgerItem(db, request.actor, request.params.id, request.body, deps.now()),
  );

  app.delete(
    '/api/catalog/ledger/:id',
    {
      config: { access: rolesOf('ledgerWrite') },
      schema: { tags: ['catalog'], summary: 'Delete a ledger item that has not started', params: idParam, response: { 204: { type: 'null' }, ...errors } },
    },
    async (request, reply) => {
      await deleteLedgerItem(db, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/catalog/ledger/:id/status',
    {
      config: { access: rolesOf('ledgerWrite') },
      schema: {
        tags: ['catalog'],
        summary: 'Move a ledger item: planned → in_progress → done → verified (verification by the reform office; done → in_progress reopens)',
        params: idParam,
        body: { type: 'object', additionalProperties: false, required: ['status'], properties: { status: { type: 'string', enum: [...LEDGER_STATUSES] } } },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => setLedgerStatus(db, request.actor, request.params.id, request.body.status, deps.now()),
  );

  app.post(
    '/api/catalog/ledger/:id/attachments',
    {
      config: { access: rolesOf('ledgerWrite') },
      bodyLimit: ATTACHMENT_LIMIT,
      schema: {
        tags: ['catalog'],
        summary: 'Attach evidence (content base64, at most 20 MB)',
        params: idParam,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['fileName', 'content'],
          properties: { fileName: { type: 'string', minLength: 1, maxLength: 300 }, contentType: { type: 'string', maxLength: 200 }, content: { type: 'string', minLength: 1 } },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => {
      const content = decodeBase64(request.body.content, 'content');
      const saved = await addLedgerAttachment(db, request.actor, request.params.id, {
        fileName: request.body.fileName,
        contentType: request.body.contentType ?? 'application/octet-stream',
        content,
      });
      return reply.status(201).send(saved);
    },
  );

  app.get(
    '/api/catalog/ledger/:id/attachments/:attachmentId',
    {
      config: { access: rolesOf('ledgerRead') },
      schema: {
        tags: ['catalog'],
        summary: 'Download an evidence attachment',
        params: { type: 'object', required: ['id', 'attachmentId'], properties: { id: { type: 'integer', minimum: 1 }, attachmentId: { type: 'integer', minimum: 1 } } },
        response: { ...errors },
      },
    },
    async (request, reply) => {
      const a = await getLedgerAttachment(db, request.actor, request.params.id, request.params.attachmentId);
      return reply.header('content-type', a.contentType).header('content-disposition', attachment(a.fileName)).header('x-content-sha256', a.sha256).send(a.content);
    },
  );
}
