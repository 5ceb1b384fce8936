// What the cases' routes files (src/http/routes/cases*.ts) share: their refusals and schemas.
import { refusals } from '../schemas.js';

export const errors = refusals(400, 403, 404, 409, 413, 422);
export const anyObject = { type: 'object', additionalProperties: true } as const;
export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
export const text = (max: number) => ({ type: 'string', maxLength: max }) as const;
/** A region code (GB/T 2260 and below: six to twenty digits). */
export const regionCode = { type: 'string', pattern: '^\\d{6,20}$' } as const;
/** A category code in a configuration row, or * for every category. */
export const ruleCategory = { type: 'string', pattern: '^(\\*|[A-Za-z0-9_-]{1,32})$' } as const;
