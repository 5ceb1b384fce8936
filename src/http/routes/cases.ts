// Closed-loop cases over HTTP for those who report and handle them: report, the dispatcher's
// board, each step of a case, whistles and report-ins, the overdue sweep. The administrator's
// configuration and the figures (rankings, rewards, the monthly report) are in the cases-*.ts
// files beside this one. Thin: the work is in src/cases.
import type { FastifyReply } from 'fastify';
import {
  memo,
  scopeKey,
  CHANNELS,
  TIERS,
  URGENCIES,
  countyOf,
  BOARD_VIEWS,
  boardCounts,
  findDuplicates,
  getCase,
  getPhoto,
  listCases,
  reportCase,
  reportIn,
  sweepOverdue,
  takeStep,
  whistle,
} from '../../cases/index.js';
import { type Role } from '../../org/index.js';
import type { AppDeps } from '../deps.js';
import { anyObject, errors, idParams, regionCode, text } from '../schemas/cases.js';
import type { TypedApp } from '../app-types.js';

const PHOTO_BODY_LIMIT = 16 * 1024 * 1024;
/**
 * The board and its lists are answered from one computation per scope for this long (and
 * until the next case command): a board shows clocks by the minute, and fifty dispatchers
 * loading it at once cost one query, not fifty.
 */
const BOARD_TTL_MS = 2_000;

/** JSON already serialized (and kept so): sent as it is. */
function sendJson(reply: FastifyReply, json: string) {
  return reply.header('content-type', 'application/json; charset=utf-8').send(json);
}
const OFFICES: Role[] = ['admin', 'dispatcher', 'leader', 'reform_office', 'department_officer', 'grid_worker'];
const REPORTERS: Role[] = ['grid_worker', 'dispatcher', 'admin', 'applicant'];

const photos = { type: 'array', maxItems: 6, items: { type: 'string', maxLength: 4_000_000 } } as const;

const reportBody = {
  type: 'object',
  additionalProperties: false,
  required: ['categoryCode', 'description'],
  properties: {
    categoryCode: { type: 'string', minLength: 1, maxLength: 32 },
    description: { type: 'string', minLength: 1, maxLength: 4000 },
    lat: { type: 'number' },
    lng: { type: 'number' },
    address: { type: 'string', maxLength: 300 },
    regionCode,
    urgency: { type: 'string', enum: [...URGENCIES] },
    channel: { type: 'string', enum: [...CHANNELS] },
    photos,
    attributes: {
      type: 'object',
      maxProperties: 50,
      additionalProperties: { anyOf: [{ type: 'string', maxLength: 4000 }, { type: 'number' }, { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 200 } }] },
    },
    reporterName: { type: 'string', maxLength: 50 },
    reporterPhone: { type: 'string', maxLength: 30 },
    notDuplicate: { type: 'boolean' },
  },
} as const;

const stepBody = {
  type: 'object',
  required: ['action'],
  oneOf: [
    {
      additionalProperties: false,
      required: ['action', 'tier'],
      properties: { action: { const: 'assign' }, tier: { type: 'string', enum: [...TIERS] }, departmentId: { type: 'integer', minimum: 1 } },
    },
    { additionalProperties: false, properties: { action: { const: 'respond' } } },
    { additionalProperties: false, required: ['action', 'reason'], properties: { action: { const: 'return' }, reason: { type: 'string', minLength: 1, maxLength: 500 } } },
    {
      additionalProperties: false,
      required: ['action', 'reason'],
      properties: { action: { const: 'escalate' }, reason: { type: 'string', minLength: 1, maxLength: 500 }, departmentId: { type: 'integer', minimum: 1 } },
    },
    {
      additionalProperties: false,
      required: ['action', 'feedback'],
      properties: { action: { const: 'handle' }, feedback: { type: 'string', minLength: 1, maxLength: 2000 }, photos },
    },
    { additionalProperties: false, required: ['action', 'passed', 'note'], properties: { action: { const: 'check' }, passed: { type: 'boolean' }, note: text(1000), photos } },
    { additionalProperties: false, properties: { action: { const: 'close' }, note: text(1000) } },
    {
      additionalProperties: false,
      required: ['action', 'satisfaction'],
      properties: { action: { const: 'evaluate' }, satisfaction: { type: 'integer', minimum: 1, maximum: 5 }, comment: text(1000) },
    },
  ],
} as const;

