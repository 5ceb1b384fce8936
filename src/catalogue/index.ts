// The catalogue capability's one entry point: what the HTTP routes and the CLI call (lint keeps
// them from importing the modules below it).
export { DEMO_SETS, demoCatalogue } from './demo/index.js';
export { matchField, suggestFields } from './fields.js';
export { CONTENT_TYPES, FILE_FORMATS, type FileFormat, type ImportProblem, describeProblem, formatOf, readCatalogueFile, writeCatalogue, writeTemplate } from './files/index.js';
export { generateCatalogue } from './generate.js';
export {
  addLedgerAttachment,
  createLedgerItem,
  deleteLedgerItem,
  exportLedgerReport,
  getLedgerAttachment,
  getLedgerItem,
  listLedger,
  setLedgerStatus,
  updateLedgerItem,
} from './ledger-store.js';
export { matchMaterial, suggestMaterials } from './materials.js';
export { type Catalogue, FIELD_TYPES, LEDGER_STATUSES, type LedgerStatus, MATTER_KINDS, VERSION_STAGES } from './model.js';
export { matterBpmn } from './process.js';
export {
  CatalogueError,
  compareVersions,
  getMatter,
  getVersion,
  importCatalogueFile,
  listMatters,
  listVersions,
  loadCatalogue,
  saveMatterDocument,
  seedDemoCatalogue,
} from './store.js';
