// Process mining over HTTP: the client sends an event log (XES, XES.gz as base64, or CSV)
// and gets the figures, a discovered BPMN model, or a conformance check back. These routes
// store nothing: logs are analysed in the request, like `zaizao mine` does on the command
// line. Stored logs (uploaded files, the engine's history) have their routes in mining-logs.ts,
// their analyses in mining-logs-analyses.ts; what these files share is in ../schemas/mining.ts.
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import { HttpError } from '../errors.js';
import { defaultCalendar, loadCalendar } from '../../calendar/index.js';
import {
  compare,
  conform,
  discoverBpmn,
  engineLog,
  importLogContent,
  keepLifecycle,
  modelNet,
  promisedLimitOfMatter,
  summarize,
  type CsvImportReport,
  type EventLog,
  type LogContent,
} from '../../mining/index.js';
import { CatalogueError } from '../../catalogue/index.js';
import { caseHistoryLog } from '../../cases/index.js';
import { calendarOption, casePeriod, compareResponse, noiseOption, replayResponse, summaryResponse } from '../schemas/mining.js';
import { refusal } from '../schemas.js';
import type { TypedApp } from '../app-types.js';

/** Logs travel in the JSON body; allow large ones on these routes only. */
const BODY_LIMIT = 200 * 1024 * 1024;

const logSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['format', 'content'],
  properties: {
    format: { type: 'string', enum: ['xes', 'csv'] },
    /** The file's text; with encoding base64 the bytes (gzip-compressed XES is recognised). */
    content: { type: 'string', minLength: 1 },
    encoding: { type: 'string', enum: ['utf8', 'base64'], default: 'utf8' },
    mapping: {
      type: 'object',
      additionalProperties: false,
      properties: { case: { type: 'string' }, activity: { type: 'string' }, timestamp: { type: 'string' }, resource: { type: 'string' }, startTimestamp: { type: 'string' } },
    },
    lifecycle: { type: 'string', maxLength: 50 },
  },
} as const;

type LogInput = LogContent & { lifecycle?: string };

async function readLog(input: LogInput): Promise<{ log: EventLog; csv?: CsvImportReport }> {
  const { log, csv } = await importLogContent(input);
  return { log: input.lifecycle ? keepLifecycle(log, input.lifecycle) : log, csv };
}

