// The cases facade: every command and read the HTTP routes (and Open311) call. Each command
// checks its input whole, then changes the case, writes the case's event and the audit row in
// one transaction — bad input, a forbidden step or a step out of order changes nothing.
export type { Clocked } from './commands.js';
export { unitFor } from './units.js';
export { fileReport, findDuplicates, reportCase, type DuplicateCandidate, type FiledReport, type NewCase } from './intake.js';
export { takeStep, type StepInput } from './steps.js';
export { reportIn, whistle } from './whistles.js';
export { sweepOverdue } from './escalation.js';
export { BOARD_COUNT_CAP, BOARD_VIEWS, boardCounts, getCase, getPhoto, LIST_TOTAL_CAP, listCases, scoped, type BoardCounts, type BoardView, type ListQuery } from './queries.js';
