// What the analyzer's routes files (src/http/routes/analyze*.ts) share: answer schemas, the
// region a request may name, refusals.
import { refusals } from '../schemas.js';

export const text = { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const;
export const free = { type: 'object', additionalProperties: true } as const;
export const errors = refusals(400, 403, 404, 422);
export const regionCode = { type: 'string', pattern: '^\\d{1,12}$' } as const;

/** A finding with its key, department, matter name and the office's decision on it. */
export const findingSchema = {
  type: 'object',
  properties: {
    key: { type: 'string' },
    rule: { type: 'string' },
    severity: { type: 'string' },
    matter: { type: 'string' },
    matterName: { type: 'string' },
    departmentCode: { type: 'string' },
    location: { type: 'object', properties: { matter: { type: 'string' }, step: { type: 'string' }, material: { type: 'string' }, prerequisite: { type: 'string' } } },
    message: text,
    fix: free,
    details: free,
    decision: { type: 'object', properties: { decision: { type: 'string' }, reason: { type: 'string' }, decidedBy: { type: 'string' }, decidedAt: { type: 'string' } } },
  },
} as const;
