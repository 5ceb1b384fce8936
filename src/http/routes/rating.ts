// 好差评 over HTTP: give a rating, the applicant's work to rate, rectification cases and
// their steps, the county's rules, rankings (with history and an xlsx export) and the
// leader's reform board (with a PDF report). Thin: the work is in src/rating.
import { shanghaiDate } from '../../calendar/index.js';
import { board } from '../../rating/board.js';
import { ratingsXlsx } from '../../rating/export.js';
import { CHANNELS, EVALUATIONS, OCCURRENCE_KINDS, RatingError } from '../../rating/model.js';
import { DIMENSIONS, monthPeriod, publishRanking, ranking, rankingHistory, type Period } from '../../rating/rankings.js';
import { APPEAL_GROUNDS, CASE_STATUSES, FOLLOW_UP_METHODS } from '../../rating/rectification.js';
import { boardReportPdf } from '../../rating/report.js';
import { endVisit, getVisit, listVisits, openVisit } from '../../rating/visits.js';
import {
  actOnCase,
  getCase,
  issueRatingLink,
  linkTarget,
  listCases,
  listRatings,
  loadRules,
  myRateable,
  rate,
  rateWithLink,
  setRules,
  type CaseInput,
} from '../../rating/store.js';
import type { AppDeps } from '../deps.js';
import { refusals } from '../schemas.js';
import type { TypedApp } from '../app-types.js';

const errors = refusals(400, 403, 404, 409, 410, 422);
const anyObject = { type: 'object', additionalProperties: true } as const;
const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } } as const;
const text = (max: number) => ({ type: 'string', maxLength: max }) as const;

const periodQuery = {
  month: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
  from: { type: 'string', format: 'date' },
  to: { type: 'string', format: 'date' },
} as const;

/** A period from `month`, or `from`/`to`, or the current month. */
function period(q: { month?: string; from?: string; to?: string }, now: Date): Period {
  if (q.month) return monthPeriod(q.month);
  if (q.from || q.to) {
    if (!q.from || !q.to) throw new RatingError('invalid_input', { zh: '时间段须同时给出 from 和 to', en: 'a period needs both from and to' });
    return { from: q.from, to: q.to };
  }
  return monthPeriod(shanghaiDate(now).slice(0, 7));
}

const ROLES_RATE = ['applicant', 'window_clerk'] as const;
const ROLES_CASES = ['admin', 'reform_office', 'leader', 'department_officer'] as const;
const ROLES_FIGURES = ['admin', 'reform_office', 'leader'] as const;
const ROLES_VISITS = ['window_clerk', 'admin'] as const;

