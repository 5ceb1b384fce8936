// Stored event logs over HTTP: upload a .xes, .xes.gz or .csv file as the raw request body
// (streamed to a temporary file, imported with the streaming importers, kept compactly in
// mining_logs), store the engine's own history, the window's applications or the cases, list,
// read, delete. A failed upload (too large, unreadable, empty) stores nothing. The analyses of
// a stored log are in mining-logs-analyses.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import { HttpError } from '../errors.js';
import { casePeriod, idParams, infoSchema, storedLogScope } from '../schemas/mining.js';
import {
  columnMapping,
  deleteStoredLog,
  engineLog,
  importCsvFile,
  importXesFile,
  listStoredLogs,
  storedLogInfo,
  storeLog,
  type CsvColumnOptions,
  type CsvImportReport,
  type EventLog,
  type StoredLogInfo,
} from '../../mining/index.js';
import { windowLog } from '../../window/index.js';
import { inputLimits } from '../../shared/bounds.js';
import { caseHistoryLog } from '../../cases/index.js';
import { refusal } from '../schemas.js';
import type { TypedApp } from '../app-types.js';

/** Largest upload accepted (bytes of the file as sent); ZAIZAO_MINING_UPLOAD_MAX_BYTES overrides it. */
export const DEFAULT_UPLOAD_LIMIT = 512 * 1024 * 1024;

