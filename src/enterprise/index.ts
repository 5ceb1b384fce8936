// The enterprise-service facade: what HTTP routes and the CLI call. Requests are rated as
// occurrences of kind enterprise_request (rating-source.ts, listed in src/rating/sources.ts).

export * from './service.js';
export { rosterTemplate } from './roster.js';
export { DEFAULT_TIER_RULES, EnterpriseError, ENTERPRISE_ERROR_STATUS, REQUEST_STATUSES, type TierRule } from './model.js';
