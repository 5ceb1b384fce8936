import type { Store } from '../store/database.js';

/** What route plugins receive. */
export interface AppDeps {
  store: Store;
  /** The clock; tests may fix it. */
  now: () => Date;
}
