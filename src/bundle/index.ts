// The bundle capability's one entry point: what the HTTP routes and the CLI call (lint keeps
// them from importing the modules below it).
export { acceptedFixKeys } from './accepted.js';
export { createBundleDraft } from './merge.js';
export { type BundleDraft, BundleError, CHECKED_AFTER_DECISION_LABEL, FIGURE_KEYS, FIGURE_LABELS, type FieldDecision, MATERIAL_DISPOSITION_LABELS } from './model.js';
export { decideField, liftVeto, vetoReliance } from './office.js';
export {
  OFFICIAL_FIGURE_KEYS,
  OFFICIAL_STAGES,
  type OfficialFigure,
  listOfficialFigures,
  officialFiguresOf,
  recordOfficialFigure,
  removeOfficialFigure,
} from './official-figures.js';
export { preparePrinting, renderFiguresHtml, renderFormHtml, renderFormPdf, renderLetterHtml, renderLetterPdf } from './print.js';
export { RELIANCE_KIND_LABELS } from './reliances.js';
export { BundleStoreError, type StoredBundle, createBundle, getBundle, listBundles, publishBundle, publishPreview, reviseBundle } from './store.js';
