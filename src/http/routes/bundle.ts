// One-thing bundles over HTTP: preview a draft, create and revise drafts, read and list them.
// The before/after table, official figures and printed documents are in bundle-documents.ts,
// vetoes, field decisions and publishing in bundle-publishing.ts. Thin: the work is in src/bundle.
import { acceptedFixKeys, createBundleDraft, createBundle, getBundle, listBundles, reviseBundle } from '../../bundle/index.js';
import { loadCatalogue } from '../../catalogue/index.js';
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import type { TypedApp } from '../app-types.js';
import { bundleSchema, decisionsSchema, errors, figures, idParams, summaryProps, versionQuery } from '../schemas/bundle.js';

const codes = { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', minLength: 1, maxLength: 64 } } as const;
const createBody = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'matterCodes'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    matterCodes: codes,
    decisions: decisionsSchema,
    regionCode: { type: 'string', pattern: '^\\d{2,12}$' },
    note: { type: 'string', maxLength: 500 },
    windowDepartmentCode: { type: 'string', minLength: 1, maxLength: 100 },
  },
} as const;
const reviseBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: createBody.properties.name,
    matterCodes: codes,
    decisions: decisionsSchema,
    note: createBody.properties.note,
    windowDepartmentCode: createBody.properties.windowDepartmentCode,
  },
} as const;

export default async function bundleRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

  app.post(
    '/api/bundles/preview',
    {
      config: { access: rolesOf('bundleWrite') },
      schema: {
        tags: ['bundle'],
        summary: 'Compute a bundle draft from the caller’s catalogue without saving it: form, materials, letter, process, before/after',
        body: createBody,
        response: { 200: { type: 'object', properties: { before: figures, after: figures, draft: { type: 'object', additionalProperties: true } } }, ...errors },
      },
    },
    async (request) => {
      const catalogue = await loadCatalogue(db, request.actor, { stage: 'as_is', codes: request.body.matterCodes });
      const acceptedFixes = await acceptedFixKeys(db, catalogue);
      const draft = createBundleDraft(catalogue, {
        name: request.body.name,
        matterCodes: request.body.matterCodes,
        decisions: request.body.decisions,
        acceptedFixes,
        leadDepartment: request.body.windowDepartmentCode,
      });
      return { before: draft.before, after: draft.after, draft };
    },
  );

  app.post(
    '/api/bundles',
    {
      config: { access: rolesOf('bundleWrite') },
      schema: {
        tags: ['bundle'],
        summary: 'Create a bundle and its first draft (reform office, admin); bad input saves nothing',
        body: createBody,
        response: { 201: bundleSchema, ...errors },
      },
    },
    async (request, reply) => {
      const b = await createBundle(db, request.actor, request.body);
      return reply.status(201).send(b);
    },
  );

  app.get(
    '/api/bundles',
    {
      config: { access: rolesOf('bundleRead') },
      schema: {
        tags: ['bundle'],
        summary: 'Bundles the caller may see, newest first, with the latest version’s before/after',
        querystring: { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['draft', 'published'] } } },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { ...summaryProps, promisedWorkdays: { type: 'number' } } } } } },
          ...errors,
        },
      },
    },
    async (request) => ({ items: await listBundles(db, request.actor, request.query) }),
  );

  app.get(
    '/api/bundles/:id',
    {
      config: { access: rolesOf('bundleRead') },
      schema: {
        tags: ['bundle'],
        summary: 'One bundle with a version’s draft (default the latest)',
        params: idParams,
        querystring: versionQuery,
        response: { 200: bundleSchema, ...errors },
      },
    },
    async (request) => getBundle(db, request.actor, request.params.id, request.query.version),
  );

  app.put(
    '/api/bundles/:id',
    {
      config: { access: rolesOf('bundleWrite') },
      schema: {
        tags: ['bundle'],
        summary: 'Revise: a new draft version, recomputed from the catalogue as it stands',
        params: idParams,
        body: reviseBody,
        response: { 200: bundleSchema, ...errors },
      },
    },
    async (request) => reviseBundle(db, request.actor, request.params.id, request.body),
  );
}
