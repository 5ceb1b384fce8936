// The engine capability's one entry point: what the HTTP routes and the CLI call (lint keeps
// them from importing the modules below it).
export { instanceScopeOf, mayWork, offered } from './access.js';
export { exportBpmn, exportDocument } from './bpmn/export.js';
export { importBpmn, validationExitCode } from './bpmn/import.js';
export { dryRun, shanghaiIso } from './dry-run.js';
export { EngineError } from './errors.js';
export { unstaffedMessage, unstaffedStepsOf } from './staffing.js';
export { type TaskRecord } from './state.js';
export { type EngineCaller, EngineStore, type InstanceQuery } from './store.js';
export { REASON_MAX, delegateTasks, delegatorsOf, listDelegations, mayMoveTask, reassignTask, returnTask, revokeDelegation, stuckDepartments } from './task-commands.js';
