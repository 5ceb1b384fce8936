// The one base of every refusal a capability makes. A capability throws its own subclass
// (WindowError, CaseError, ...) with a code of its own; the HTTP layer answers every one of them
// through one mapper, and the CLI prints them the same way. Nothing is written before one is thrown.
import type { Text } from './text.js';

/**
 * How a refusal is answered. HTTP's status numbers are the vocabulary here because every
 * caller (the web app, the hall's terminals, the CLI's exit codes) already speaks it.
 */
export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 423 | 429 | 503;

export class DomainError extends Error {
  constructor(
    /** The status the API answers with. */
    readonly status: RefusalStatus,
    /** The stable code callers match (`error.code` in the API's answer). */
    readonly publicCode: string,
    readonly messages: Text,
    /** Which items, fields or rows: for the UI to point at. */
    readonly details?: unknown,
  ) {
    super(messages.en);
    this.name = new.target.name;
  }
}

/** A capability's table of its codes' statuses, checked to be complete by the compiler. */
export type StatusTable<Code extends string> = Record<Code, RefusalStatus>;

/** The answer body of every refusal: `{ error: { code, message: { zh, en }, details } }`. */
export function refusalBody(err: DomainError): { error: { code: string; message: Text; details?: unknown } } {
  return { error: { code: err.publicCode, message: err.messages, details: err.details } };
}
