// Analyses of a stored event log over HTTP, by its id: the figures (with the calendar and a
// matter's promised time limit), discovery of a BPMN model, conformance, before/after.
import type { AppDeps } from '../deps.js';
import { rolesOf, type Actor } from '../../org/index.js';
import { HttpError, notFound } from '../errors.js';
import { calendarOption, compareResponse, idParams, infoSchema, noiseOption, replayResponse, storedLogScope, summaryResponse } from '../schemas/mining.js';
import { loadCalendar } from '../../calendar/index.js';
import { CatalogueError } from '../../catalogue/index.js';
import { compare, conform, discoverBpmn, keepLifecycle, loadStoredLog, modelNet, parseSplitInstant, promisedLimitOfMatter, summarize } from '../../mining/index.js';
import { refusal } from '../schemas.js';
import type { TypedApp } from '../app-types.js';

const lifecycleOption = { type: 'string', maxLength: 50, description: 'keep only events with this lifecycle transition, e.g. complete' } as const;

function parseSplit(text: string): Date {
  const at = parseSplitInstant(text);
  if (!at) throw new HttpError(400, 'validation', { zh: `无法识别的分割时间：${text}`, en: `unreadable splitAt: ${text}` });
  return at;
}

export default async function miningLogAnalysisRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  storedLogScope(app);

  const db = deps.store.db;
  const load = async (actor: Actor, id: number, lifecycle?: string) => {
    const stored = await loadStoredLog(db, actor, id);
    return { info: stored.info, log: lifecycle ? keepLifecycle(stored.log, lifecycle) : stored.log };
  };

  app.get(
    '/api/mining/logs/:id/summary',
    {
      config: { access: rolesOf('miningLogs') },
      schema: {
        tags: ['mining'],
        summary:
          'Figures of a stored log: variants, directly-follows graph, throughput in hours and working days (the platform calendar of the log’s region), waiting, rework, handover, deadlines',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            lifecycle: lifecycleOption,
            calendar: calendarOption,
            promisedWorkdays: { type: 'number', minimum: 0, maximum: 10000 },
            matter: { type: 'string', maxLength: 100, description: 'measure cases against this matter’s promised time limit from the catalogue' },
            matterVersion: { type: 'string', enum: ['as_is', 'to_be', 'latest'], default: 'latest' },
            dueAttribute: { type: 'string', maxLength: 200 },
            departmentAttribute: { type: 'string', maxLength: 200 },
            variants: { type: 'integer', minimum: 0 },
          },
        },
        response: {
          200: { ...summaryResponse, properties: { ...summaryResponse.properties, log: infoSchema, promisedLimit: { type: 'object', additionalProperties: true } } },
          400: refusal,
          403: refusal,
          404: refusal,
        },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.matter !== undefined && q.promisedWorkdays !== undefined)
        throw new HttpError(400, 'validation', { zh: '请只给出承诺时限或事项之一', en: 'give promisedWorkdays or matter, not both' });
      const { info, log } = await load(request.actor, request.params.id, q.lifecycle);
      let promisedLimit: Awaited<ReturnType<typeof promisedLimitOfMatter>> | undefined;
      if (q.matter !== undefined) {
        try {
          promisedLimit = await promisedLimitOfMatter(db, request.actor, q.matter, q.matterVersion ?? 'latest');
        } catch (err) {
          if (err instanceof CatalogueError) throw notFound('事项 / matter', q.matter);
          throw err;
        }
      }
      const promisedWorkdays = promisedLimit?.promisedDays ?? q.promisedWorkdays;
      const calendar = q.calendar === 'none' ? undefined : await loadCalendar(db, info.regionCode || undefined);
      if (promisedWorkdays !== undefined && !calendar)
        throw new HttpError(400, 'validation', { zh: '承诺时限按工作日计算，需要日历', en: 'a promised time limit in working days needs the calendar' });
      const departmentAttribute = q.departmentAttribute ?? (info.source === 'engine' || info.source === 'cases' ? 'org:group' : undefined);
      const summary = summarize(log, { calendar, promisedWorkdays, dueAttribute: q.dueAttribute, departmentAttribute, variants: q.variants });
      return { ...summary, log: info, ...(promisedLimit ? { promisedLimit } : {}) };
    },
  );

  app.get(
    '/api/mining/logs/:id/discover',
    {
      config: { access: rolesOf('miningLogs') },
      schema: {
        tags: ['mining'],
        summary: 'Discover a process model from a stored log (inductive miner with noise filtering) as BPMN 2.0 XML with a diagram',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { lifecycle: lifecycleOption, noiseThreshold: noiseOption, name: { type: 'string', maxLength: 200 } },
        },
        response: {
          200: { type: 'object', properties: { bpmn: { type: 'string' }, tree: { type: 'string' }, tasks: { type: 'integer' }, gateways: { type: 'integer' } } },
          403: refusal,
          404: refusal,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const { info, log } = await load(request.actor, request.params.id, q.lifecycle);
      const { bpmn, tree, tasks, gateways } = discoverBpmn(log, { noiseThreshold: q.noiseThreshold, name: q.name ?? info.name });
      return { bpmn, tree, tasks, gateways };
    },
  );

  app.post(
    '/api/mining/logs/:id/conform',
    {
      config: { access: rolesOf('miningLogs') },
      schema: {
        tags: ['mining'],
        summary: 'Token-based replay of a stored log on a BPMN model: fitness per case and overall, deviating activities',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['bpmn'],
          properties: { bpmn: { type: 'string', minLength: 1 }, lifecycle: lifecycleOption, traces: { type: 'integer', minimum: 0, description: 'list at most this many cases' } },
        },
        response: {
          200: replayResponse,
          400: refusal,
          403: refusal,
          404: refusal,
          422: refusal,
        },
      },
    },
    async (request) => {
      const body = request.body;
      const { log } = await load(request.actor, request.params.id, body.lifecycle);
      return conform(log, await modelNet(body.bpmn), body.traces);
    },
  );

  app.get(
    '/api/mining/logs/:id/compare',
    {
      config: { access: rolesOf('miningLogs') },
      schema: {
        tags: ['mining'],
        summary: 'Before/after: this stored log against another (after=ID), or split at an instant (splitAt; a date alone is midnight in Beijing)',
        params: idParams,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { after: { type: 'integer', minimum: 1 }, splitAt: { type: 'string', maxLength: 40 }, lifecycle: lifecycleOption, calendar: calendarOption },
        },
        response: {
          200: compareResponse,
          400: refusal,
          403: refusal,
          404: refusal,
        },
      },
    },
    async (request) => {
      const q = request.query;
      if ((q.after === undefined) === (q.splitAt === undefined))
        throw new HttpError(400, 'validation', { zh: '请给出另一个日志 after，或分割时间 splitAt', en: 'give either another stored log (after) or splitAt' });
      const first = await load(request.actor, request.params.id, q.lifecycle);
      const calendar = q.calendar === 'none' ? undefined : await loadCalendar(db, first.info.regionCode || undefined);
      return compare(first.log, q.after !== undefined ? (await load(request.actor, q.after, q.lifecycle)).log : parseSplit(q.splitAt!), calendar);
    },
  );
}
