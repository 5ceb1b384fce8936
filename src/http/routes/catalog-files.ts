// Catalogue files over HTTP: import (with the table of every problem), export and template
// downloads. Thin: the work is in src/catalogue.
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import { HttpError } from '../errors.js';
import { importCatalogueFile, loadCatalogue, CONTENT_TYPES, FILE_FORMATS, formatOf, writeCatalogue, writeTemplate, VERSION_STAGES } from '../../catalogue/index.js';
import type { TypedApp } from '../app-types.js';
import { IMPORT_LIMIT, anyObject, errors, problemSchema, attachment, decodeBase64 } from '../schemas/catalog.js';

export default async function catalogueFileRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

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
}