export default async function ratingRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

  app.post(
    '/api/ratings',
    {
      config: { access: ROLES_RATE },
      schema: {
        tags: ['ratings'],
        summary: 'Rate a finished occurrence (一次一评 / 一事一评); a 差评 opens its rectification case',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['occurrenceKind', 'occurrenceId', 'level', 'channel'],
          properties: {
            occurrenceKind: { type: 'string', enum: [...OCCURRENCE_KINDS] },
            occurrenceId: { type: 'string', minLength: 1, maxLength: 200 },
            evaluation: { type: 'string', enum: [...EVALUATIONS], default: 'occurrence' },
            // The level's range is checked by the domain, which names the five levels in its answer.
            level: { type: 'integer' },
            reasons: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 40 } },
            comment: text(2000),
            channel: { type: 'string', enum: CHANNELS.filter((c) => c !== 'default') },
          },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await rate(db, request.actor!, request.body, deps.now())),
  );

  app.get(
    '/api/ratings',
    {
      config: { access: ['admin', 'reform_office', 'leader', 'department_officer', 'window_clerk', 'applicant'] },
      schema: {
        tags: ['ratings'],
        summary: 'Ratings in the caller’s scope (an applicant’s own)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            occurrenceKind: { type: 'string', enum: [...OCCURRENCE_KINDS] },
            occurrenceId: { type: 'string', maxLength: 200 },
            negativeOnly: { type: 'boolean' },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
          },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => listRatings(db, request.actor!, request.query),
  );

  app.post(
    '/api/ratings/links',
    {
      config: { access: ['admin', 'reform_office', 'window_clerk'] },
      schema: {
        tags: ['ratings'],
        summary: 'A signed, expiring rating link for the notice of a finished occurrence',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['occurrenceKind', 'occurrenceId'],
          properties: { occurrenceKind: { type: 'string', enum: [...OCCURRENCE_KINDS] }, occurrenceId: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await issueRatingLink(db, request.actor!, request.body, deps.now())),
  );

  // The token travels in the query string and the body: it is longer than a path parameter may be.
  const token = { type: 'string', minLength: 3, maxLength: 1024, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' } as const;
  app.get(
    '/api/ratings/by-link',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ratings'],
        summary: 'What a notice’s rating link rates (no sign-in: the link is signed and expires)',
        querystring: { type: 'object', required: ['token'], additionalProperties: false, properties: { token } },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => linkTarget(db, request.query.token, deps.now()),
  );

  app.post(
    '/api/ratings/by-link',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ratings'],
        summary: 'Rate through a notice’s signed link (channel notice_link)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['token', 'level'],
          properties: {
            token,
            evaluation: { type: 'string', enum: [...EVALUATIONS] },
            level: { type: 'integer' },
            reasons: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 40 } },
            comment: text(2000),
          },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => {
      const { token: given, ...rating } = request.body;
      return reply.status(201).send(await rateWithLink(db, given, rating, deps.now()));
    },
  );

  // Window visits (一次一评 of a visit): the clerk opens and ends them; the pad rates an ended one.
  app.get(
    '/api/ratings/visits',
    {
      config: { access: ROLES_VISITS },
      schema: {
        tags: ['ratings'],
        summary: 'The clerk’s recent window visits, newest first',
        querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 100 } } },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => ({ items: await listVisits(db, request.actor!, request.query.limit) }),
  );

  app.post(
    '/api/ratings/visits',
    {
      config: { access: ROLES_VISITS },
      schema: {
        tags: ['ratings'],
        summary: 'Open a visit at the clerk’s window',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: { windowCode: text(32), matterName: text(200), matterCode: text(64), visitor: text(64), visitorName: text(50) },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await openVisit(db, request.actor!, request.body ?? {}, deps.now())),
  );

  app.get(
    '/api/ratings/visits/:id',
    {
      config: { access: ROLES_VISITS },
      schema: { tags: ['ratings'], summary: 'A window visit, and whether it is rated', params: idParams, response: { 200: anyObject, ...errors } },
    },
    async (request) => getVisit(db, request.actor!, request.params.id),
  );

  app.post(
    '/api/ratings/visits/:id/end',
    {
      config: { access: ROLES_VISITS },
      schema: { tags: ['ratings'], summary: 'End a window visit: the pad can rate it from now on', params: idParams, response: { 200: anyObject, ...errors } },
    },
    async (request) => endVisit(db, request.actor!, request.params.id, deps.now()),
  );

  app.get(
    '/api/ratings/mine',
    {
      config: { access: ['applicant'] },
      schema: { tags: ['ratings'], summary: 'The applicant’s finished work with their ratings of it', response: { 200: anyObject, ...errors } },
    },
    async (request) => ({ items: await myRateable(db, request.actor!) }),
  );

  app.get(
    '/api/ratings/rules',
    { config: { access: ['admin', 'reform_office', 'leader'] }, schema: { tags: ['ratings'], summary: 'The county’s rating rules', response: { 200: anyObject, ...errors } } },
    async (request) => loadRules(db, request.actor!.regionCode),
  );

  app.put(
    '/api/ratings/rules',
    {
      config: { access: ['admin', 'reform_office'] },
      schema: {
        tags: ['ratings'],
        summary: 'Set the county’s rating rules (rectification and appeal deadlines in working days, default rating, minimum sample)',
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            rectifyWorkdays: { type: 'integer' },
            appealWorkdays: { type: 'integer' },
            defaultAfterDays: { type: ['integer', 'null'] },
            minSample: { type: 'integer' },
          },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => setRules(db, request.actor!, request.body, deps.now()),
  );

  app.get(
    '/api/rectifications',
    {
      config: { access: ROLES_CASES },
      schema: {
        tags: ['ratings'],
        summary: '差评 rectification cases in the caller’s scope',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: [...CASE_STATUSES] },
            departmentCode: { type: 'string', maxLength: 64 },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
          },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => listCases(db, request.actor!, request.query, deps.now()),
  );

  app.get(
    '/api/rectifications/:id',
    {
      config: { access: ROLES_CASES },
      schema: { tags: ['ratings'], summary: 'A case with the facts it opened on and every step', params: idParams, response: { 200: anyObject, ...errors } },
    },
    async (request) => getCase(db, request.actor!, request.params.id, deps.now()),
  );

  const step = (
    path: string,
    summary: string,
    access: readonly ('admin' | 'reform_office' | 'department_officer')[],
    body: object,
    toInput: (b: Record<string, unknown>) => CaseInput,
  ) =>
    app.post(
      `/api/rectifications/:id/${path}`,
      { config: { access }, schema: { tags: ['ratings'], summary, params: idParams, body, response: { 200: anyObject, ...errors } } },
      async (request) => actOnCase(db, request.actor!, request.params.id, toInput(request.body as Record<string, unknown>), deps.now()),
    );

  step(
    'verify',
    'The reform office verifies a 差评 (核实): the rectification and appeal deadlines start',
    ['admin', 'reform_office'],
    { type: 'object', additionalProperties: false, required: ['note'], properties: { note: text(2000) } },
    (b) => ({
      kind: 'verify',
      note: String(b.note),
    }),
  );
  step(
    'rectify',
    'The department rectifies, with its measures, evidence and feedback to the rater',
    ['admin', 'department_officer'],
    {
      type: 'object',
      additionalProperties: false,
      required: ['measures', 'feedback', 'evidence'],
      properties: {
        measures: text(4000),
        feedback: text(2000),
        evidence: { type: 'array', maxItems: 20, items: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: text(200), note: text(1000) } } },
      },
    },
    (b) => ({
      kind: 'rectify',
      measures: String(b.measures),
      feedback: String(b.feedback),
      evidence: (b.evidence as Array<{ name: string; note?: string }>).map((e) => ({ name: e.name, note: e.note ?? '' })),
    }),
  );
  step(
    'appeal',
    'The department appeals a mistaken or malicious rating (申诉) within the appeal deadline',
    ['admin', 'department_officer'],
    {
      type: 'object',
      additionalProperties: false,
      required: ['ground', 'statement'],
      properties: { ground: { type: 'string', enum: [...APPEAL_GROUNDS] }, statement: text(4000) },
    },
    (b) => ({ kind: 'appeal', ground: b.ground as (typeof APPEAL_GROUNDS)[number], statement: String(b.statement) }),
  );
  step(
    'appeal-review',
    'The reform office decides an appeal; an upheld appeal excludes the rating from scores',
    ['admin', 'reform_office'],
    { type: 'object', additionalProperties: false, required: ['upheld', 'note'], properties: { upheld: { type: 'boolean' }, note: text(2000) } },
    (b) => ({ kind: 'review_appeal', upheld: b.upheld === true, note: String(b.note) }),
  );
  step(
    'follow-up',
    'Record the follow-up call or visit to the rater (回访)',
    ['admin', 'reform_office', 'department_officer'],
    {
      type: 'object',
      additionalProperties: false,
      required: ['method', 'reached', 'note'],
      properties: { method: { type: 'string', enum: [...FOLLOW_UP_METHODS] }, reached: { type: 'boolean' }, satisfied: { type: ['boolean', 'null'] }, note: text(2000) },
    },
    (b) => ({
      kind: 'follow_up',
      method: b.method as (typeof FOLLOW_UP_METHODS)[number],
      reached: b.reached === true,
      satisfied: typeof b.satisfied === 'boolean' ? b.satisfied : null,
      note: String(b.note),
    }),
  );
  step(
    'close',
    'Close an anonymous case that cannot be followed up',
    ['admin', 'reform_office'],
    { type: 'object', additionalProperties: false, required: ['note'], properties: { note: text(2000) } },
    (b) => ({
      kind: 'close',
      note: String(b.note),
    }),
  );

  app.get(
    '/api/ratings/rankings',
    {
      config: { access: ROLES_FIGURES },
      schema: {
        tags: ['ratings'],
        summary: 'Fair rankings of a period: minimum sample, Wilson lower bound of the 好评率',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['dimension'],
          properties: { dimension: { type: 'string', enum: [...DIMENSIONS] }, regionCode: { type: 'string', pattern: '^\\d{6,12}$' }, ...periodQuery },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => ranking(db, request.actor!, { dimension: request.query.dimension, regionCode: request.query.regionCode, period: period(request.query, deps.now()) }),
  );

  app.post(
    '/api/ratings/rankings/history',
    {
      config: { access: ['admin', 'reform_office'] },
      schema: {
        tags: ['ratings'],
        summary: 'Publish the month’s ranking: it joins the history',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['dimension', 'month'],
          properties: { dimension: { type: 'string', enum: [...DIMENSIONS] }, month: periodQuery.month },
        },
        response: { 201: anyObject, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await publishRanking(db, request.actor!, { dimension: request.body.dimension, period: monthPeriod(request.body.month) }, deps.now())),
  );

  app.get(
    '/api/ratings/rankings/history',
    {
      config: { access: ROLES_FIGURES },
      schema: {
        tags: ['ratings'],
        summary: 'Published rankings, newest period first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { dimension: { type: 'string', enum: [...DIMENSIONS] }, limit: { type: 'integer', minimum: 1, maximum: 200 } },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => ({ items: await rankingHistory(db, request.actor!, request.query) }),
  );

  app.get(
    '/api/ratings/export.xlsx',
    {
      config: { access: ROLES_FIGURES },
      schema: {
        tags: ['ratings'],
        summary: 'The period’s ratings with the fields the national platform collects, and the rankings, as xlsx',
        querystring: { type: 'object', additionalProperties: false, properties: { regionCode: { type: 'string', pattern: '^\\d{6,12}$' }, ...periodQuery } },
      },
    },
    async (request, reply) => {
      const p = await period(request.query, deps.now());
      const file = await ratingsXlsx(db, request.actor!, { period: p, regionCode: request.query.regionCode });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`好差评-${p.from}-${p.to}.xlsx`)}`)
        .send(file);
    },
  );

  app.get(
    '/api/ratings/board',
    {
      config: { access: ROLES_FIGURES },
      schema: {
        tags: ['ratings'],
        summary: 'The leader’s reform board for a region (and department) and period',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { regionCode: { type: 'string', pattern: '^\\d{6,12}$' }, departmentCode: { type: 'string', maxLength: 64 }, ...periodQuery },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) =>
      board(db, request.actor!, { regionCode: request.query.regionCode, departmentCode: request.query.departmentCode, period: period(request.query, deps.now()) }, deps.now()),
  );

  app.get(
    '/api/ratings/board.pdf',
    {
      config: { access: ROLES_FIGURES },
      schema: {
        tags: ['ratings'],
        summary: 'The weekly or monthly report of the reform board as PDF (the last full week or month)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['kind'],
          properties: { kind: { type: 'string', enum: ['week', 'month'] }, regionCode: { type: 'string', pattern: '^\\d{6,12}$' } },
        },
      },
    },
    async (request, reply) => {
      const now = deps.now();
      const pdf = await boardReportPdf(db, request.actor!, { kind: request.query.kind, regionCode: request.query.regionCode }, now);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(pdf.fileName)}`)
        .send(pdf.content);
    },
  );
}
