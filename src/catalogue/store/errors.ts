// The catalogue's refusal, answered by the HTTP layer's one mapper and printed by the CLI.
import type { ImportProblem } from '../files/tabular.js';
import type { Removal } from '../removals.js';
import type { Reason } from '../validate.js';
import { DomainError, type RefusalStatus, type StatusTable } from '../../shared/errors.js';

export type CatalogueErrorCode = 'forbidden' | 'not_found' | 'invalid' | 'conflict';

const CATALOGUE_ERROR_STATUS: StatusTable<CatalogueErrorCode> = { forbidden: 403, not_found: 404, invalid: 422, conflict: 409 };

/** The status, public code, message and details a catalogue refusal is answered with. */
function catalogueRefusal(code: CatalogueErrorCode, reason: Reason, problems: ImportProblem[], removals: Removal[]): [RefusalStatus, string, Reason, unknown] {
  if (removals.length > 0) return [409, 'removals_need_confirmation', reason, { removals }];
  const publicCode = code === 'invalid' && problems.length > 0 ? 'catalogue_problems' : code;
  return [CATALOGUE_ERROR_STATUS[code], publicCode, reason, problems.length > 0 ? { problems } : undefined];
}

/**
 * Answered 403, 404, 409 or 422 and printed by the CLI. An invalid file is `catalogue_problems`
 * with its problems; an import that would take matters away is `removals_need_confirmation`.
 */
export class CatalogueError extends DomainError {
  constructor(
    readonly code: CatalogueErrorCode,
    readonly reason: Reason,
    readonly problems: ImportProblem[] = [],
    /** A `conflict` with the file as confirmed: what the import would take away (it needs allowRemovals). */
    readonly removals: Removal[] = [],
  ) {
    super(...catalogueRefusal(code, reason, problems, removals));
  }
}
