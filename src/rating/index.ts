// The rating capability's one entry point: what the HTTP routes and the CLI call (lint keeps
// them from importing the modules below it).
export { board } from './board.js';
export { ratingsXlsx } from './export.js';
export { CHANNELS, EVALUATIONS, OCCURRENCE_KINDS, RatingError } from './model.js';
export { DIMENSIONS, type Dimension, type Period, monthPeriod, publishRanking, ranking, rankingHistory } from './rankings.js';
export { APPEAL_GROUNDS, CASE_STATUSES, FOLLOW_UP_METHODS } from './rectification.js';
export { boardReportPdf } from './report.js';
export {
  type CaseInput,
  actOnCase,
  getCase,
  giveDefaultRatings,
  issueRatingLink,
  linkTarget,
  listCases,
  listRatings,
  loadRules,
  myRateable,
  rate,
  rateWithLink,
  setRules,
  startDefaultRatingSweep,
} from './store.js';
export { endVisit, getVisit, listVisits, openVisit } from './visits.js';
