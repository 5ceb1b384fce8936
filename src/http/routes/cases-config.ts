// The administrator's configuration of closed-loop cases over HTTP: categories and their
// attributes, the responsibility list, time limits, settings, region boundaries and the
// Open311 API keys. Thin: the work is in src/cases.
import {
  createApiKey,
  listApiKeys,
  revokeApiKey,
  saveBoundaries,
  saveCategory,
  saveResponsibilities,
  saveSettings,
  saveTimeLimits,
  ATTRIBUTE_DATATYPES,
  TIERS,
  countyOf,
  listCategories,
  loadBoundaries,
  loadResponsibilities,
  loadSettings,
  loadTimeLimits,
} from '../../cases/index.js';
import type { AppDeps } from '../deps.js';
import { idParams, regionCode, ruleCategory, text } from '../schemas/cases.js';
import type { TypedApp } from '../app-types.js';

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

export default async function caseConfigRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

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
                  regionCode,
                  categoryCode: ruleCategory,
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
                  regionCode,
                  categoryCode: ruleCategory,
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
