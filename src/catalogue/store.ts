// The catalogue in the database: matters and their versions (each the whole matter as a
// jsonb document, beside the columns lists and filters query by). Every command checks the
// caller's scope (region subtree; department officers only their department), writes in
// one transaction and appends its audit row in it. The work is in ./store/: the tables, the
// refusal, the departments and the checks every write makes, saving one matter's version, the
// import of whole catalogues and the reading; this module is what the rest of Zaizao imports.
export type { MattersTable, MatterVersionsTable } from './store/tables.js';
export { inTransaction } from './store/tables.js';
export { CatalogueError, type CatalogueErrorCode } from './store/errors.js';
export { departmentsByCode, validationContext, departmentNames, type DepartmentRef } from './store/departments.js';
export { saveMatterDocument, saveMatterVersion, versionRow, problemsOf, type SaveVersionOptions } from './store/versions.js';
export { importCatalogue, importCatalogueFile, seedDemoCatalogue, type ImportOptions, type ImportResult, type FileImportResult } from './store/import.js';
export {
  listMatters,
  listVersions,
  getVersion,
  getMatter,
  compareVersions,
  loadCatalogue,
  type MatterSummary,
  type ListQuery,
  type MatterDetail,
  type LoadOptions,
} from './store/queries.js';
