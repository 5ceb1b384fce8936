// 差评 rectification over HTTP, for the reform office and departments: the cases, their steps
// (verify, rectify, appeal and its review, follow-up, close) and the county's rules that set
// their deadlines. Thin: the work is in src/rating.
import { APPEAL_GROUNDS, CASE_STATUSES, FOLLOW_UP_METHODS, actOnCase, getCase, listCases, loadRules, setRules, type CaseInput } from '../../rating/index.js';
import type { AppDeps } from '../deps.js';
import { anyObject, errors, idParams, text } from '../schemas/rating.js';
import type { TypedApp } from '../app-types.js';

const ROLES_CASES = ['admin', 'reform_office', 'leader', 'department_officer'] as const;

export default async function ratingCaseRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

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
}
