// One-thing bundles over HTTP: preview a draft, create and revise drafts, read and list
// them, the before/after table, the application form and commitment letter as PDF and HTML
// print views, the process as BPMN, and publishing. Thin: the work is in src/bundle.
import { acceptedFixKeys } from '../../bundle/accepted.js';
import { createBundleDraft } from '../../bundle/merge.js';
import { FIGURE_KEYS, FIGURE_LABELS, type BundleDraft } from '../../bundle/model.js';
import { preparePrinting, renderFiguresHtml, renderFormHtml, renderFormPdf, renderLetterHtml, renderLetterPdf } from '../../bundle/print.js';
import {
  listOfficialFigures,
  officialFiguresOf,
  OFFICIAL_FIGURE_KEYS,
  OFFICIAL_STAGES,
  recordOfficialFigure,
  removeOfficialFigure,
  type OfficialFigure,
} from '../../bundle/official-figures.js';
import { createBundle, getBundle, listBundles, publishBundle, publishPreview, reviseBundle, type StoredBundle } from '../../bundle/store.js';
import { decideField, liftVeto, vetoReliance } from '../../bundle/office.js';
import { FIELD_TYPES } from '../../catalogue/model.js';
import { loadCatalogue } from '../../catalogue/store.js';
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/capabilities.js';
import { refusals } from '../schemas.js';
import type { TypedApp } from '../app-types.js';

/** How long after the server starts listening the print font is parsed. */
const PRINT_WARM_UP_DELAY_MS = 2000;

const errors = refusals(400, 403, 404, 409, 422);

// A figure added after a bundle was saved is null in that bundle (bundle/model.ts LATER_FIGURE_KEYS).
const figures = { type: 'object', additionalProperties: { type: ['number', 'null'] } } as const;
const decisionsSchema = {
  type: 'object',
  maxProperties: 200,
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    properties: {
      type: { type: 'string', enum: [...FIELD_TYPES] },
      unit: { type: 'string', maxLength: 20 },
      options: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 100 } },
    },
  },
} as const;
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
const summaryProps = {
  id: { type: 'integer' },
  regionCode: { type: 'string' },
  name: { type: 'string' },
  status: { type: 'string', enum: ['draft', 'published'] },
  leadDepartmentCode: { type: 'string' },
  departments: { type: 'array', items: { type: 'string' } },
  latestVersion: { type: 'integer' },
  publishedVersion: { type: ['integer', 'null'] },
  serviceCode: { type: ['string', 'null'] },
  processKey: { type: 'string' },
  deploymentId: { type: ['integer', 'null'] },
  createdBy: { type: 'string' },
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
  publishedAt: { type: ['string', 'null'] },
  before: figures,
  after: figures,
} as const;
const bundleSchema = {
  type: 'object',
  properties: {
    ...summaryProps,
    version: { type: 'integer' },
    matterCodes: { type: 'array', items: { type: 'string' } },
    decisions: { type: 'object', additionalProperties: true },
    vetoes: { type: 'array', items: { type: 'object', additionalProperties: true } },
    publishChanges: { type: ['object', 'null'], additionalProperties: true },
    matterNames: { type: 'object', additionalProperties: { type: 'string' } },
    note: { type: 'string' },
    versionCreatedBy: { type: 'string' },
    versionCreatedAt: { type: 'string' },
    draft: { type: 'object', additionalProperties: true },
  },
} as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
const versionQuery = { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 } } } as const;

function figureRows(draft: BundleDraft, official: OfficialFigure[]) {
  const officialValue = (key: string, stage: string) => official.find((f) => f.figure === key && f.stage === stage)?.value ?? null;
  return [...FIGURE_KEYS, 'commitmentLetters' as const].map((key) => ({
    key,
    label: FIGURE_LABELS[key],
    before: key === 'commitmentLetters' ? null : draft.before[key],
    after: draft.after[key],
    // What the government published, beside (never instead of) the computed figure.
    officialBefore: officialValue(key, 'before'),
    officialAfter: officialValue(key, 'after'),
  }));
}

const officialFigureSchema = {
  type: 'object',
  properties: {
    figure: { type: 'string' },
    stage: { type: 'string', enum: OFFICIAL_STAGES },
    value: { type: 'number' },
    source: { type: 'string' },
    publishedOn: { type: 'string' },
    recordedBy: { type: 'string' },
    recordedAt: { type: 'string' },
  },
} as const;
const officialParams = {
  type: 'object',
  required: ['id', 'stage', 'figure'],
  properties: { id: { type: 'integer', minimum: 1 }, stage: { type: 'string', enum: OFFICIAL_STAGES }, figure: { type: 'string', enum: OFFICIAL_FIGURE_KEYS } },
} as const;
const officialBody = {
  type: 'object',
  additionalProperties: false,
  required: ['value', 'source', 'publishedOn'],
  properties: {
    value: { type: 'number', minimum: 0, maximum: 1_000_000 },
    source: { type: 'string', minLength: 1, maxLength: 500 },
    publishedOn: { type: 'string', maxLength: 10 },
  },
} as const;

