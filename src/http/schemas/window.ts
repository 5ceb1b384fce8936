// What the window's routes files (src/http/routes/window*.ts) share: their schemas, role lists,
// the PDF answer, the public rate limit and the scope every one of them starts with.
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import type { TypedApp } from '../app-types.js';
import { HttpError } from '../errors.js';
import { refusals } from '../schemas.js';
import { maxFileBytes, windowContext, type WindowContext } from '../../window/index.js';

export const errors = refusals(400, 403, 404, 409, 413, 415, 422, 429);

/** A fixed-window limit per client address for the public routes (tracking, verification). */
export function rateLimiter(perMinute: number, now: () => number = Date.now) {
  const hits = new Map<string, { start: number; n: number }>();
  return (request: FastifyRequest) => {
    const t = now();
    if (hits.size > 10_000) for (const [k, v] of hits) if (t - v.start >= 60_000) hits.delete(k);
    const h = hits.get(request.ip);
    if (!h || t - h.start >= 60_000) hits.set(request.ip, { start: t, n: 1 });
    else if (++h.n > perMinute) throw new HttpError(429, 'rate_limited', { zh: '查询过于频繁，请稍后再试', en: 'too many requests; try again in a minute' });
  };
}

export const id = { type: 'integer', minimum: 1 } as const;
export const idParams = { type: 'object', required: ['id'], properties: { id } } as const;
export const formSchema = { type: 'object', maxProperties: 500, additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } } as const;
export const holderSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'id', 'name'],
  properties: { kind: { type: 'string', enum: ['enterprise', 'person'] }, id: { type: 'string', maxLength: 18 }, name: { type: 'string', maxLength: 200 } },
} as const;
export const deliverySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['method'],
  properties: { method: { type: 'string', enum: ['pickup', 'mail', 'electronic'] }, address: { type: 'string', maxLength: 300 }, trackingNo: { type: 'string', maxLength: 60 } },
} as const;
/** One supplement notice (一次性告知): every item asked for at once, each with its reason. */
export const supplementBody = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['materialCode', 'reason'],
        properties: { materialCode: { type: 'string', maxLength: 200 }, reason: { type: 'string', maxLength: 500 } },
      },
    },
  },
} as const;
export const anyObject = { type: 'object', additionalProperties: true } as const;
export const CLERKS = ['window_clerk', 'admin'] as const;
export const APPLY = ['applicant', 'window_clerk', 'admin'] as const;
export const WORKERS = ['department_officer', 'window_clerk', 'admin'] as const;

export const pdf = (reply: FastifyReply, bytes: Buffer, name: string, download = false) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(bytes);

/**
 * How every window routes file starts: multipart parsing (the window's routes were one scope,
 * so a multipart request to any of them is parsed and refused alike) and the window's context.
 */
export async function windowScope(app: TypedApp, deps: AppDeps): Promise<WindowContext> {
  await app.register(multipart, { limits: { fileSize: maxFileBytes(), files: 1, fields: 5, fieldSize: 1000, parts: 6 } });
  return windowContext(deps.store.db, { now: deps.now });
}