function uploadLimit(): number {
  const v = Number(process.env.ZAIZAO_MINING_UPLOAD_MAX_BYTES);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_UPLOAD_LIMIT;
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toFixed(n < 1024 * 1024 ? 2 : 0)} MB`;

function tooLarge(limit: number): HttpError {
  return new HttpError(
    413,
    'log_too_large',
    { zh: `日志文件过大：上限为 ${megabytes(limit)}`, en: `the log file is too large: at most ${megabytes(limit)}` },
    { limitBytes: limit },
  );
}

type Format = 'xes' | 'csv';

/** The format from the query, the file name, or the first bytes (gzip or `<` is XES, anything else CSV). */
function formatOf(given: string | undefined, fileName: string | undefined, head: Buffer): Format {
  if (given === 'xes' || given === 'csv') return given;
  const lower = (fileName ?? '').toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (/\.(xes|xes\.gz|gz|xml)$/.test(lower)) return 'xes';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'xes';
  let i = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && (head[i] === 32 || head[i] === 9 || head[i] === 10 || head[i] === 13)) i++;
  return head[i] === 60 ? 'xes' : 'csv';
}

interface UploadQuery extends CsvColumnOptions {
  name?: string;
  fileName?: string;
  format?: Format;
}

/** Writes the request body to a temporary file, refusing more than `limit` bytes. */
async function receive(body: NodeJS.ReadableStream, file: string, limit: number): Promise<number> {
  let bytes = 0;
  await pipeline(
    body,
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > limit) done(tooLarge(limit));
        else done(null, chunk);
      },
    }),
    fs.createWriteStream(file),
  );
  return bytes;
}

async function importUpload(file: string, format: Format, q: UploadQuery): Promise<{ log: EventLog; csv?: CsvImportReport }> {
  if (format === 'csv') {
    const r = await importCsvFile(file, { mapping: columnMapping(q), delimiter: q.delimiter });
    return { log: r.log, csv: r.report };
  }
  return { log: await importXesFile(file) };
}

/** The file name from an `X-File-Name` header (percent-encoded for non-ASCII names). */
function headerFileName(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  let name: string;
  try {
    name = decodeURIComponent(value).slice(0, 300);
  } catch {
    name = value.slice(0, 300);
  }
  // the name is stored as text: NUL (%00) and unpaired surrogates cannot be
  if (/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(name)) {
    throw new HttpError(400, 'invalid_text', {
      zh: 'X-File-Name 含有无法保存的字符（空字符或不成对的代理项）',
      en: 'X-File-Name holds a character that cannot be stored (NUL or an unpaired surrogate)',
    });
  }
  return name;
}

export default async function miningLogRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  storedLogScope(app);

  const db = deps.store.db;

  app.get(
    '/api/mining/logs',
    {
      config: { access: rolesOf('miningLogs') },
      schema: {
        tags: ['mining'],
        summary: 'Stored event logs in the caller’s regions (department officers: their department’s)',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: infoSchema } } }, 403: refusal },
      },
    },
    async (request) => {
      return { items: await listStoredLogs(db, request.actor) };
    },
  );

  app.post(
    '/api/mining/logs',
    {
      config: { access: rolesOf('miningLogs') },
      schema: {
        tags: ['mining'],
        summary: 'Upload and store an event log: the .xes, .xes.gz or .csv file as the raw body (Content-Type application/octet-stream), its name and format in the query',
        consumes: ['application/octet-stream', 'application/gzip', 'text/csv', 'text/xml'],
        description: `Streams the body to a temporary file (at most ${megabytes(DEFAULT_UPLOAD_LIMIT)}), imports it and stores the columnar log. CSV takes the column mapping as query parameters. An unreadable file answers 422 log_unreadable with line and column; a file too large 413 log_too_large; a log that unpacks past ZAIZAO_MAX_LOG_BYTES or holds more than ZAIZAO_MAX_LOG_EVENTS events 413 input_too_large naming the limit; nothing is stored then.`,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            fileName: { type: 'string', maxLength: 300 },
            format: { type: 'string', enum: ['xes', 'csv'] },
            case: { type: 'string', maxLength: 200 },
            activity: { type: 'string', maxLength: 200 },
            timestamp: { type: 'string', maxLength: 200 },
            resource: { type: 'string', maxLength: 200 },
            startTimestamp: { type: 'string', maxLength: 200 },
            delimiter: { type: 'string', minLength: 1, maxLength: 1 },
          },
        },
        response: { 201: infoSchema, 400: refusal, 403: refusal, 413: refusal, 415: refusal, 422: refusal },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const body = request.body as NodeJS.ReadableStream | undefined;
      if (!body || typeof (body as { pipe?: unknown }).pipe !== 'function') {
        throw new HttpError(415, 'unsupported_media_type', { zh: '请以 application/octet-stream 上传日志文件本身', en: 'send the log file itself as application/octet-stream' });
      }
      const limit = uploadLimit();
      const declared = Number(request.headers['content-length']);
      if (Number.isFinite(declared) && declared > limit) {
        (body as NodeJS.ReadableStream & { resume(): void }).resume();
        throw tooLarge(limit);
      }
      const fileName = q.fileName ?? headerFileName(request.headers['x-file-name']);
      const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'zaizao-upload-'));
      try {
        const file = path.join(dir, 'upload');
        const bytes = await receive(body, file, limit);
        if (bytes === 0) throw new HttpError(400, 'validation', { zh: '上传的文件是空的', en: 'the uploaded file is empty' });
        const head = Buffer.alloc(64);
        const fd = await fs.promises.open(file, 'r');
        try {
          await fd.read(head, 0, 64, 0);
        } finally {
          await fd.close();
        }
        const format = formatOf(q.format, fileName, head);
        const { log, csv } = await importUpload(file, format, q);
        if (log.activity.length === 0) throw new HttpError(422, 'log_empty', { zh: '事件日志中没有事件', en: 'the event log has no events' });
        const info = await storeLog(db, request.actor, log, {
          name: q.name ?? fileName ?? `log-${new Date().toISOString()}`,
          source: format,
          fileName: fileName ?? null,
          fileBytes: bytes,
          importReport: csv ?? null,
        });
        return reply.status(201).send(info);
      } finally {
        await fs.promises.rm(dir, { recursive: true, force: true });
      }
    },
  );

  app.post(
    '/api/mining/logs/engine',
    {
      config: { access: rolesOf('miningHistory') },
      schema: {
        tags: ['mining'],
        summary: 'Store the process engine’s own history in the caller’s regions as an event log (one case per process instance)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, processKey: { type: 'string', maxLength: 200 } },
        },
        response: { 201: infoSchema, 400: refusal, 403: refusal, 422: refusal },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const log = await engineLog(db, { regionPrefix: request.actor.regionCode, processKey: body.processKey });
      if (log.activity.length === 0) throw new HttpError(422, 'log_empty', { zh: '流程引擎中没有可用的历史记录', en: 'the engine has no history to store' });
      const info = await storeLog(db, request.actor, log, { name: body.name, source: 'engine', fileBytes: 0, importReport: { processKey: body.processKey ?? null } });
      return reply.status(201).send(info);
    },
  );

  app.post(
    '/api/mining/logs/window',
    {
      config: { access: rolesOf('miningHistory') },
      schema: {
        tags: ['mining'],
        summary:
          'Store the one-window applications’ history in the caller’s regions as an event log (one case per application, optionally of one service): before/after figures from real applications',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, serviceCode: { type: 'string', maxLength: 100 } },
        },
        response: { 201: infoSchema, 400: refusal, 403: refusal, 422: refusal },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const log = await windowLog(db, { regionPrefix: request.actor.regionCode, serviceCode: body.serviceCode, limit: inputLimits().maxEvents });
      if (log.activity.length === 0) {
        throw new HttpError(422, 'log_empty', {
          zh: `没有可用的一窗受理申请记录${body.serviceCode ? `（服务 ${body.serviceCode}）` : ''}`,
          en: `no window applications to store${body.serviceCode ? ` (service ${body.serviceCode})` : ''}`,
        });
      }
      const info = await storeLog(db, request.actor, log, { name: body.name, source: 'window', fileBytes: 0, importReport: { serviceCode: body.serviceCode ?? null } });
      return reply.status(201).send(info);
    },
  );

  app.post(
    '/api/mining/logs/cases',
    {
      config: { access: rolesOf('miningHistory') },
      schema: {
        tags: ['mining'],
        summary: 'Store the history of the grass-roots cases in the caller’s regions as an event log (one case per case, one event per step)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            from: { type: 'string', format: 'date', description: 'cases reported on or after this day (Beijing time)' },
            to: { type: 'string', format: 'date', description: 'cases reported before this day (Beijing time)' },
            categoryCode: { type: 'string', maxLength: 32 },
          },
        },
        response: { 201: infoSchema, 400: refusal, 403: refusal, 422: refusal },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const log = await caseHistoryLog(db, request.actor, casePeriod(body));
      if (log.activity.length === 0) throw new HttpError(422, 'log_empty', { zh: '所选范围内没有诉求案件的办理记录', en: 'no case history in this period' });
      const info = await storeLog(db, request.actor, log, {
        name: body.name,
        source: 'cases',
        fileBytes: 0,
        importReport: { from: body.from ?? null, to: body.to ?? null, categoryCode: body.categoryCode ?? null },
      });
      return reply.status(201).send(info);
    },
  );

  app.get(
    '/api/mining/logs/:id',
    {
      config: { access: rolesOf('miningLogs') },
      schema: { tags: ['mining'], summary: 'One stored event log (without its events)', params: idParams, response: { 200: infoSchema, 403: refusal, 404: refusal } },
    },
    async (request) => {
      return await storedLogInfo(db, request.actor, request.params.id);
    },
  );

  app.delete(
    '/api/mining/logs/:id',
    {
      config: { access: rolesOf('miningLogs') },
      schema: {
        tags: ['mining'],
        summary: 'Delete a stored event log (audited): administrators and the reform office any in their regions, others their own',
        params: idParams,
        response: { 204: { type: 'null' }, 403: refusal, 404: refusal },
      },
    },
    async (request, reply) => {
      await deleteStoredLog(db, request.actor, request.params.id);

      return reply.status(204).send();
    },
  );
}

export type { StoredLogInfo };
