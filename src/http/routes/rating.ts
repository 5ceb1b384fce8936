// 好差评 over HTTP for those who give ratings and the windows that take them: give a rating,
// the ratings in scope, signed rating links, window visits for the rating pad, the applicant's
// work to rate. Rectification cases and the county's rules, and the figures (rankings, the
// leader's board), are in the rating-*.ts files beside this one. Thin: the work is in src/rating.
import {
  CHANNELS,
  EVALUATIONS,
  OCCURRENCE_KINDS,
  endVisit,
  getVisit,
  listVisits,
  openVisit,
  issueRatingLink,
  linkTarget,
  listRatings,
  myRateable,
  rate,
  rateWithLink,
} from '../../rating/index.js';
import type { AppDeps } from '../deps.js';
import { anyObject, errors, idParams, text } from '../schemas/rating.js';
import type { TypedApp } from '../app-types.js';

const ROLES_RATE = ['applicant', 'window_clerk'] as const;
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
}
