// The major-projects facade: what HTTP routes and the CLI call.
export * from './service.js';
export * from './views.js';
export { sweepAll } from './sweeper.js';
export { BLOCKER_LEVELS, DEFAULT_MILESTONE_TEMPLATE, PROJECT_ERROR_STATUS, PROJECT_LEVELS, ProjectError } from './model.js';
export { startProjectSweeper } from './sweeper.js';
