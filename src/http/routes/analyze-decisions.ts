// The office's decisions on the analyzer's findings over HTTP: apply a matter's fixes (a to-be
// version and a ledger item in one transaction), decide findings one by one or in bulk, and the
// decisions taken.
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import { RULES, DECISIONS, decideFindings, listDecisions, MAX_BATCH, applyFix, findingKey } from '../../analyzer/index.js';
import { errors, findingSchema, free } from '../schemas/analyze.js';
import type { TypedApp } from '../app-types.js';

export default async function analyzerDecisionRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.post(
    '/api/analyze/fixes',
    {
      config: { access: rolesOf('analysisConfigure') },
      schema: {
        tags: ['analyze'],
        summary: 'Apply fixes to a matter: a new to-be version and a reengineering-ledger item, in one transaction',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['matterCode'],
          properties: {
            matterCode: { type: 'string', minLength: 1, maxLength: 100 },
            findings: { type: 'array', minItems: 1, maxItems: 500, items: { type: 'string', maxLength: 300 } },
            owner: { type: 'string', minLength: 1, maxLength: 100 },
            deadlineWorkdays: { type: 'integer', minimum: 0, maximum: 250 },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              version: {
                type: 'object',
                properties: {
                  matterCode: { type: 'string' },
                  version: { type: 'integer' },
                  stage: { type: 'string' },
                  note: { type: 'string' },
                  createdBy: { type: 'string' },
                  createdAt: { type: 'string' },
                },
              },
              ledgerItem: free,
              applied: { type: 'array', items: findingSchema },
              figures: free,
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const result = await applyFix(deps.store.db, request.actor, body, deps.now());
      return reply.status(201).send({ ...result, applied: result.applied.map((f) => ({ key: findingKey(f), ...f })) });
    },
  );

  app.post(
    '/api/analyze/decisions',
    {
      config: { access: ['admin', 'reform_office'] },
      schema: {
        tags: ['analyze'],
        summary:
          'Decide findings — accept (its fix makes the to-be version), reject with a reason, or defer — one by one or in bulk by rule, department or matter, in one transaction',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['decision'],
          properties: {
            decision: { type: 'string', enum: ['accept', 'reject', 'defer'] },
            reason: { type: 'string', maxLength: 2000 },
            findings: {
              type: 'array',
              minItems: 1,
              maxItems: MAX_BATCH,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['matterCode', 'key'],
                properties: { matterCode: { type: 'string', minLength: 1, maxLength: 100 }, key: { type: 'string', minLength: 1, maxLength: 300 } },
              },
            },
            rule: { type: 'string', enum: RULES.map((r) => r.meta.id) },
            department: { type: 'string', minLength: 1, maxLength: 50 },
            matter: { type: 'string', minLength: 1, maxLength: 100 },
            owner: { type: 'string', minLength: 1, maxLength: 100 },
            deadlineWorkdays: { type: 'integer', minimum: 0, maximum: 250 },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: { decision: { type: 'string' }, decided: { type: 'integer' }, skipped: { type: 'array', items: free }, fixes: { type: 'array', items: free } },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const result = await decideFindings(deps.store.db, request.actor, request.body, deps.now());
      return reply.status(201).send({ ...result, fixes: result.fixes.map((f) => ({ ...f, applied: f.applied.map((a) => ({ key: findingKey(a), ...a })) })) });
    },
  );

  app.get(
    '/api/analyze/decisions',
    {
      config: { access: ['admin', 'reform_office', 'leader'] },
      schema: {
        tags: ['analyze'],
        summary: 'Decisions on findings in the caller’s regions, newest first: who decided what, when and why',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            matter: { type: 'string', maxLength: 100 },
            decision: { type: 'string', enum: [...DECISIONS] },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
          },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: free } } }, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      return { items: await listDecisions(deps.store.db, request.actor, { matterCode: q.matter, decision: q.decision, limit: q.limit }) };
    },
  );
}