export default async function caseRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;
  const clock = () => ({ now: deps.now() });

  app.get(
    '/api/cases/duplicates',
    {
      config: { access: REPORTERS },
      schema: {
        tags: ['cases'],
        summary: 'Open cases of a category near a point: possible duplicates, before filing',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['categoryCode', 'lat', 'lng'],
          properties: { categoryCode: { type: 'string', maxLength: 32 }, lat: { type: 'number', minimum: -90, maximum: 90 }, lng: { type: 'number', minimum: -180, maximum: 180 } },
        },
      },
    },
    async (request) => ({ items: await findDuplicates(db, countyOf(request.actor.regionCode), request.query.categoryCode, request.query.lat, request.query.lng, deps.now()) }),
  );

  app.post(
    '/api/cases',
    {
      config: { access: REPORTERS },
      bodyLimit: PHOTO_BODY_LIMIT,
      schema: {
        tags: ['cases'],
        summary: 'Report a case (grid worker, hotline entry, enterprise); 409 possible_duplicate lists open cases nearby',
        body: reportBody,
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await reportCase(db, request.actor, request.body, clock())),
  );

  app.get(
    '/api/cases',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['cases'],
        summary: 'Cases the caller may see, by board column',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            view: { type: 'string', enum: [...BOARD_VIEWS] },
            status: { type: 'string', maxLength: 20 },
            categoryCode: { type: 'string', maxLength: 32 },
            limit: { type: 'integer', minimum: 1, maximum: 200 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
          },
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const now = deps.now();
      const key = `list:${scopeKey(request.actor, q.view === 'mine')}:${q.view ?? ''}:${q.status ?? ''}:${q.categoryCode ?? ''}:${q.limit ?? ''}:${q.offset ?? ''}`;
      return sendJson(reply, await memo(db, 'cases', key, BOARD_TTL_MS, async () => JSON.stringify(await listCases(db, request.actor, q, now)), now));
    },
  );

  app.get(
    '/api/cases/board',
    { config: { access: OFFICES }, schema: { tags: ['cases'], summary: 'The dispatcher’s board: new, overdue, whistled, bounced, on the leader’s board' } },
    async (request, reply) => {
      const now = deps.now();
      return sendJson(
        reply,
        await memo(db, 'cases', `board:${scopeKey(request.actor, false)}`, BOARD_TTL_MS, async () => JSON.stringify(await boardCounts(db, request.actor, now)), now),
      );
    },
  );

  app.get(
    '/api/cases/:id',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['cases'], summary: 'One case with its photos, whistles and history', params: idParams, response: { 200: anyObject, ...errors } },
    },
    async (request) => getCase(db, request.actor, request.params.id, deps.now()),
  );

  app.get(
    '/api/cases/:id/photos/:photoId',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['cases'],
        summary: 'A photo of a case',
        params: { type: 'object', required: ['id', 'photoId'], properties: { id: { type: 'integer', minimum: 1 }, photoId: { type: 'integer', minimum: 1 } } },
      },
    },
    async (request, reply) => {
      const p = await getPhoto(db, request.actor, request.params.id, request.params.photoId, deps.now());
      return reply.header('content-type', p.mime).header('x-content-type-options', 'nosniff').send(p.bytes);
    },
  );

  app.post(
    '/api/cases/:id/steps',
    {
      config: { access: ['admin', 'dispatcher', 'grid_worker', 'department_officer', 'applicant'] },
      bodyLimit: PHOTO_BODY_LIMIT,
      schema: {
        tags: ['cases'],
        summary: 'Take a step: assign, respond, return, escalate, handle, check, close, evaluate',
        params: idParams,
        body: stepBody,
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => takeStep(db, request.actor, request.params.id, request.body, clock()),
  );

  app.post(
    '/api/cases/:id/whistles',
    {
      config: { access: ['dispatcher', 'admin'] },
      schema: {
        tags: ['cases'],
        summary: '吹哨: call county departments to a township case with a report-in deadline',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['departmentIds'],
          properties: {
            departmentIds: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'integer', minimum: 1 } },
            minutes: { type: 'integer', minimum: 1, maximum: 1440 },
            note: text(500),
          },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => whistle(db, request.actor, request.params.id, request.body, clock()),
  );

  app.post(
    '/api/cases/:id/report-in',
    {
      config: { access: ['department_officer'] },
      bodyLimit: PHOTO_BODY_LIMIT,
      schema: {
        tags: ['cases'],
        summary: '报到: a whistled department acknowledges, or checks in on site with a geotagged photo',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['step'],
          properties: {
            step: { type: 'string', enum: ['acknowledge', 'on_site'] },
            lat: { type: 'number' },
            lng: { type: 'number' },
            photo: { type: 'string', maxLength: 4_000_000 },
          },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => reportIn(db, request.actor, request.params.id, request.body, clock()),
  );

  app.post('/api/cases/sweep', { config: { access: ['admin'] }, schema: { tags: ['cases'], summary: 'Run the overdue sweep now (the server runs it every minute)' } }, async () =>
    sweepOverdue(db, clock()),
  );
}
