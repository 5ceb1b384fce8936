// What the engine's routes files (src/http/routes/engine*.ts) share: their request and answer
// schemas and refusals.
import { refusals } from '../schemas.js';

export const errors = refusals(400, 403, 404, 409, 422);
export const anyObject = { type: 'object', additionalProperties: true } as const;
/** Process variables a command hands the engine. */
export const variables = { type: 'object', additionalProperties: true, maxProperties: 200 } as const;
/** An instance, task or incident by its id. */
export const idParams = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;
/** A deployment by its number. */
export const numericId = { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } } as const;

export const taskSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    instanceId: { type: 'string' },
    processId: { type: 'string' },
    elementId: { type: 'string' },
    name: { type: 'string' },
    candidates: anyObject,
    assignee: { type: 'string' },
    formKey: { type: 'string' },
    form: { type: 'array', items: anyObject },
    context: anyObject,
    createdAt: { type: 'string' },
    dueAt: { type: 'string' },
    /** The due date crossed a holiday year that has only its provisional arrangement (暂定). */
    dueProvisional: { type: 'boolean' },
    deadline: { type: 'string', enum: ['none', 'ok', 'due-soon', 'overdue'] },
    /** Worked on behalf of this colleague, who delegated their tasks to the caller. */
    delegatedFrom: { type: 'string' },
  },
} as const;

export const STATUSES = ['active', 'completed', 'terminated', 'cancelled'] as const;
export const instanceSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    regionCode: { type: 'string' },
    deploymentId: { type: 'integer' },
    processKey: { type: 'string' },
    processName: { type: ['string', 'null'] },
    version: { type: 'integer' },
    businessKey: { type: ['string', 'null'] },
    status: { type: 'string', enum: [...STATUSES] },
    startedBy: { type: ['string', 'null'] },
    startedAt: { type: 'string' },
    endedAt: { type: ['string', 'null'] },
  },
} as const;

export const countsSchema = {
  type: 'object',
  properties: {
    deploymentId: { type: 'integer' },
    processKey: { type: 'string' },
    version: { type: 'integer' },
    instances: { type: 'object', additionalProperties: { type: 'integer' } },
    elements: { type: 'array', items: { type: 'object', properties: { elementId: { type: 'string' }, active: { type: 'integer' }, passed: { type: 'integer' } } } },
  },
} as const;
