// The enterprise-service facade: what HTTP routes and the CLI call.
import './rating-source.js';

export * from './service.js';
export { rosterTemplate } from './roster.js';
export { DEFAULT_TIER_RULES, EnterpriseError, ENTERPRISE_ERROR_STATUS, REQUEST_STATUSES, type TierRule } from './model.js';
