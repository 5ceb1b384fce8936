// The engine's commands on one instance: state and a command in, the changed state and its
// effects out (../core.ts runs them). The memory engine and the durable engine call only these.
export type { CommandResult } from './bounded.js';
export { startInstance, type StartOptions } from './start.js';
export { completeTask, fireTimer, runContinuation, completeJob, failJob, throwJobError, correlateMessage, completeCallActivity, type CompleteTaskOptions } from './waits.js';
export { resolveIncident } from './incidents.js';
export { cancelInstance, setInstanceVariables } from './cancel.js';
export type { EngineOptions } from '../core.js';
