// Refusals the HTTP layer itself makes (bad input it checks, sign-in, rate limits): the same base
// as every capability's errors, so app.ts answers all of them through one mapper.
import { outOfScopeMessage } from '../org/index.js';
import { DomainError, type RefusalStatus } from '../shared/errors.js';

export { DomainError };
export interface FieldProblem {
  field: string;
  message: { zh: string; en: string };
}

export class HttpError extends DomainError {
  // Plain fields, not getters: Fastify writes `statusCode` onto the validation errors it is handed.
  readonly statusCode: RefusalStatus;
  readonly code: string;
  constructor(statusCode: RefusalStatus, code: string, messages: { zh: string; en: string }, details?: unknown) {
    super(statusCode, code, messages, details);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export const notFound = (what: string, id: string | number) => new HttpError(404, 'not_found', { zh: `未找到${what}：${id}`, en: `${what} not found: ${id}` });

/** A record that exists outside the caller's scope: 403, saying so (never "not found"). */
export const outOfScope = (what: { zh: string; en: string }, id: string | number) => new HttpError(403, 'forbidden', outOfScopeMessage(what, id));

export const forbidden = (why = { zh: '无权访问', en: 'not allowed for your role or region' }) => new HttpError(403, 'forbidden', why);

export const conflict = (messages: { zh: string; en: string }, details?: unknown) => new HttpError(409, 'conflict', messages, details);

export const badRequest = (messages: { zh: string; en: string }, details?: unknown) => new HttpError(400, 'bad_request', messages, details);
