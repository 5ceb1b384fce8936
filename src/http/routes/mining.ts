// Process mining over HTTP: the client sends an event log (XES, XES.gz as base64, or CSV)
// and gets the figures, a discovered BPMN model, or a conformance check back. These routes
// store nothing: logs are analysed in the request, like `zaizao mine` does on the command
// line. Stored logs (uploaded files, the engine's history) have their routes in mining-logs.ts.
import zlib from 'node:zlib';
import { isUtf8 } from 'node:buffer';
import { firstInvalid, inputLimits, limitExceeded } from '../../shared/bounds.js';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/capabilities.js';
import { HttpError } from '../errors.js';
import { defaultCalendar } from '../../calendar/index.js';
import { loadCalendar } from '../../calendar/store.js';
import { compareLogs, splitAt } from '../../mining/compare.js';
import { BpmnConversionError, bpmnXmlToPetriNet } from '../../mining/conform/petri.js';
import { tokenReplay } from '../../mining/conform/token-replay.js';
import { bpmnToXml, treeToBpmn } from '../../mining/discover/bpmn.js';
import { discoverProcessTree } from '../../mining/discover/inductive.js';
import { treeToString } from '../../mining/discover/process-tree.js';
import { importCsvString, type CsvImportReport } from '../../mining/import/csv.js';
import { importXesString, LogImportError } from '../../mining/import/xes.js';
import { keepLifecycle, type EventLog } from '../../mining/model.js';
import { engineLog, promisedLimitOfMatter } from '../../mining/store.js';
import { CatalogError } from '../../catalog/store.js';
import { summarizeLog } from '../../mining/summary.js';
import { caseHistoryLog } from '../../cases/history-log.js';
import { isoDatesExist } from '../../shared/time.js';

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

interface LogInput {
  format: 'xes' | 'csv';
  content: string;
  encoding?: 'utf8' | 'base64';
  mapping?: Record<string, string>;
  lifecycle?: string;
}

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } }, details: {} } } },
} as const;
export const anyObject = { type: 'object', additionalProperties: true } as const;
export const anyArray = { type: 'array', items: anyObject } as const;

/** gunzip within the log limit: a small gzip that unpacks to gigabytes is refused (413), not held in memory. */
function gunzipBounded(bytes: Buffer): Buffer<ArrayBuffer> {
  const { maxLogBytes } = inputLimits();
  try {
    return zlib.gunzipSync(bytes, { maxOutputLength: maxLogBytes }) as Buffer<ArrayBuffer>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw limitExceeded('maxLogBytes', maxLogBytes);
    throw err;
  }
}

