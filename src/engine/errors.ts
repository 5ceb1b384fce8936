// Errors the engine reports to its callers: not_found 404, conflict 409, invalid 400,
// unsupported 422, forbidden 403. The engine words them in English; the Chinese message names
// the kind of refusal before the English detail.
import { DomainError, type StatusTable } from '../shared/errors.js';

export type EngineErrorCode = 'not_found' | 'conflict' | 'invalid' | 'unsupported' | 'forbidden';

const ENGINE_ERROR_STATUS: StatusTable<EngineErrorCode> = { not_found: 404, conflict: 409, invalid: 400, unsupported: 422, forbidden: 403 };
const ZH: Record<EngineErrorCode, string> = {
  not_found: '未找到',
  conflict: '操作冲突：该任务或流程已变化',
  invalid: '请求不合法',
  unsupported: '模型使用了不支持的元素',
  forbidden: '无权操作',
};

export class EngineError extends DomainError {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(ENGINE_ERROR_STATUS[code], code, { zh: `${ZH[code]}：${message}`, en: message }, details);
  }
}

/** The command lost a race or came too late: the task, job or instance has moved on. HTTP 409. */
export class ConflictError extends EngineError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends EngineError {
  constructor(message: string) {
    super('not_found', message);
    this.name = 'NotFoundError';
  }
}

/** Form data or variables that do not fit. HTTP 400. */
export class InvalidInputError extends EngineError {
  constructor(message: string, details?: unknown) {
    super('invalid', message, details);
    this.name = 'InvalidInputError';
  }
}

/**
 * Something in the model cannot proceed at run time (no outgoing flow matches, a timer
 * expression gives no duration, an error nobody catches). The element waits with an
 * incident until someone fixes the data and resolves it.
 */
export class IncidentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IncidentError';
  }
}