export default async function bundleRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;
  // Load the PDF libraries and parse the print font in the background once the server has
  // been serving for a moment (the work blocks this thread for about a second: not on the
  // way to the first answer), so the first PDF is as fast as the rest. Not under the test
  // runner, where every app would pay for it.
  if (!process.env.VITEST) {
    app.addHook('onListen', async () => {
      setTimeout(() => void preparePrinting().catch((err: unknown) => app.log.warn({ err }, 'print font warm-up failed')), PRINT_WARM_UP_DELAY_MS).unref();
    });
  }

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

  app.get(
    '/api/bundles/:id/figures',
    {
      config: { access: rolesOf('bundleRead') },
      schema: {
        tags: ['bundle'],
        summary:
          'Before and after: matters, forms, form fields, materials, steps, departments, stamps, countersigns, visits, on-site inspections, examinations, promised working days summed and on the critical path, commitment letters',
        params: idParams,
        querystring: versionQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              before: figures,
              after: figures,
              rows: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    key: { type: 'string' },
                    label: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
                    before: { type: ['number', 'null'] },
                    after: { type: ['number', 'null'] },
                    officialBefore: { type: ['number', 'null'] },
                    officialAfter: { type: ['number', 'null'] },
                  },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const b = await getBundle(db, request.actor, request.params.id, request.query.version);
      return { before: b.before, after: b.after, rows: figureRows(b.draft, await officialFiguresOf(db, b.id)) };
    },
  );

  app.get(
    '/api/bundles/:id/official-figures',
    {
      config: { access: rolesOf('bundleRead') },
      schema: {
        tags: ['bundle'],
        summary: 'The figures a government published for the bundle, with source and date (recorded beside the computed ones)',
        params: idParams,
        response: { 200: { type: 'object', properties: { figures: { type: 'array', items: officialFigureSchema } } }, ...errors },
      },
    },
    async (request) => ({ figures: await listOfficialFigures(db, request.actor, request.params.id) }),
  );

  app.put(
    '/api/bundles/:id/official-figures/:stage/:figure',
    {
      config: { access: rolesOf('bundleWrite') },
      schema: {
        tags: ['bundle'],
        summary: 'Record or correct an official (published) figure: value, source, date; audited',
        params: officialParams,
        body: officialBody,
        response: { 200: officialFigureSchema, ...errors },
      },
    },
    async (request) => recordOfficialFigure(db, request.actor, request.params.id, request.params.figure, request.params.stage, request.body),
  );

  app.delete(
    '/api/bundles/:id/official-figures/:stage/:figure',
    {
      config: { access: rolesOf('bundleWrite') },
      schema: { tags: ['bundle'], summary: 'Remove an official figure recorded by mistake; audited', params: officialParams, response: { 204: { type: 'null' }, ...errors } },
    },
    async (request, reply) => {
      await removeOfficialFigure(db, request.actor, request.params.id, request.params.figure, request.params.stage);
      return reply.code(204).send();
    },
  );

  const documents: Record<string, { type: string; render: (b: StoredBundle) => Promise<Buffer | string> | Buffer | string; file: (b: StoredBundle) => string; summary: string }> = {
    'form.pdf': {
      type: 'application/pdf',
      render: (b) => renderFormPdf(b.draft, new Date(b.versionCreatedAt)),
      file: (b) => `${b.draft.form.title}.pdf`,
      summary: 'The unified application form as PDF',
    },
    'letter.pdf': {
      type: 'application/pdf',
      render: (b) => renderLetterPdf(b.draft, new Date(b.versionCreatedAt)),
      file: (b) => `${b.draft.letter.title}.pdf`,
      summary: 'The commitment letter (告知承诺书) as PDF',
    },
    'form.html': {
      type: 'text/html; charset=utf-8',
      render: (b) => renderFormHtml(b.draft),
      file: (b) => `${b.draft.form.title}.html`,
      summary: 'Print view of the application form',
    },
    'letter.html': {
      type: 'text/html; charset=utf-8',
      render: (b) => renderLetterHtml(b.draft),
      file: (b) => `${b.draft.letter.title}.html`,
      summary: 'Print view of the commitment letter',
    },
    'figures.html': { type: 'text/html; charset=utf-8', render: (b) => renderFiguresHtml(b.draft), file: (b) => `${b.name}.html`, summary: 'Print view of the before/after table' },
    'process.bpmn': {
      type: 'application/xml; charset=utf-8',
      render: (b) => b.draft.process.bpmnXml,
      file: (b) => `${b.processKey}.bpmn`,
      summary: 'The internal process as BPMN 2.0 XML with diagram',
    },
  };
  for (const [name, doc] of Object.entries(documents)) {
    app.get(
      `/api/bundles/:id/${name}`,
      {
        config: { access: rolesOf('bundleRead') },
        schema: {
          tags: ['bundle'],
          summary: doc.summary,
          params: idParams,
          querystring: { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 }, download: { type: 'boolean' } } },
          response: errors,
        },
      },
      async (request, reply) => {
        const b = await getBundle(db, request.actor, request.params.id, request.query.version);
        const body = await doc.render(b);
        const disposition = request.query.download ? 'attachment' : 'inline';
        return reply
          .header('content-type', doc.type)
          .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(doc.file(b))}`)
          .send(body);
      },
    );
  }

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
