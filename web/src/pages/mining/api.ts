// The mining API: POST /api/mining/* with the event log in every request (nothing stored), and
// stored logs under /api/mining/logs. Shapes as src/http/routes/mining*.ts and docs/mining.md give them.
import { ApiError, getCsrfToken, NETWORK_ERROR_CODE, request } from '../../api/client.js';
// Figures are the server's own shapes (type-only imports from src/mining).
import type { Variant } from '../../../../src/mining/variants.js';
import type { Dfg } from '../../../../src/mining/discover/dfg.js';
import type { Throughput } from '../../../../src/mining/performance/throughput.js';
import type { Rework } from '../../../../src/mining/performance/rework.js';
import type { ActivityStatistics } from '../../../../src/mining/performance/statistics.js';
import type { Deadlines } from '../../../../src/mining/performance/deadlines.js';
export type { Variant, Dfg, Throughput, Rework, ActivityStatistics, Deadlines };
export type { DfgEdge } from '../../../../src/mining/discover/dfg.js';
import type { Comparison, CsvImportReport, DiscoveredModel, LogContent, ReplayResult, Summary, summarize, WorkTime, WorkTimeByActivity } from '../../../../src/mining/index.js';

/** A log sent with a request: the server's log content, the CSV columns the page maps, the lifecycle kept. */
export type LogInput = LogContent & {
  mapping?: Partial<Record<'case' | 'activity' | 'timestamp' | 'resource' | 'startTimestamp', string>>;
  lifecycle?: string;
};

export type Stats = Summary;
export type Work = WorkTime;
export type WorkByActivity = WorkTimeByActivity;
export type CsvReport = CsvImportReport;

/** The figures of a log as the summary routes answer them: the server's summary (with the count of all variants) and how a CSV was read. */
export type LogSummary = ReturnType<typeof summarize> & { csv?: CsvReport };

export type Discovered = Omit<DiscoveredModel, 'flows'>;
export type Conformance = ReplayResult;
export type { Comparison };

export type CalendarChoice = 'cn-workday' | 'none';

export const miningApi = {
  summary: (body: { log: LogInput; calendar?: CalendarChoice; promisedWorkdays?: number; variants?: number }, signal?: AbortSignal) =>
    request<LogSummary>('POST', '/api/mining/summary', body, { signal }),
  discover: (body: { log: LogInput; noiseThreshold?: number; name?: string }) => request<Discovered>('POST', '/api/mining/discover', body),
  conform: (body: { log: LogInput; bpmn: string; traces?: number }) => request<Conformance>('POST', '/api/mining/conform', body),
  compare: (body: { before: LogInput; after?: LogInput; splitAt?: string; calendar?: CalendarChoice }) => request<Comparison>('POST', '/api/mining/compare', body),
};

/** How a file is sent: XES and CSV as text, anything gzip-compressed as base64 bytes. */
export async function logFromFile(file: File): Promise<LogInput> {
  const name = file.name.toLowerCase();
  const bytes = new Uint8Array(await file.arrayBuffer());
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const format: LogInput['format'] = name.endsWith('.csv') || name.endsWith('.csv.gz') ? 'csv' : 'xes';
  if (gzip) return { format, content: toBase64(bytes), encoding: 'base64' };
  return { format, content: new TextDecoder('utf-8').decode(bytes) };
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

/** The engine's own history as XES (GET /api/engine/history.xes): text, not JSON. */
export async function engineHistoryXes(processKey?: string): Promise<string> {
  const path = `/api/engine/history.xes${processKey ? `?processKey=${encodeURIComponent(processKey)}` : ''}`;
  let response: Response;
  try {
    response = await fetch(path, { method: 'GET', credentials: 'same-origin', headers: { accept: 'application/xml' } });
  } catch {
    throw new ApiError(0, NETWORK_ERROR_CODE, { zh: '无法连接服务器，请检查网络后重试。', en: 'Cannot reach the server. Check the network and try again.' });
  }
  const text = await response.text();
  if (response.ok) return text;
  let body: { error?: { code?: string; message?: { zh: string; en: string } } } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // not JSON: the status says enough
  }
  throw new ApiError(
    response.status,
    body.error?.code ?? `http_${response.status}`,
    body.error?.message ?? { zh: `请求失败（HTTP ${response.status}）。`, en: `The request failed (HTTP ${response.status}).` },
  );
}

// ---------------------------------------------------------------------------------------
// Stored logs (/api/mining/logs): uploaded once as the file itself, analysed by id.

/** A stored log as the list and details give it. */
export type { StoredLogInfo as StoredLog } from '../../../../src/mining/store.js';
/** Roles that may store, list and analyse stored logs: the server's own rule. */
export { LOG_USERS } from '../../../../src/mining/access.js';
import type { StoredLogInfo as StoredLog } from '../../../../src/mining/store.js';

