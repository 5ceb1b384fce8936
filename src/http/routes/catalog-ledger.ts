// The reengineering ledger over HTTP: its items, status, attachments and upward report.
// Thin: the work is in src/catalogue.
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
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
  CONTENT_TYPES,
  LEDGER_STATUSES,
} from '../../catalogue/index.js';
import type { TypedApp } from '../app-types.js';
import { ATTACHMENT_LIMIT, anyObject, errors, idParam, attachment, decodeBase64, ledgerInputSchema } from '../schemas/catalog.js';

export default async function catalogueLedgerRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

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
