// What the ratings' routes files (src/http/routes/rating*.ts) share: their refusals and schemas.
import { refusals } from '../schemas.js';

export const errors = refusals(400, 403, 404, 409, 410, 422);
export const anyObject = { type: 'object', additionalProperties: true } as const;
export const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } } as const;
export const text = (max: number) => ({ type: 'string', maxLength: max }) as const;
