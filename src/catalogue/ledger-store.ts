// The reengineering ledger in the database: items, the matters and versions they are about,
// evidence attachments. Figures are never stored: they are computed from the versions each
// time. Commands check scope, run in one transaction (or the caller's) with their audit row.
// The work is in ./ledger-store/: the tables, who may read and write, deadlines, items,
// attachments and the reading; this module is what the rest of Zaizao imports.
export type { LedgerItemsTable, LedgerItemMattersTable, LedgerAttachmentsTable } from './ledger-store/tables.js';
export { createLedgerItem, updateLedgerItem, setLedgerStatus, deleteLedgerItem, type LedgerItemInput, type LedgerItemPatch } from './ledger-store/items.js';
export { addLedgerAttachment, getLedgerAttachment } from './ledger-store/attachments.js';
export { getLedgerItem, listLedger, exportLedgerReport, type LedgerQuery } from './ledger-store/queries.js';
export { recomputeProvisionalLedgerDeadlines } from './ledger-store/deadlines.js';
