// Enterprise service over HTTP: the roster (list, detail, xlsx import/export and template),
// tier rules, service officers, visits, and requests (诉求) with the officer's worklist and
// the leader's view by tier. Thin: the work is in src/enterprise.
import {
  assignOfficer,
  exportRoster,
  fileRequest,
  getEnterprise,
  getRequest,
  getTierRules,
  importRoster,
  listEnterprises,
  listRequests,
  recordVisit,
  REQUEST_STATUSES,
  REQUEST_VIEWS,
  requestsByTier,
  requestStep,
  rosterTemplate,
  setTierRules,
  sweepRequests,
  type RequestStep,
} from '../../enterprise/index.js';
import type { AppDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import type { TypedApp } from '../app-types.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const IMPORT_LIMIT = 30 * 1024 * 1024;
const anyObject = { type: 'object', additionalProperties: true } as const;
const text = (max: number, min = 0) => ({ type: 'string', minLength: min, maxLength: max }) as const;
const usccParams = { type: 'object', required: ['uscc'], additionalProperties: false, properties: { uscc: { type: 'string', minLength: 1, maxLength: 18 } } } as const;
const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } } as const;

const OFFICES = ['admin', 'reform_office'] as const;
const READERS = ['admin', 'reform_office', 'leader', 'department_officer', 'window_clerk', 'applicant'] as const;
const STAFF = ['admin', 'reform_office', 'leader', 'department_officer', 'window_clerk'] as const;

const tierRuleSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['tier', 'position', 'label', 'firstContactWorkdays', 'answerWorkdays'],
  properties: {
    tier: text(20, 1),
    position: { type: 'integer', minimum: 1, maximum: 100 },
    label: { type: 'object', additionalProperties: false, required: ['zh', 'en'], properties: { zh: text(50, 1), en: text(50) } },
    minTax: { type: ['number', 'null'] },
    minEmployees: { type: ['integer', 'null'] },
    minOutput: { type: ['number', 'null'] },
    designation: { type: ['string', 'null'], maxLength: 30 },
    firstContactWorkdays: { type: 'integer' },
    answerWorkdays: { type: 'integer' },
  },
} as const;

