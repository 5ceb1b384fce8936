// Errors the engine reports to its callers. `code` maps to HTTP: not_found 404,
// conflict 409, invalid 400 / 422, unsupported 422.
export type EngineErrorCode = 'not_found' | 'conflict' | 'invalid' | 'unsupported' | 'forbidden';

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'EngineError';
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
