// What the cases' routes files (src/http/routes/cases*.ts) share: their refusals and schemas.
import { refusals } from '../schemas.js';

export const errors = refusals(400, 403, 404, 409, 413, 422);
export const anyObject = { type: 'object', additionalProperties: true } as const;
export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
export const text = (max: number) => ({ type: 'string', maxLength: max }) as const;
