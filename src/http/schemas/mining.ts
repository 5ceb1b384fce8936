// What the mining routes files (src/http/routes/mining*.ts) share: answer schemas, options,
// the case period, the net a model replays on, and the scope every stored-log routes file starts with.
import { HttpError } from '../errors.js';
import { DEFAULT_NOISE_THRESHOLD, MAX_NOISE_THRESHOLD } from '../../mining/index.js';
import { isoDatesExist } from '../../shared/time.js';
import type { TypedApp } from '../app-types.js';

export const anyObject = { type: 'object', additionalProperties: true } as const;
export const anyArray = { type: 'array', items: anyObject } as const;

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

/** A token-based replay's answer (conformance of a log, sent or stored, to a BPMN model). */
export const replayResponse = {
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
} as const;

/** A before/after comparison's answer (two logs, or one split at an instant). */
export const compareResponse = {
  type: 'object',
  properties: {
    before: anyObject,
    after: anyObject,
    figures: anyArray,
    activitiesRemoved: { type: 'array', items: { type: 'string' } },
    activitiesAdded: { type: 'array', items: { type: 'string' } },
    byActivity: anyArray,
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

/** The inductive miner's noise threshold, as the routes take it. */
export const noiseOption = { type: 'number', minimum: 0, maximum: MAX_NOISE_THRESHOLD, default: DEFAULT_NOISE_THRESHOLD } as const;

export const calendarOption = { type: 'string', enum: ['cn-workday', 'none'], default: 'cn-workday' } as const;

export const infoSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    source: { type: 'string', enum: ['xes', 'csv', 'engine', 'window', 'cases'] },
    fileName: { type: ['string', 'null'] },
    fileBytes: { type: 'integer' },
    storedBytes: { type: 'integer' },
    cases: { type: 'integer' },
    events: { type: 'integer' },
    activities: { type: 'integer' },
    period: { type: 'object', properties: { from: { type: ['string', 'null'] }, to: { type: ['string', 'null'] } } },
    importReport: {},
    regionCode: { type: 'string' },
    departmentCode: { type: ['string', 'null'] },
    createdBy: { type: 'string' },
    createdAt: { type: 'string' },
  },
} as const;

export const idParams = { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;

/**
 * How every stored-log routes file starts: uploads arrive as the raw file, so the body stays a
 * stream (this plugin's scope only). The stored-log routes were one scope, so a raw body sent to
 * any of them is taken alike.
 */
export function storedLogScope(app: TypedApp): void {
  app.addContentTypeParser(['application/octet-stream', 'application/gzip', 'application/x-gzip', 'application/xml', 'text/xml', 'text/csv'], (_request, payload, done) =>
    done(null, payload),
  );
}
