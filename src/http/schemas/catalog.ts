// What the catalogue's routes files (src/http/routes/catalog*.ts) share: limits, schemas and helpers.
import { HttpError } from '../errors.js';
import { refusals } from '../schemas.js';

/** Catalogue files travel base64-encoded in the JSON body; allow large ones on these routes. */
export const IMPORT_LIMIT = 100 * 1024 * 1024;
export const ATTACHMENT_LIMIT = 30 * 1024 * 1024;

export const anyObject = { type: 'object', additionalProperties: true } as const;
export const errors = refusals(400, 403, 404, 409, 422);
export const codeParam = { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 1, maxLength: 100 } } } as const;
export const idParam = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
export const versionRef = {
  anyOf: [
    { type: 'integer', minimum: 1 },
    { type: 'string', enum: ['as_is', 'to_be', 'latest'] },
  ],
} as const;
export const problemSchema = {
  type: 'object',
  properties: {
    sheet: { type: 'string' },
    row: { type: 'integer' },
    column: { type: 'string' },
    value: { type: 'string' },
    reason: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
  },
} as const;
export const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';

export function attachment(name: string): string {
  return `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function decodeBase64(content: string, field: string): Buffer {
  if (!/^[A-Za-z0-9+/=\r\n]*$/.test(content)) throw new HttpError(400, 'validation', { zh: `${field} 不是有效的 base64`, en: `${field} is not valid base64` });
  return Buffer.from(content, 'base64');
}

export const ledgerInputSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['departmentCode', 'matterCodes', 'problem', 'measure', 'owner', 'deadlineWorkdays'],
  properties: {
    departmentCode: { type: 'string', minLength: 1, maxLength: 100 },
    matterCodes: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'string', minLength: 1, maxLength: 100 } },
    problem: { type: 'string', minLength: 1, maxLength: 5000 },
    measure: { type: 'string', minLength: 1, maxLength: 5000 },
    owner: { type: 'string', minLength: 1, maxLength: 200 },
    startDate: { type: 'string', pattern: ISO_DATE },
    deadlineWorkdays: { type: 'integer', minimum: 0, maximum: 1000 },
  },
} as const;
