// Closed-loop cases over HTTP: report, the dispatcher's board, each step of a case, whistles
// and report-ins, figures and rankings, rewards, and the administrator's configuration.
// Thin: the work is in src/cases.
import type { FastifyReply } from 'fastify';
import { memo, scopeKey } from '../../cases/cache.js';
import { createApiKey, listApiKeys, revokeApiKey, saveBoundaries, saveCategory, saveResponsibilities, saveSettings, saveTimeLimits } from '../../cases/config.js';
import { listRewards, monthlyProblems, monthlyRanking, recordReward } from '../../cases/figures.js';
import { ATTRIBUTE_DATATYPES, CHANNELS, TIERS, URGENCIES } from '../../cases/model.js';
import { caseEventLog } from '../../cases/event-log.js';
import { monthlyReportPdf, monthlyReportXlsx } from '../../cases/report.js';
import { countyOf } from '../../cases/responsibility.js';
import { BOARD_VIEWS, boardCounts, findDuplicates, getCase, getPhoto, listCases, reportCase, reportIn, sweepOverdue, takeStep, whistle } from '../../cases/service.js';
import { regionName } from '../../cases/units.js';
import { listCategories, loadBoundaries, loadResponsibilities, loadSettings, loadTimeLimits } from '../../cases/store.js';
import type { Role } from '../../org/model.js';
import type { AppDeps } from '../deps.js';
import { refusals } from '../schemas.js';
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

const errors = refusals(400, 403, 404, 409, 413, 422);
const anyObject = { type: 'object', additionalProperties: true } as const;
const photos = { type: 'array', maxItems: 6, items: { type: 'string', maxLength: 4_000_000 } } as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
const monthQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['month'],
  properties: { month: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }, tier: { type: 'string', enum: [...TIERS] } },
} as const;

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
    regionCode: { type: 'string', pattern: '^\\d{6,20}$' },
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

const text = (max: number) => ({ type: 'string', maxLength: max }) as const;
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

const attributeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'datatype', 'required', 'description', 'order'],
  properties: {
    code: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$' },
    datatype: { type: 'string', enum: [...ATTRIBUTE_DATATYPES] },
    required: { type: 'boolean' },
    description: { type: 'string', maxLength: 500 },
    datatypeDescription: { type: 'string', maxLength: 500 },
    order: { type: 'integer', minimum: 1 },
    values: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'name'],
        properties: { key: { type: 'string', minLength: 1, maxLength: 64 }, name: { type: 'string', minLength: 1, maxLength: 200 } },
      },
    },
  },
} as const;

