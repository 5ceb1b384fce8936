// What the bundles' routes files (src/http/routes/bundle*.ts) share: the refusals, the
// bundle's answer schema, the decisions of form fields, the id and version parameters.
import { FIELD_TYPES } from '../../catalogue/index.js';
import { refusals } from '../schemas.js';

export const errors = refusals(400, 403, 404, 409, 422);

// A figure added after a bundle was saved is null in that bundle (bundle/model.ts LATER_FIGURE_KEYS).
export const figures = { type: 'object', additionalProperties: { type: ['number', 'null'] } } as const;
export const decisionsSchema = {
  type: 'object',
  maxProperties: 200,
  additionalProperties: {
    type: 'object',
    additionalProperties: false,
    properties: {
      type: { type: 'string', enum: [...FIELD_TYPES] },
      unit: { type: 'string', maxLength: 20 },
      options: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 100 } },
    },
  },
} as const;
export const summaryProps = {
  id: { type: 'integer' },
  regionCode: { type: 'string' },
  name: { type: 'string' },
  status: { type: 'string', enum: ['draft', 'published'] },
  leadDepartmentCode: { type: 'string' },
  departments: { type: 'array', items: { type: 'string' } },
  latestVersion: { type: 'integer' },
  publishedVersion: { type: ['integer', 'null'] },
  serviceCode: { type: ['string', 'null'] },
  processKey: { type: 'string' },
  deploymentId: { type: ['integer', 'null'] },
  createdBy: { type: 'string' },
  createdAt: { type: 'string' },
  updatedAt: { type: 'string' },
  publishedAt: { type: ['string', 'null'] },
  before: figures,
  after: figures,
} as const;
export const bundleSchema = {
  type: 'object',
  properties: {
    ...summaryProps,
    version: { type: 'integer' },
    matterCodes: { type: 'array', items: { type: 'string' } },
    decisions: { type: 'object', additionalProperties: true },
    vetoes: { type: 'array', items: { type: 'object', additionalProperties: true } },
    publishChanges: { type: ['object', 'null'], additionalProperties: true },
    matterNames: { type: 'object', additionalProperties: { type: 'string' } },
    note: { type: 'string' },
    versionCreatedBy: { type: 'string' },
    versionCreatedAt: { type: 'string' },
    draft: { type: 'object', additionalProperties: true },
  },
} as const;
export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
export const versionQuery = { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 } } } as const;
