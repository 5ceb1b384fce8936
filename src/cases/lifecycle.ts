// The lifecycle of a case as one pure function: a state and an action in, the next state
// out, or a CaseError saying why the step is not possible now. Who may take a step is
// decided elsewhere (permissions.ts); deadlines are computed by the caller (limits.ts).
import { CASE_STATUS_LABELS, CaseError, type CaseAction, type CaseState, type CaseStatus, type CaseUnit, type Tier } from './model.js';

/** From which statuses each action may be taken. */
export const ALLOWED_FROM: Record<CaseAction['type'], readonly CaseStatus[]> = {
  assign: ['accepted', 'assigned', 'handling'],
  respond: ['assigned'],
  return: ['assigned', 'handling'],
  escalate: ['assigned', 'handling'],
  flag_leader: ['assigned', 'handling'],
  handle: ['handling'],
  check: ['checking'],
  close: ['checked'],
  evaluate: ['closed'],
};

/** The tier above: a village escalates to its township, a township to a county department. */
export function nextTier(tier: Tier): Tier | null {
  return tier === 'village' ? 'township' : tier === 'township' ? 'department' : null;
}

export function newCaseState(): CaseState {
  return {
    status: 'accepted',
    unit: null,
    transfers: 0,
    bounced: false,
    reopened: 0,
    escalations: 0,
    leaderFlagged: false,
    satisfaction: null,
    statusNotes: '',
    assignedAt: null,
    responseDue: null,
    respondedAt: null,
    respondedLate: null,
    handleDue: null,
    handledAt: null,
    handledLate: null,
    closedAt: null,
    evaluatedAt: null,
  };
}

function sameUnit(a: CaseUnit | null, b: CaseUnit): boolean {
  return !!a && a.tier === b.tier && a.regionCode === b.regionCode && a.departmentId === b.departmentId;
}

function refuse(state: CaseState, action: CaseAction): never {
  if (action.type === 'close' && state.status === 'checking') {
    throw new CaseError('check_required', { zh: '案件未经核查，不能结案', en: 'a case cannot be closed before it is checked on site' });
  }
  const label = CASE_STATUS_LABELS[state.status];
  throw new CaseError(
    'invalid_transition',
    { zh: `案件${label.zh}，不能执行此操作（${action.type}）`, en: `the case is ${label.en.toLowerCase()}: ${action.type} is not possible now` },
    { status: state.status, action: action.type },
  );
}

/** Counting a move to another unit: more than `bounceThreshold` moves flags the case as bounced (推诿). */
function moved(state: CaseState, bounceThreshold: number): Pick<CaseState, 'transfers' | 'bounced'> {
  const transfers = state.transfers + 1;
  return { transfers, bounced: state.bounced || transfers > bounceThreshold };
}

export interface TransitionContext {
  now: Date;
  bounceThreshold: number;
}

export function transition(state: CaseState, action: CaseAction, ctx: TransitionContext): CaseState {
  if (!ALLOWED_FROM[action.type].includes(state.status)) refuse(state, action);
  const { now } = ctx;
  switch (action.type) {
    case 'assign': {
      if (sameUnit(state.unit, action.unit)) throw new CaseError('conflict', { zh: '案件已由该单位承办', en: 'the case is already with that unit' });
      // A first dispatch is not a move; every later change of unit is.
      const counts = state.unit === null && state.transfers === 0 ? { transfers: 0, bounced: state.bounced } : moved(state, ctx.bounceThreshold);
      return { ...state, ...counts, status: 'assigned', unit: action.unit, assignedAt: now, ...dueFields(action.due) };
    }
    case 'respond':
      return { ...state, status: 'handling', respondedAt: now, respondedLate: state.responseDue ? now > state.responseDue : false };
    case 'return':
      return { ...state, ...moved(state, ctx.bounceThreshold), status: 'accepted', unit: null, statusNotes: action.reason };
    case 'escalate': {
      if (!state.unit) refuse(state, action);
      const expected = nextTier(state.unit.tier);
      if (action.unit.tier !== expected) {
        throw new CaseError('invalid_transition', { zh: '只能上报到上一级', en: `a ${state.unit.tier} case escalates to the ${expected ?? 'leader'} tier` });
      }
      return { ...state, status: 'assigned', unit: action.unit, escalations: state.escalations + 1, assignedAt: now, ...dueFields(action.due) };
    }
    case 'flag_leader':
      return { ...state, leaderFlagged: true, escalations: state.escalations + 1 };
    case 'handle':
      return { ...state, status: 'checking', handledAt: now, handledLate: state.handleDue ? now > state.handleDue : false, statusNotes: action.feedback };
    case 'check':
      if (action.passed) return { ...state, status: 'checked', statusNotes: action.note || state.statusNotes };
      // A failed check reopens the case: back to handling on a new handling limit.
      return {
        ...state,
        status: 'handling',
        reopened: state.reopened + 1,
        statusNotes: action.note,
        handledAt: null,
        handledLate: null,
        ...(action.due ? { handleDue: action.due.handleDue } : {}),
      };
    case 'close':
      return { ...state, status: 'closed', closedAt: now, statusNotes: action.note || state.statusNotes };
    case 'evaluate':
      if (!Number.isInteger(action.satisfaction) || action.satisfaction < 1 || action.satisfaction > 5) {
        throw new CaseError('invalid', { zh: '满意度须为 1 到 5', en: 'satisfaction must be 1 to 5' });
      }
      return { ...state, status: 'evaluated', satisfaction: action.satisfaction, evaluatedAt: now };
  }
}

function dueFields(due: { responseDue: Date; handleDue: Date }): Pick<CaseState, 'responseDue' | 'handleDue' | 'respondedAt' | 'respondedLate'> {
  return { responseDue: due.responseDue, handleDue: due.handleDue, respondedAt: null, respondedLate: null };
}

/** Which of a case's deadlines has passed: what the overdue sweep acts on. */
export function overdue(state: CaseState, now: Date): 'response' | 'handling' | null {
  if (state.status === 'assigned' && state.responseDue && now > state.responseDue) return 'response';
  if ((state.status === 'assigned' || state.status === 'handling') && state.handleDue && now > state.handleDue) return 'handling';
  return null;
}