async function readLog(input: LogInput): Promise<{ log: EventLog; csv?: CsvImportReport }> {
  try {
    let text: string;
    if (input.encoding === 'base64') {
      let bytes = Buffer.from(input.content, 'base64');
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipBounded(bytes);
      if (!isUtf8(bytes)) throw new LogImportError(`invalid UTF-8 at byte ${firstInvalid(bytes)}: save the log as UTF-8`);
      text = bytes.toString('utf8');
    } else text = input.content;
    let log: EventLog;
    let csv: CsvImportReport | undefined;
    if (input.format === 'csv') {
      const r = await importCsvString(text, { mapping: input.mapping });
      log = r.log;
      csv = r.report;
    } else log = importXesString(text);
    if (input.lifecycle) log = keepLifecycle(log, input.lifecycle);
    return { log, csv };
  } catch (err) {
    if (err instanceof LogImportError || (err as NodeJS.ErrnoException).code === 'Z_DATA_ERROR' || (err as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') {
      const e = err as LogImportError;
      throw new HttpError(422, 'log_unreadable', { zh: `事件日志无法读取：${e.message}`, en: `the event log cannot be read: ${e.message}` }, { line: e.line, column: e.column });
    }
    throw err;
  }
}

/** Who may read the engine's history of their regions (as GET /api/engine/history.xes). */

export const summaryResponse = {
  type: 'object',
  properties: {
    cases: { type: 'integer' },
    events: { type: 'integer' },
    activities: { type: 'integer' },
    resources: { type: 'integer' },
    totalVariants: { type: 'integer' },
    period: { type: 'object', additionalProperties: true },
    csv: { type: 'object', additionalProperties: true },
    variants: { type: 'array', items: { type: 'object', additionalProperties: true } },
    dfg: { type: 'object', additionalProperties: true },
    throughput: { type: 'object', additionalProperties: true },
    work: { type: 'object', additionalProperties: true },
    rework: { type: 'object', additionalProperties: true },
    handover: { type: 'object', additionalProperties: true },
    activityStatistics: { type: 'array', items: { type: 'object', additionalProperties: true } },
    resourceStatistics: { type: 'array', items: { type: 'object', additionalProperties: true } },
    deadlines: { type: 'object', additionalProperties: true },
  },
} as const;

/** The cases of a period, given as days in Beijing (from inclusive, to exclusive); a day that does not exist is a 400. */
export function casePeriod(q: { from?: string; to?: string; categoryCode?: string }): { from?: Date; to?: Date; categoryCode?: string } {
  const day = (d: string | undefined, name: string) => {
    if (d === undefined) return undefined;
    if (!isoDatesExist(d)) throw new HttpError(400, 'validation', { zh: `日期不存在：${d}`, en: `${name}: no such day: ${d}` });
    return new Date(`${d}T00:00:00+08:00`);
  };
  const from = day(q.from, 'from');
  const to = day(q.to, 'to');
  if (from && to && from >= to) throw new HttpError(400, 'validation', { zh: '开始日期须早于结束日期', en: 'from must be before to' });
  return { from, to, categoryCode: q.categoryCode };
}

export const calendarOption = { type: 'string', enum: ['cn-workday', 'none'], default: 'cn-workday' } as const;

/** The Petri net a BPMN model replays on; a model that cannot be replayed is a 422 saying why. */
export async function replayNet(bpmn: string): Promise<Awaited<ReturnType<typeof bpmnXmlToPetriNet>>> {
  try {
    return await bpmnXmlToPetriNet(bpmn);
  } catch (err) {
    if (err instanceof BpmnConversionError) throw new HttpError(422, 'model_unusable', { zh: `BPMN 模型无法用于一致性检查：${err.message}`, en: `the BPMN model cannot be replayed: ${err.message}` });
    throw err;
  }
}

export default async function miningRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post(
    '/api/mining/summary',
    { config: { access: 'signed-in' },
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
          400: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const body = request.body as { log: LogInput; calendar?: string; promisedWorkdays?: number; dueAttribute?: string; departmentAttribute?: string; variants?: number };
      const calendar = body.calendar === 'none' ? undefined : defaultCalendar();
      if (body.promisedWorkdays !== undefined && !calendar) {
        throw new HttpError(400, 'validation', { zh: '承诺时限按工作日计算，需要日历', en: 'a promised time limit in working days needs the calendar' });
      }
      const { log, csv } = await readLog(body.log);
      const summary = summarizeLog(log, { calendar, promisedWorkdays: body.promisedWorkdays, dueAttribute: body.dueAttribute, departmentAttribute: body.departmentAttribute });
      const totalVariants = summary.variants.length;
      if (body.variants !== undefined) summary.variants = summary.variants.slice(0, body.variants);
      return { ...summary, totalVariants, ...(csv ? { csv } : {}) };
    },
  );

  app.post(
    '/api/mining/discover',
    { config: { access: 'signed-in' },
      bodyLimit: BODY_LIMIT,
      schema: {
        tags: ['mining'],
        summary: 'Discover a process model (inductive miner with noise filtering) as BPMN 2.0 XML with a diagram the modeler shows and the engine deploys',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['log'],
          properties: { log: logSchema, noiseThreshold: { type: 'number', minimum: 0, maximum: 0.99, default: 0.2 }, name: { type: 'string', maxLength: 200 } },
        },
        response: {
          200: { type: 'object', properties: { bpmn: { type: 'string' }, tree: { type: 'string' }, tasks: { type: 'integer' }, gateways: { type: 'integer' } } },
          400: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const body = request.body as { log: LogInput; noiseThreshold?: number; name?: string };
      const { log } = await readLog(body.log);
      const tree = discoverProcessTree(log, { noiseThreshold: body.noiseThreshold ?? 0.2 });
      const model = treeToBpmn(tree, { name: body.name });
      return {
        bpmn: bpmnToXml(model),
        tree: treeToString(tree),
        tasks: model.nodes.filter((n) => n.kind === 'task').length,
        gateways: model.nodes.filter((n) => n.kind.endsWith('Gateway')).length,
      };
    },
  );

  app.post(
    '/api/mining/conform',
    { config: { access: 'signed-in' },
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
          200: {
            type: 'object',
            properties: {
              fitness: { type: 'number' },
              averageTraceFitness: { type: 'number' },
              fitTraces: { type: 'integer' },
              percentageFitTraces: { type: 'number' },
              deviatingActivities: anyArray,
              activitiesNotInModel: anyArray,
              traces: anyArray,
            },
          },
          400: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const body = request.body as { log: LogInput; bpmn: string; traces?: number };
      const net = await replayNet(body.bpmn);
      const { log } = await readLog(body.log);
      const result = tokenReplay(log, net);
      return { ...result, traces: body.traces === undefined ? result.traces : result.traces.slice(0, body.traces) };
    },
  );

  app.post(
    '/api/mining/compare',
    { config: { access: 'signed-in' },
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
          200: { type: 'object', properties: { before: anyObject, after: anyObject, figures: anyArray, activitiesRemoved: { type: 'array', items: { type: 'string' } }, activitiesAdded: { type: 'array', items: { type: 'string' } }, byActivity: anyArray } },
          400: errorSchema,
          422: errorSchema,
        },
      },
    },
    async (request) => {
      const body = request.body as { before: LogInput; after?: LogInput; splitAt?: string; calendar?: string };
      if ((body.after === undefined) === (body.splitAt === undefined)) {
        throw new HttpError(400, 'validation', { zh: '请给出两个日志，或一个日志加分割时间 splitAt', en: 'give either two logs or one log and splitAt' });
      }
      const calendar = body.calendar === 'none' ? undefined : defaultCalendar();
      const first = (await readLog(body.before)).log;
      const halves = body.after ? { before: first, after: (await readLog(body.after)).log } : splitAt(first, new Date(body.splitAt!));
      return compareLogs(halves.before, halves.after, calendar);
    },
  );

  app.get(
    '/api/mining/cases',
    { config: { access: rolesOf('miningHistory') },
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
        response: { 200: summaryResponse, 400: errorSchema, 403: errorSchema },
      },
    },
    async (request) => {
      const q = request.query as { from?: string; to?: string; categoryCode?: string; calendar?: string; promisedWorkdays?: number; variants?: number };
      const calendar = q.calendar === 'none' ? undefined : await loadCalendar(deps.store.db, request.actor.regionCode || undefined);
      if (q.promisedWorkdays !== undefined && !calendar) throw new HttpError(400, 'validation', { zh: '承诺时限按工作日计算，需要日历', en: 'a promised time limit in working days needs the calendar' });
      const log = await caseHistoryLog(deps.store.db, request.actor, casePeriod(q));
      const summary = summarizeLog(log, { calendar, promisedWorkdays: q.promisedWorkdays, departmentAttribute: 'org:group' });
      const totalVariants = summary.variants.length;
      if (q.variants !== undefined) summary.variants = summary.variants.slice(0, q.variants);
      return { ...summary, totalVariants };
    },
  );

  app.get(
    '/api/mining/engine',
    { config: { access: rolesOf('miningHistory') },
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
        response: { 200: { ...summaryResponse, properties: { ...summaryResponse.properties, promisedLimit: { type: 'object', additionalProperties: true } } }, 400: errorSchema, 403: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const q = request.query as { processKey?: string; lifecycle?: string; calendar?: string; promisedWorkdays?: number; matter?: string; matterVersion?: 'as_is' | 'to_be' | 'latest'; variants?: number };
      if (q.matter !== undefined && q.promisedWorkdays !== undefined) {
        throw new HttpError(400, 'validation', { zh: '请只给出承诺时限或事项之一', en: 'give promisedWorkdays or matter, not both' });
      }
      let promisedLimit: Awaited<ReturnType<typeof promisedLimitOfMatter>> | undefined;
      if (q.matter !== undefined) {
        try {
          promisedLimit = await promisedLimitOfMatter(deps.store.db, request.actor, q.matter, q.matterVersion ?? 'latest');
        } catch (err) {
          if (err instanceof CatalogError) throw new HttpError(404, 'not_found', { zh: `未找到事项或其版本：${q.matter}`, en: `matter or version not found: ${q.matter}` });
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
      const summary = summarizeLog(log, { calendar, promisedWorkdays, departmentAttribute: 'org:group' });
      const totalVariants = summary.variants.length;
      if (q.variants !== undefined) summary.variants = summary.variants.slice(0, q.variants);
      return { ...summary, totalVariants, ...(promisedLimit ? { promisedLimit } : {}) };
    },
  );
}