export default async function miningRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.post(
    '/api/mining/summary',
    {
      config: { access: 'signed-in' },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['mining'],
        summary: 'Figures of an event log: variants, directly-follows graph, throughput in hours and working days, waiting, rework, handover, deadlines',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['log'],
          properties: {
            log: logSchema,
            calendar: calendarOption,
            promisedWorkdays: { type: 'number', minimum: 0, maximum: 10000 },
            dueAttribute: { type: 'string', maxLength: 200 },
            departmentAttribute: { type: 'string', maxLength: 200 },
            variants: { type: 'integer', minimum: 0, description: 'list at most this many variants' },
          },
        },
        response: {
          200: summaryResponse,
          400: refusal,
          422: refusal,
        },
      },
    },
    async (request) => {
      const body = request.body;
      const calendar = body.calendar === 'none' ? undefined : defaultCalendar();
      if (body.promisedWorkdays !== undefined && !calendar) {
        throw new HttpError(400, 'validation', { zh: '承诺时限按工作日计算，需要日历', en: 'a promised time limit in working days needs the calendar' });
      }
      const { log, csv } = await readLog(body.log);
      const summary = summarize(log, {
        calendar,
        promisedWorkdays: body.promisedWorkdays,
        dueAttribute: body.dueAttribute,
        departmentAttribute: body.departmentAttribute,
        variants: body.variants,
      });
      return { ...summary, ...(csv ? { csv } : {}) };
    },
  );

  app.post(
    '/api/mining/discover',
    {
      config: { access: 'signed-in' },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['mining'],
        summary: 'Discover a process model (inductive miner with noise filtering) as BPMN 2.0 XML with a diagram the modeler shows and the engine deploys',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['log'],
          properties: { log: logSchema, noiseThreshold: noiseOption, name: { type: 'string', maxLength: 200 } },
        },
        response: {
          200: { type: 'object', properties: { bpmn: { type: 'string' }, tree: { type: 'string' }, tasks: { type: 'integer' }, gateways: { type: 'integer' } } },
          400: refusal,
          422: refusal,
        },
      },
    },
    async (request) => {
      const body = request.body;
      const { log } = await readLog(body.log);
      const { bpmn, tree, tasks, gateways } = discoverBpmn(log, { noiseThreshold: body.noiseThreshold, name: body.name });
      return { bpmn, tree, tasks, gateways };
    },
  );

  app.post(
    '/api/mining/conform',
    {
      config: { access: 'signed-in' },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['mining'],
        summary: 'Token-based replay of an event log on a BPMN model: fitness per case and overall, deviating activities',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['log', 'bpmn'],
          properties: { log: logSchema, bpmn: { type: 'string', minLength: 1 }, traces: { type: 'integer', minimum: 0, description: 'list at most this many cases' } },
        },
        response: {
          200: replayResponse,
          400: refusal,
          422: refusal,
        },
      },
    },
    async (request) => {
      const body = request.body;
      const net = await modelNet(body.bpmn);
      const { log } = await readLog(body.log);
      return conform(log, net, body.traces);
    },
  );

  app.post(
    '/api/mining/compare',
    {
      config: { access: 'signed-in' },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['mining'],
        summary: 'Before/after: two logs, or one log split at an instant, compared figure by figure',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['before'],
          properties: { before: logSchema, after: logSchema, splitAt: { type: 'string', format: 'date-time' }, calendar: calendarOption },
        },
        response: {
          200: compareResponse,
          400: refusal,
          422: refusal,
        },
      },
    },
    async (request) => {
      const body = request.body;
      if ((body.after === undefined) === (body.splitAt === undefined)) {
        throw new HttpError(400, 'validation', { zh: '请给出两个日志，或一个日志加分割时间 splitAt', en: 'give either two logs or one log and splitAt' });
      }
      const calendar = body.calendar === 'none' ? undefined : defaultCalendar();
      const first = (await readLog(body.before)).log;
      return compare(first, body.after ? (await readLog(body.after)).log : new Date(body.splitAt!), calendar);
    },
  );

  app.get(
    '/api/mining/cases',
    {
      config: { access: rolesOf('miningHistory') },
      schema: {
        tags: ['mining'],
        summary: 'Figures of the grass-roots cases’ own history in the caller’s regions: one case per case, one event per step, counted on the region’s working-day calendar',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: { type: 'string', format: 'date', description: 'cases reported on or after this day (Beijing time)' },
            to: { type: 'string', format: 'date', description: 'cases reported before this day (Beijing time)' },
            categoryCode: { type: 'string', maxLength: 32 },
            calendar: calendarOption,
            promisedWorkdays: { type: 'number', minimum: 0, maximum: 10000 },
            variants: { type: 'integer', minimum: 0 },
          },
        },
        response: { 200: summaryResponse, 400: refusal, 403: refusal },
      },
    },
    async (request) => {
      const q = request.query;
      const calendar = q.calendar === 'none' ? undefined : await loadCalendar(deps.store.db, request.actor.regionCode || undefined);
      if (q.promisedWorkdays !== undefined && !calendar)
        throw new HttpError(400, 'validation', { zh: '承诺时限按工作日计算，需要日历', en: 'a promised time limit in working days needs the calendar' });
      const log = await caseHistoryLog(deps.store.db, request.actor, casePeriod(q));
      return summarize(log, { calendar, promisedWorkdays: q.promisedWorkdays, departmentAttribute: 'org:group', variants: q.variants });
    },
  );

  app.get(
    '/api/mining/engine',
    {
      config: { access: rolesOf('miningHistory') },
      schema: {
        tags: ['mining'],
        summary: 'Figures of the process engine’s own history in the caller’s regions: one case per process instance',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            processKey: { type: 'string', maxLength: 200 },
            lifecycle: { type: 'string', maxLength: 50, description: 'keep only events with this lifecycle transition, e.g. complete' },
            calendar: calendarOption,
            promisedWorkdays: { type: 'number', minimum: 0, maximum: 10000 },
            matter: { type: 'string', maxLength: 100, description: 'measure cases against this matter’s promised time limit from the catalogue' },
            matterVersion: { type: 'string', enum: ['as_is', 'to_be', 'latest'], default: 'latest' },
            variants: { type: 'integer', minimum: 0 },
          },
        },
        response: {
          200: { ...summaryResponse, properties: { ...summaryResponse.properties, promisedLimit: { type: 'object', additionalProperties: true } } },
          400: refusal,
          403: refusal,
          404: refusal,
        },
      },
    },
    async (request) => {
      const q = request.query;
      if (q.matter !== undefined && q.promisedWorkdays !== undefined) {
        throw new HttpError(400, 'validation', { zh: '请只给出承诺时限或事项之一', en: 'give promisedWorkdays or matter, not both' });
      }
      let promisedLimit: Awaited<ReturnType<typeof promisedLimitOfMatter>> | undefined;
      if (q.matter !== undefined) {
        try {
          promisedLimit = await promisedLimitOfMatter(deps.store.db, request.actor, q.matter, q.matterVersion ?? 'latest');
        } catch (err) {
          if (err instanceof CatalogueError) throw new HttpError(404, 'not_found', { zh: `未找到事项或其版本：${q.matter}`, en: `matter or version not found: ${q.matter}` });
          throw err;
        }
      }
      const promisedWorkdays = promisedLimit?.promisedDays ?? q.promisedWorkdays;
      // the platform's calendar of the caller's region: loaded official years and regional days off count
      const calendar = q.calendar === 'none' ? undefined : await loadCalendar(deps.store.db, request.actor.regionCode || undefined);
      if (promisedWorkdays !== undefined && !calendar) {
        throw new HttpError(400, 'validation', { zh: '承诺时限按工作日计算，需要日历', en: 'a promised time limit in working days needs the calendar' });
      }
      let log = await engineLog(deps.store.db, { regionPrefix: request.actor.regionCode, processKey: q.processKey });
      if (q.lifecycle) log = keepLifecycle(log, q.lifecycle);
      return { ...summarize(log, { calendar, promisedWorkdays, departmentAttribute: 'org:group', variants: q.variants }), ...(promisedLimit ? { promisedLimit } : {}) };
    },
  );
}