export default async function caseRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;
  const clock = () => ({ now: deps.now() });

  app.get(
    '/api/cases/categories',
    { config: { access: 'signed-in' }, schema: { tags: ['cases'], summary: 'Case categories of the caller’s county (= Open311 services)' } },
    async (request) => ({
      items: await listCategories(db, countyOf(request.actor.regionCode) || null, request.actor.role === 'admin'),
    }),
  );

  app.put(
    '/api/cases/categories/:code',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['cases'],
        summary: 'Create or change a category and its attributes (administrator)',
        params: { type: 'object', required: ['code'], properties: { code: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,32}$' } } },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'description', 'keywords', 'group', 'attributes', 'active'],
          properties: {
            name: {
              type: 'object',
              additionalProperties: false,
              required: ['zh', 'en'],
              properties: { zh: { type: 'string', minLength: 1, maxLength: 50 }, en: { type: 'string', minLength: 1, maxLength: 100 } },
            },
            description: text(500),
            keywords: text(200),
            group: text(50),
            attributes: { type: 'array', maxItems: 30, items: attributeSchema },
            active: { type: 'boolean' },
          },
        },
      },
    },
    async (request, reply) => {
      await saveCategory(db, request.actor, { ...request.body, code: request.params.code });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/cases/config',
    {
      config: { access: ['admin', 'dispatcher', 'leader', 'reform_office'] },
      schema: { tags: ['cases'], summary: 'Responsibility list, time limits and settings of the caller’s county' },
    },
    async (request) => {
      const county = countyOf(request.actor.regionCode);
      const [responsibilities, timeLimits, settings] = await Promise.all([loadResponsibilities(db, county), loadTimeLimits(db, county), loadSettings(db, county)]);
      return { responsibilities, timeLimits, settings };
    },
  );

  app.put(
    '/api/cases/responsibilities',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['cases'],
        summary: 'Replace the responsibility list (category × region → tier, department)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['rows'],
          properties: {
            rows: {
              type: 'array',
              maxItems: 5000,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['regionCode', 'categoryCode', 'tier'],
                properties: {
                  regionCode: { type: 'string', pattern: '^\\d{6,20}$' },
                  categoryCode: { type: 'string', pattern: '^(\\*|[A-Za-z0-9_-]{1,32})$' },
                  tier: { type: 'string', enum: [...TIERS] },
                  departmentId: { type: ['integer', 'null'], minimum: 1 },
                },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      await saveResponsibilities(
        db,
        request.actor,
        request.body.rows.map((r) => ({ ...r, departmentId: r.departmentId ?? null })),
      );
      return reply.status(204).send();
    },
  );

  app.put(
    '/api/cases/time-limits',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['cases'],
        summary: 'Replace the time limits (response in business hours, handling in working days, per category and tier)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['rows'],
          properties: {
            rows: {
              type: 'array',
              maxItems: 5000,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['regionCode', 'categoryCode', 'tier', 'responseHours', 'handleWorkdays'],
                properties: {
                  regionCode: { type: 'string', pattern: '^\\d{6,20}$' },
                  categoryCode: { type: 'string', pattern: '^(\\*|[A-Za-z0-9_-]{1,32})$' },
                  tier: { type: 'string', enum: [...TIERS] },
                  responseHours: { type: 'number', exclusiveMinimum: 0, maximum: 1000 },
                  handleWorkdays: { type: 'integer', minimum: 1, maximum: 365 },
                },
              },
            },
          },
        },
      },
    },
    async (request, reply) => {
      await saveTimeLimits(db, request.actor, request.body.rows);
      return reply.status(204).send();
    },
  );

  app.put(
    '/api/cases/settings',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['cases'],
        summary: 'Whistle deadline, bounce threshold, duplicate window, small sample, ranking weights, county box',
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            whistleMinutes: { type: 'integer', minimum: 1, maximum: 1440 },
            bounceThreshold: { type: 'integer', minimum: 1, maximum: 50 },
            duplicateMetres: { type: 'integer', minimum: 0, maximum: 10000 },
            duplicateHours: { type: 'integer', minimum: 0, maximum: 2160 },
            smallSample: { type: 'integer', minimum: 0, maximum: 1000 },
            weights: {
              type: 'object',
              additionalProperties: false,
              required: ['response', 'resolution', 'satisfaction'],
              properties: { response: { type: 'number' }, resolution: { type: 'number' }, satisfaction: { type: 'number' } },
            },
            bbox: { type: ['array', 'null'], minItems: 4, maxItems: 4, items: { type: 'number' } },
          },
        },
      },
    },
    // The schema holds bbox to exactly four numbers; JSON Schema cannot say "tuple" to the type system.
    async (request) => saveSettings(db, request.actor, { ...request.body, bbox: request.body.bbox as [number, number, number, number] | null | undefined }),
  );

  app.get(
    '/api/cases/boundaries',
    { config: { access: 'signed-in' }, schema: { tags: ['cases'], summary: 'The county’s region boundaries as a GeoJSON FeatureCollection (for the map)' } },
    async (request) => {
      const rows = await loadBoundaries(db, countyOf(request.actor.regionCode));
      return { type: 'FeatureCollection', features: rows.map((r) => ({ type: 'Feature', properties: { regionCode: r.regionCode, name: r.name }, geometry: r.geometry })) };
    },
  );

  app.put(
    '/api/cases/boundaries',
    {
      config: { access: ['admin'] },
      bodyLimit: 20 * 1024 * 1024,
      schema: {
        tags: ['cases'],
        summary: 'Load the county’s boundaries (GeoJSON FeatureCollection; properties.regionCode on every feature)',
        body: {
          type: 'object',
          required: ['type', 'features'],
          properties: {
            type: { type: 'string' },
            features: {
              type: 'array',
              maxItems: 5000,
              items: {
                type: 'object',
                required: ['type', 'geometry'],
                properties: { type: { type: 'string' }, properties: { type: ['object', 'null'] }, geometry: { type: 'object' } },
              },
            },
          },
        },
      },
    },
    async (request) => ({ regions: await saveBoundaries(db, request.actor, request.body) }),
  );

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

  app.get(
    '/api/cases/rankings',
    {
      config: { access: ['admin', 'leader', 'reform_office', 'dispatcher'] },
      schema: { tags: ['cases'], summary: '督效: a month’s 响应率, 解决率, 满意率, overdue, reopened, report-in punctuality and the weighted ranking', querystring: monthQuery },
    },
    async (request) => monthlyRanking(db, request.actor, request.query.month, request.query.tier ?? 'village', deps.now()),
  );

  app.get(
    '/api/cases/problems',
    {
      config: { access: ['admin', 'leader', 'reform_office', 'dispatcher'] },
      schema: { tags: ['cases'], summary: '每月一题: recurring categories by township in a month', querystring: monthQuery },
    },
    async (request) => ({ items: await monthlyProblems(db, request.actor, request.query.month) }),
  );

  app.get(
    '/api/cases/report',
    {
      config: { access: ['admin', 'leader', 'reform_office'] },
      schema: {
        tags: ['cases'],
        summary: 'The monthly 督效 report (rankings of every tier, 每月一题, 奖惩) as PDF or xlsx',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['month'],
          properties: { month: monthQuery.properties.month, format: { type: 'string', enum: ['pdf', 'xlsx'] } },
        },
      },
    },
    async (request, reply) => {
      const { month, format = 'pdf' } = request.query;
      const actor = request.actor;
      const now = deps.now();
      const [village, township, department, problems, rewards, region] = await Promise.all([
        monthlyRanking(db, actor, month, 'village', now),
        monthlyRanking(db, actor, month, 'township', now),
        monthlyRanking(db, actor, month, 'department', now),
        monthlyProblems(db, actor, month),
        listRewards(db, actor, month),
        regionName(db, actor.regionCode),
      ]);
      const report = { regionName: region ?? actor.regionCode, month, rankings: { village, township, department }, problems, rewards };
      const name = encodeURIComponent(`督效通报-${month}.${format}`);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${name}`);
      if (format === 'xlsx') return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').send(await monthlyReportXlsx(report));
      return reply.type('application/pdf').send(await monthlyReportPdf(report, now));
    },
  );

  app.get(
    '/api/cases/event-log',
    {
      config: { access: ['admin', 'leader', 'reform_office'] },
      schema: {
        tags: ['cases'],
        summary: 'The steps of the month’s cases as a CSV event log for process mining',
        querystring: { type: 'object', additionalProperties: false, required: ['month'], properties: { month: monthQuery.properties.month } },
      },
    },
    async (request, reply) => {
      const csv = await caseEventLog(db, request.actor, request.query.month);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="cases-${request.query.month}.csv"`).send(csv);
    },
  );

  app.get(
    '/api/cases/rewards',
    { config: { access: ['admin', 'leader', 'reform_office'] }, schema: { tags: ['cases'], summary: 'Rewards and penalties recorded for a month', querystring: monthQuery } },
    async (request) => ({ items: await listRewards(db, request.actor, request.query.month) }),
  );

  app.post(
    '/api/cases/rewards',
    {
      config: { access: ['leader', 'admin'] },
      schema: {
        tags: ['cases'],
        summary: '奖惩: record a reward or penalty against a unit’s month, with who decided',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['month', 'unitKind', 'unitKey', 'kind', 'note'],
          properties: {
            month: monthQuery.properties.month,
            unitKind: { type: 'string', enum: [...TIERS] },
            unitKey: { type: 'string', minLength: 1, maxLength: 30 },
            kind: { type: 'string', enum: ['reward', 'penalty'] },
            note: { type: 'string', minLength: 1, maxLength: 1000 },
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send({ id: await recordReward(db, request.actor, request.body, deps.now()) }),
  );

  app.get('/api/cases/open311-keys', { config: { access: ['admin'] }, schema: { tags: ['cases'], summary: 'Open311 API keys of the county' } }, async (request) => ({
    items: await listApiKeys(db, request.actor),
  }));

  app.post(
    '/api/cases/open311-keys',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['cases'],
        summary: 'A new Open311 API key (shown once)',
        body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 100 } } },
      },
    },
    async (request, reply) => reply.status(201).send(await createApiKey(db, request.actor, request.body.name, deps.now())),
  );

  app.delete(
    '/api/cases/open311-keys/:id',
    { config: { access: ['admin'] }, schema: { tags: ['cases'], summary: 'Revoke an Open311 API key', params: idParams } },
    async (request, reply) => {
      await revokeApiKey(db, request.actor, request.params.id, deps.now());
      return reply.status(204).send();
    },
  );
}
