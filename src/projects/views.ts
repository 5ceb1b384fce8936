// The major-projects facade, reads: the board by milestone (board.ts), one project with its
// Gantt chart, approvals and their predicted path, and timeline (project-view.ts,
// approval-predictions.ts), the leader's escalated blockers, the coordination meetings' agendas
// and follow-up items (coordination-views.ts). Every read is scoped to the caller.
export { PREDICTION_MIN_SAMPLE } from './approval-predictions.js';
export { projectBoard, type BoardProject } from './board.js';
export { getProject } from './project-view.js';
export { coordinationMeetings, escalatedBlockers, listItems, type EscalatedBlocker } from './coordination-views.js';
