// Bundles in the database: create and revise drafts (each a new version, computed from the
// catalogue as it stands), read and list them within the caller's scope, and publish one
// version — it becomes a service of the catalogue and its process is deployed. Every change
// runs in one transaction with its audit row; bad input saves nothing. The work is in
// ./store/: the tables, the refusal, who may write and see, the reading, the drafts and the
// publishing; this module is what the rest of Zaizao imports.
export type { BundlesTable, BundleVersionsTable } from './store/tables.js';
export { BundleStoreError, type BundleStoreErrorCode } from './store/errors.js';
export { assertWriter } from './store/access.js';
export { getBundle, listBundles, type BundleSummary, type StoredBundle, type BundleListItem } from './store/reading.js';
export { createBundle, reviseBundle, type CreateInput, type ReviseInput, type CatalogueOption } from './store/drafts.js';
export { engineDeployer, publishPreview, publishBundle, type DeployProcess, type PublishOptions, type PublishPreview, type PublishResult } from './store/publish.js';
