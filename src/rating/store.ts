// Ratings and their rectification cases in the database: give a rating (a 差评 opens its case
// on the facts), read within the caller's scope, and move a case through its loop. Every
// command is one transaction with its audit row; a refusal writes nothing. The work is in
// ./store/: the tables, the county's rules, giving ratings, reading them, the rectification
// cases and the default ratings; this module is what the rest of Zaizao imports.
export type { RatingsTable, RatingCasesTable, RatingCaseEventsTable, RatingRulesTable } from './store/tables.js';
export { countyOf } from './store/tables.js';
export { loadRules, setRules } from './store/rules.js';
export { rate, rateByLink, issueRatingLink, linkTarget, rateWithLink, type RateInput, type IssuedLink } from './store/ratings.js';
export { listRatings, myRateable, departmentCodeOf, type RatingQuery, type RateableItem } from './store/lists.js';
export { listCases, getCase, actOnCase, type CaseEventView, type CaseView, type CaseDetail, type CaseQuery, type CaseInput } from './store/cases.js';
export { DEFAULT_LEVEL, DEFAULT_BATCH, giveDefaultRatings, startDefaultRatingSweep } from './store/defaults.js';
