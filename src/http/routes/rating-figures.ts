// The figures of 好差评 over HTTP, for leaders and the reform office: fair rankings (with their
// published history and an xlsx export) and the leader's reform board (with a PDF report).
// Thin: the work is in src/rating.
import { shanghaiDate } from '../../calendar/index.js';
import { board, ratingsXlsx, RatingError, DIMENSIONS, monthPeriod, publishRanking, ranking, rankingHistory, type Period, boardReportPdf } from '../../rating/index.js';
import type { AppDeps } from '../deps.js';
import { anyObject, errors } from '../schemas/rating.js';
import type { TypedApp } from '../app-types.js';

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

const ROLES_FIGURES = ['admin', 'reform_office', 'leader'] as const;

export default async function ratingFigureRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

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
