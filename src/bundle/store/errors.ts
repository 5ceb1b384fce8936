// The bundles' refusal in the database, answered by the HTTP layer's one mapper and printed by the CLI.
import { DomainError, type StatusTable } from '../../shared/errors.js';
import type { Text } from '../model.js';

export type BundleStoreErrorCode = 'forbidden' | 'not_found' | 'conflict' | 'invalid' | 'unstaffed' | 'undecided' | 'confirm_required';

const BUNDLE_STORE_ERROR_STATUS: StatusTable<BundleStoreErrorCode> = {
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 422,
  unstaffed: 409,
  undecided: 409,
  confirm_required: 409,
};

/** Answered 403, 404, 409 and 422 (undecided conflicts and an unconfirmed re-publication: 409); printed by the CLI. */
export class BundleStoreError extends DomainError {
  constructor(
    readonly code: BundleStoreErrorCode,
    messages: Text,
    details?: unknown,
  ) {
    super(BUNDLE_STORE_ERROR_STATUS[code], code, messages, details);
  }
}