/** Where the log of an analysis comes from: sent with each request, or stored on the server. */
export type LogSource = { kind: 'inline'; log: LogInput } | { kind: 'stored'; id: number; lifecycle?: string };

const query = (params: Record<string, string | number | undefined>) => {
  const q = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return q ? `?${q}` : '';
};

export const storedLogsApi = {
  list: (signal?: AbortSignal) => request<{ items: StoredLog[] }>('GET', '/api/mining/logs', undefined, { signal }),
  remove: (id: number) => request<void>('DELETE', `/api/mining/logs/${id}`),
  storeEngine: (name: string, processKey?: string) => request<StoredLog>('POST', '/api/mining/logs/engine', { name, ...(processKey ? { processKey } : {}) }),
  storeWindow: (name: string, serviceCode?: string) => request<StoredLog>('POST', '/api/mining/logs/window', { name, ...(serviceCode ? { serviceCode } : {}) }),
  /** The grass-roots cases' own history (one case per case, one event per step). */
  storeCases: (name: string) => request<StoredLog>('POST', '/api/mining/logs/cases', { name }),
};

/** Uploads the file itself (the raw bytes, streamed by the browser) and stores it; CSV with its column mapping. */
export async function uploadLog(file: File, options: { name?: string; mapping?: LogInput['mapping'] } = {}): Promise<StoredLog> {
  const format = /\.csv(\.gz)?$/i.test(file.name) ? 'csv' : 'xes';
  const path = `/api/mining/logs${query({ name: options.name ?? file.name, fileName: file.name, format, ...(format === 'csv' ? (options.mapping ?? {}) : {}) })}`;
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/octet-stream' };
  const token = getCsrfToken();
  if (token) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', credentials: 'same-origin', headers, body: file });
  } catch {
    throw new ApiError(0, NETWORK_ERROR_CODE, { zh: '无法连接服务器，请检查网络后重试。', en: 'Cannot reach the server. Check the network and try again.' });
  }
  const text = await response.text();
  let data: { error?: { code?: string; message?: { zh: string; en: string }; details?: unknown } } & Partial<StoredLog> = {};
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    // not JSON: the status says enough
  }
  if (response.ok) return data as StoredLog;
  throw new ApiError(
    response.status,
    data.error?.code ?? `http_${response.status}`,
    data.error?.message ?? { zh: `请求失败（HTTP ${response.status}）。`, en: `The request failed (HTTP ${response.status}).` },
    data.error?.details,
  );
}

/** The analyses on either kind of source. */
export const sourceApi = {
  summary: (source: LogSource, options: { calendar?: CalendarChoice; promisedWorkdays?: number; variants?: number }) =>
    source.kind === 'inline'
      ? miningApi.summary({ log: source.log, ...options })
      : request<LogSummary>(
          'GET',
          `/api/mining/logs/${source.id}/summary${query({ lifecycle: source.lifecycle, calendar: options.calendar, promisedWorkdays: options.promisedWorkdays, variants: options.variants })}`,
        ),
  discover: (source: LogSource, options: { noiseThreshold?: number; name?: string }) =>
    source.kind === 'inline'
      ? miningApi.discover({ log: source.log, ...options })
      : request<Discovered>('GET', `/api/mining/logs/${source.id}/discover${query({ lifecycle: source.lifecycle, noiseThreshold: options.noiseThreshold, name: options.name })}`),
  conform: (source: LogSource, options: { bpmn: string; traces?: number }) =>
    source.kind === 'inline'
      ? miningApi.conform({ log: source.log, ...options })
      : request<Conformance>('POST', `/api/mining/logs/${source.id}/conform`, { ...options, ...(source.lifecycle ? { lifecycle: source.lifecycle } : {}) }),
  /** Before/after: `after` of the same kind as `before`, or a split instant. */
  compare: (before: LogSource, options: { after?: LogSource; splitAt?: string; calendar?: CalendarChoice }) => {
    if (before.kind === 'inline') {
      const after = options.after?.kind === 'inline' ? options.after.log : undefined;
      return miningApi.compare({ before: before.log, ...(after ? { after } : { splitAt: options.splitAt }), calendar: options.calendar });
    }
    const after = options.after?.kind === 'stored' ? options.after.id : undefined;
    return request<Comparison>(
      'GET',
      `/api/mining/logs/${before.id}/compare${query({ after, splitAt: after === undefined ? options.splitAt : undefined, lifecycle: before.lifecycle, calendar: options.calendar })}`,
    );
  },
};
