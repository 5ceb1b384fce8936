// A bundle's documents over HTTP: the before/after table beside the officially published
// figures (recorded and corrected here), the application form and commitment letter as PDF and
// HTML print views, the process as BPMN. Thin: the work is in src/bundle.
import {
  FIGURE_KEYS,
  FIGURE_LABELS,
  type BundleDraft,
  preparePrinting,
  renderFiguresHtml,
  renderFormHtml,
  renderFormPdf,
  renderLetterHtml,
  renderLetterPdf,
  listOfficialFigures,
  officialFiguresOf,
  OFFICIAL_FIGURE_KEYS,
  OFFICIAL_STAGES,
  recordOfficialFigure,
  removeOfficialFigure,
  type OfficialFigure,
  getBundle,
  type StoredBundle,
} from '../../bundle/index.js';
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import type { TypedApp } from '../app-types.js';
import { errors, figures, idParams, versionQuery } from '../schemas/bundle.js';

/** How long after the server starts listening the print font is parsed. */
const PRINT_WARM_UP_DELAY_MS = 2000;

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

export default async function bundleDocumentRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
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
}
