// Publishing a bundle over HTTP: what publishing would do, vetoes of the fixes and replacements
// a bundle relies on, decisions of conflicting form fields, publishing. Thin: the work is in src/bundle.
import { publishBundle, publishPreview, decideField, liftVeto, vetoReliance } from '../../bundle/index.js';
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import type { TypedApp } from '../app-types.js';
import { bundleSchema, decisionsSchema, errors, idParams } from '../schemas/bundle.js';

export default async function bundlePublishingRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

  app.get(
    '/api/bundles/:id/publish-preview',
    {
      config: { access: rolesOf('bundleWrite') },
      schema: {
        tags: ['bundle'],
        summary:
          'What publishing the latest version would do: the form conflicts still undecided (publishing is refused until each is decided) and what changes against the published version',
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              version: { type: 'integer' },
              publishedVersion: { type: ['integer', 'null'] },
              undecided: { type: 'array', items: { type: 'object', additionalProperties: true } },
              changes: { type: ['object', 'null'], additionalProperties: true },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => publishPreview(db, request.actor, request.params.id),
  );

  app.post(
    '/api/bundles/:id/vetoes',
    {
      config: { access: rolesOf('bundleWrite') },
      schema: {
        tags: ['bundle'],
        summary: 'Veto a fix or replacement the bundle relies on (draft.reliances[].key), with a reason: a new version computed without it; audited',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['key', 'reason'],
          properties: { key: { type: 'string', minLength: 1, maxLength: 400 }, reason: { type: 'string', minLength: 1, maxLength: 500 } },
        },
        response: { 201: bundleSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await vetoReliance(db, request.actor, request.params.id, request.body, deps.now())),
  );

  app.delete(
    '/api/bundles/:id/vetoes',
    {
      config: { access: rolesOf('bundleWrite') },
      schema: {
        tags: ['bundle'],
        summary: 'Lift a veto: a new version that relies on the fix or replacement again; audited',
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, required: ['key'], properties: { key: { type: 'string', minLength: 1, maxLength: 400 } } },
        response: { 200: bundleSchema, ...errors },
      },
    },
    async (request) => liftVeto(db, request.actor, request.params.id, request.query.key),
  );

  app.put(
    '/api/bundles/:id/field-decisions/:field',
    {
      config: { access: rolesOf('bundleWrite') },
      schema: {
        tags: ['bundle'],
        summary: 'Decide a conflicting form field (type, unit, options): a new version with the decision applied; audited',
        params: { type: 'object', required: ['id', 'field'], properties: { id: { type: 'integer', minimum: 1 }, field: { type: 'string', minLength: 1, maxLength: 100 } } },
        body: { ...decisionsSchema.additionalProperties, minProperties: 1 },
        response: { 200: bundleSchema, ...errors },
      },
    },
    async (request) => decideField(db, request.actor, request.params.id, request.params.field, request.body),
  );

  app.post(
    '/api/bundles/:id/publish',
    {
      config: { access: rolesOf('bundleWrite') },
      schema: {
        tags: ['bundle'],
        summary:
          'Publish the latest version: the process is deployed in the engine and the bundle becomes a catalogue service. Refused while form conflicts are undecided; over a published version only with confirm=true (the changes, shown by publish-preview, are kept with the version)',
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: { confirm: { type: 'boolean' } } },
        response: {
          200: {
            type: 'object',
            properties: {
              bundle: bundleSchema,
              serviceCode: { type: 'string' },
              serviceVersion: { type: 'integer' },
              deployment: { type: 'object', properties: { id: { type: 'integer' }, processKey: { type: 'string' }, version: { type: 'integer' } } },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => publishBundle(db, request.actor, request.params.id, { confirm: request.query.confirm === true }),
  );
}