export default async function enterpriseRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;
  const clock = () => ({ now: deps.now() });

  app.get(
    '/api/enterprises',
    {
      config: { access: READERS },
      schema: {
        tags: ['enterprise'],
        summary: 'The enterprise roster in the caller’s scope (a service officer: those they serve; an enterprise account: its own)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { tier: text(20), search: text(100), limit: { type: 'integer', minimum: 1, maximum: 500 }, offset: { type: 'integer', minimum: 0, maximum: 1_000_000 } },
        },
      },
    },
    async (request) => listEnterprises(db, request.actor!, request.query),
  );

  app.get(
    '/api/enterprises/tier-rules',
    { config: { access: STAFF }, schema: { tags: ['enterprise'], summary: 'The county’s tier rules (the defaults until set)' } },
    async (request) => getTierRules(db, request.actor!),
  );

  app.put(
    '/api/enterprises/tier-rules',
    {
      config: { access: OFFICES },
      schema: {
        tags: ['enterprise'],
        summary: 'Replace the tier rules and recompute every tier (kept as history); a rule matching no enterprise is refused (422), nothing written',
        body: { type: 'object', additionalProperties: false, required: ['rules'], properties: { rules: { type: 'array', minItems: 1, maxItems: 20, items: tierRuleSchema } } },
      },
    },
    async (request) =>
      setTierRules(
        db,
        request.actor!,
        request.body.rules.map((r) => ({
          ...r,
          label: { zh: r.label.zh, en: r.label.en ?? '' },
          minTax: r.minTax ?? null,
          minEmployees: r.minEmployees ?? null,
          minOutput: r.minOutput ?? null,
          designation: r.designation ?? null,
        })),
        deps.now(),
      ),
  );

  app.get('/api/enterprises/template', { config: { access: OFFICES }, schema: { tags: ['enterprise'], summary: 'The roster workbook template (xlsx)' } }, async (_request, reply) =>
    reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="enterprises-template.xlsx"; filename*=UTF-8''${encodeURIComponent('企业名录导入模板.xlsx')}`)
      .send(rosterTemplate()),
  );

  app.get(
    '/api/enterprises/export',
    { config: { access: OFFICES }, schema: { tags: ['enterprise'], summary: 'The roster as xlsx, as the import reads it, with each enterprise’s tier' } },
    async (request, reply) => {
      const bytes = await exportRoster(db, request.actor!);
      return reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="enterprises.xlsx"; filename*=UTF-8''${encodeURIComponent('企业名录.xlsx')}`)
        .send(bytes);
    },
  );

  app.post(
    '/api/enterprises/import',
    {
      config: { access: OFFICES },
      bodyLimit: IMPORT_LIMIT,
      schema: {
        tags: ['enterprise'],
        summary: 'Import the roster workbook (xlsx, base64): all or nothing; 422 lists every problem with sheet, row and column; tiers recomputed',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['content'],
          properties: { fileName: text(300), content: { type: 'string', minLength: 1, maxLength: IMPORT_LIMIT } },
        },
      },
    },
    async (request) => {
      if (!/^[A-Za-z0-9+/=\r\n]*$/.test(request.body.content)) throw new HttpError(400, 'validation', { zh: 'content 不是有效的 base64', en: 'content is not valid base64' });
      const result = await importRoster(db, request.actor!, Buffer.from(request.body.content, 'base64'), deps.now());
      if (!result.ok)
        throw new HttpError(
          422,
          'import_problems',
          { zh: `文件有 ${result.problems.length} 处问题，未导入任何内容`, en: `the file has ${result.problems.length} problems; nothing was imported` },
          { problems: result.problems },
        );
      return result;
    },
  );

  app.get(
    '/api/enterprises/:uscc',
    { config: { access: READERS }, schema: { tags: ['enterprise'], summary: 'One enterprise with its tier history and visits', params: usccParams } },
    async (request) => getEnterprise(db, request.actor!, request.params.uscc),
  );

  app.put(
    '/api/enterprises/:uscc/officer',
    {
      config: { access: OFFICES },
      schema: {
        tags: ['enterprise'],
        summary: 'Assign the enterprise’s service officer (服务专员)',
        params: usccParams,
        body: { type: 'object', additionalProperties: false, required: ['officer'], properties: { officer: text(100, 1) } },
      },
    },
    async (request) => {
      await assignOfficer(db, request.actor!, request.params.uscc, request.body.officer, deps.now());
      return getEnterprise(db, request.actor!, request.params.uscc);
    },
  );

  app.post(
    '/api/enterprises/:uscc/visits',
    {
      config: { access: STAFF },
      schema: {
        tags: ['enterprise'],
        summary: 'Record a visit (走访) and what the enterprise raised: its service officer',
        params: usccParams,
        body: { type: 'object', additionalProperties: false, required: ['visitedOn', 'raised'], properties: { visitedOn: text(10, 10), raised: text(2000, 1), notes: text(4000) } },
      },
    },
    async (request, reply) => reply.status(201).send(await recordVisit(db, request.actor!, request.params.uscc, request.body, clock())),
  );

  app.post(
    '/api/enterprise-requests',
    {
      config: { access: READERS },
      schema: {
        tags: ['enterprise'],
        summary: 'File a request (诉求) for an enterprise: deadlines from its tier’s targets in working days',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['uscc', 'title', 'description'],
          properties: { uscc: text(18, 1), title: text(200, 1), description: text(4000, 1) },
        },
        response: { 201: anyObject },
      },
    },
    async (request, reply) => reply.status(201).send(await fileRequest(db, request.actor!, request.body, clock())),
  );

  app.get(
    '/api/enterprise-requests',
    {
      config: { access: READERS },
      schema: {
        tags: ['enterprise'],
        summary: 'Requests: the officer’s worklist (view=mine), open, overdue, escalated; an enterprise sees its own',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            view: { type: 'string', enum: [...REQUEST_VIEWS] },
            tier: text(20),
            status: { type: 'string', enum: [...REQUEST_STATUSES] },
            limit: { type: 'integer', minimum: 1, maximum: 500 },
            offset: { type: 'integer', minimum: 0, maximum: 1_000_000 },
          },
        },
      },
    },
    async (request) => listRequests(db, request.actor!, request.query, deps.now()),
  );

  app.get(
    '/api/enterprise-requests/by-tier',
    { config: { access: ['admin', 'reform_office', 'leader'] }, schema: { tags: ['enterprise'], summary: 'The leader’s view: open requests by tier, overdue and escalated' } },
    async (request) => ({
      tiers: await requestsByTier(db, request.actor!, deps.now()),
    }),
  );

  app.get(
    '/api/enterprise-requests/:id',
    { config: { access: READERS }, schema: { tags: ['enterprise'], summary: 'One request with its history', params: idParams } },
    async (request) => getRequest(db, request.actor!, request.params.id, deps.now()),
  );

  app.post(
    '/api/enterprise-requests/:id/steps',
    {
      config: { access: READERS },
      schema: {
        tags: ['enterprise'],
        summary: 'contact (first contact) and answer by the service officer; close by the enterprise, which then rates it (好差评, kind enterprise_request)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['action'],
          properties: { action: { type: 'string', enum: ['contact', 'answer', 'close'] }, note: text(2000), answer: text(4000) },
        },
      },
    },
    async (request) => {
      const b = request.body;
      const step: RequestStep =
        b.action === 'answer' ? { action: 'answer', answer: b.answer ?? '' } : b.action === 'contact' ? { action: 'contact', note: b.note } : { action: 'close' };
      return requestStep(db, request.actor!, request.params.id, step, clock());
    },
  );

  app.post(
    '/api/enterprise-requests/sweep',
    { config: { access: ['admin'] }, schema: { tags: ['enterprise'], summary: 'Escalate the requests past their tier’s target now (the server does it every minute)' } },
    async () => ({
      escalated: await sweepRequests(db, deps.now()),
    }),
  );
}
