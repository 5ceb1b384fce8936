// The enterprise-service facade: every command and query the HTTP routes and the CLI call —
// tier rules (tier-rules.ts), the roster workbook (roster-files.ts), enterprises, officers and
// visits (enterprises.ts), requests filed and moved (request-commands.ts), read
// (request-views.ts) and swept (request-sweep.ts). Each command checks its input whole, then
// writes its rows and the audit row in one transaction — bad input or a forbidden step changes nothing.
export type { Clocked } from './commands.js';
export { getTierRules, setTierRules } from './tier-rules.js';
export { exportRoster, importRoster, type RosterImportResult } from './roster-files.js';
export { assignOfficer, getEnterprise, listEnterprises, recordVisit } from './enterprises.js';
export { fileRequest, requestStep, type RequestStep } from './request-commands.js';
export { getRequest, listRequests, REQUEST_VIEWS, requestsByTier, type RequestListView, type RequestView } from './request-views.js';
export { sweepRequests } from './request-sweep.js';
