// The major-projects facade, commands: the milestone template and projects (registration.ts),
// milestones and linked approvals (progress.ts), blockers (blocker-commands.ts) and the ladder
// sweep of blockers and late follow-up items (ladder-sweep.ts), task-force and coordination
// meetings (meetings.ts), follow-up items done (follow-up.ts). Each command checks its input
// whole, then writes its rows and the audit row in one transaction: bad input changes nothing.
export type { Clocked } from './commands.js';
export { loadProject, projectNotFound, projectVisible, type ProjectRow } from './access.js';
export { createProject, getTemplate, MAX_MEMBERS, setTemplate, type NewProject } from './registration.js';
export { linkApproval, setMilestoneDates } from './progress.js';
export { addBlocker, resolveBlocker, type NewBlocker } from './blocker-commands.js';
export { SWEEP_BATCH, sweepBlockers, sweepItems } from './ladder-sweep.js';
export { holdCoordinationMeeting, holdTaskForceMeeting, MAX_DECISIONS, type Decision } from './meetings.js';
export { completeItem } from './follow-up.js';
