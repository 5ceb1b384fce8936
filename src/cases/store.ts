// Cases in the database: the tables (tables.ts), a county's configuration as commands read it
// (county-config.ts), a case's row and state (state-rows.ts) and cases as the API shows them
// (views.ts), re-exported here for the capability's callers. Commands are in service.ts.
export * from './tables.js';
export * from './county-config.js';
export * from './state-rows.js';
export * from './views.js';
