// Bounds at the HTTP boundary: a JSON body nested deeper than the limit is refused before it
// is parsed (400 too_deep), and every integer a route takes in its path, query or body is
// bounded to PostgreSQL's integer range so an id or offset like 1e20 is a 400, not a database error.
import type { FastifyInstance, FastifySchema } from 'fastify';
import { inputLimits, jsonTextDepth, tooDeep } from '../shared/bounds.js';
import { HttpError } from './errors.js';

/** An escaped NUL or an unpaired surrogate escape (after an even number of backslashes, so not itself escaped). */
const UNSTORABLE = /(?<!\\)(?:\\\\)*(\\u0000|\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2})/;

/** Largest value of PostgreSQL's `integer` (ids, versions, offsets, limits). */
export const MAX_INT = 2_147_483_647;

export function installJsonDepthLimit(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'ignore');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const { maxDepth } = inputLimits();
    if (jsonTextDepth(body as string, maxDepth) < 0) {
      done(new HttpError(400, 'too_deep', tooDeep(maxDepth), { limit: maxDepth }), undefined);
      return;
    }
    // PostgreSQL text and jsonb cannot hold U+0000, and a lone surrogate is no character:
    // refuse them here rather than fail in the database or be silently replaced.
    const bad = UNSTORABLE.exec(body as string);
    if (bad) {
      done(
        new HttpError(400, 'invalid_text', {
          zh: `请求中含有无法保存的字符 ${bad[0]}（空字符或不成对的代理项）`,
          en: `the request holds a character that cannot be stored: ${bad[0]} (NUL or an unpaired surrogate)`,
        }),
        undefined,
      );
      return;
    }
    parseJson(request, body as string, done);
  });
}

/** Gives every integer without a maximum in a route's params, query and body schema the integer range's. */
export function boundIntegers(schema: FastifySchema | undefined): void {
  if (!schema) return;
  for (const part of [schema.params, schema.querystring, schema.body]) bound(part, 0);
}

function bound(node: unknown, depth: number): void {
  if (typeof node !== 'object' || node === null || depth > 32) return;
  const s = node as Record<string, unknown>;
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (types.includes('integer')) {
    if (s.maximum === undefined && s.exclusiveMaximum === undefined) s.maximum = MAX_INT;
    if (s.minimum === undefined && s.exclusiveMinimum === undefined) s.minimum = -MAX_INT - 1;
  }
  for (const key of ['properties', 'patternProperties', 'definitions', '$defs']) {
    const map = s[key];
    if (map && typeof map === 'object') for (const child of Object.values(map)) bound(child, depth + 1);
  }
  for (const key of ['items', 'additionalProperties', 'not', 'then', 'else', 'if']) bound(s[key], depth + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) if (Array.isArray(s[key])) for (const child of s[key]) bound(child, depth + 1);
}

const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Path and query values with a NUL or an unpaired surrogate (%00, %ED%A0%80) are refused like such bodies. */
export function installTextChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const part of [request.params, request.query]) {
      if (!part || typeof part !== 'object') continue;
      for (const [key, value] of Object.entries(part as Record<string, unknown>)) {
        const values = Array.isArray(value) ? value : [value];
        if (values.some((v) => typeof v === 'string' && BAD_TEXT.test(v))) {
          throw new HttpError(400, 'invalid_text', {
            zh: `${key} 含有无法保存的字符（空字符或不成对的代理项）`,
            en: `${key} holds a character that cannot be stored (NUL or an unpaired surrogate)`,
          });
        }
      }
    }
  });
}
