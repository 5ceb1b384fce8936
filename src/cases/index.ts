// The cases capability's one entry point: what the HTTP routes and the CLI call (lint keeps
// them from importing the modules below it).
export { memo, scopeKey } from './cache.js';
export { apiKeyCounty, createApiKey, listApiKeys, revokeApiKey, saveBoundaries, saveCategory, saveResponsibilities, saveSettings, saveTimeLimits } from './config.js';
export { seedDemoCases } from './demo.js';
export { caseEventLog } from './event-log.js';
export { listRewards, monthlyProblems, monthlyRanking, recordReward } from './figures.js';
export { caseHistoryLog } from './history-log.js';
export { ATTRIBUTE_DATATYPES, CHANNELS, TIERS, URGENCIES } from './model.js';
export { Open311Error } from './open311/errors.js';
export { parseForm } from './open311/form.js';
export { CONTENT_TYPES, type Format, errorBody, toDefinition, toService, xmlList, xmlObject } from './open311/format.js';
export { type RequestQuery, jurisdiction, postRequest, queryRequests, services } from './open311/service.js';
export { monthlyReportPdf, monthlyReportXlsx } from './report.js';
export { countyOf } from './responsibility.js';
export { BOARD_VIEWS, boardCounts, findDuplicates, getCase, getPhoto, listCases, reportCase, reportIn, sweepOverdue, takeStep, whistle } from './service.js';
export { listCategories, loadBoundaries, loadResponsibilities, loadSettings, loadTimeLimits } from './store.js';
export { startCaseSweeper } from './sweeper.js';
export { regionName } from './units.js';
