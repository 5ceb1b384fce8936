// The closed loop of a 差评 (差评整改), as a pure state machine:
//
//   verifying ──verify──► rectifying ──rectify (with evidence)──► rectified ──follow-up──► closed
//                           │   ▲                                      (anonymous: close without one)
//                      appeal│   │appeal rejected
//                           ▼   │
//                          appealed ──appeal upheld──► excluded (the rating leaves the scores)
//
// Deadlines are civil dates computed by the caller from the working-day calendar; this module
// only compares them. Every refusal is a RatingError and leaves the case as it was.
import { RatingError, type Text } from './model.js';

export const CASE_STATUSES = ['verifying', 'rectifying', 'appealed', 'rectified', 'closed', 'excluded'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, Text> = {
  verifying: { zh: '待核实', en: 'To verify' },
  rectifying: { zh: '整改中', en: 'Rectifying' },
  appealed: { zh: '申诉中', en: 'Appealed' },
  rectified: { zh: '已整改待回访', en: 'Rectified, to follow up' },
  closed: { zh: '已办结', en: 'Closed' },
  excluded: { zh: '申诉成立（不计分）', en: 'Appeal upheld (not scored)' },
};

export const APPEAL_GROUNDS = ['mistaken', 'malicious'] as const;
export type AppealGround = (typeof APPEAL_GROUNDS)[number];
export const APPEAL_GROUND_LABELS: Record<AppealGround, Text> = {
  mistaken: { zh: '误评', en: 'Mistaken rating' },
  malicious: { zh: '恶意差评', en: 'Malicious rating' },
};

export const FOLLOW_UP_METHODS = ['call', 'visit'] as const;
export type FollowUpMethod = (typeof FOLLOW_UP_METHODS)[number];
export const FOLLOW_UP_LABELS: Record<FollowUpMethod, Text> = {
  call: { zh: '电话回访', en: 'Phone call' },
  visit: { zh: '上门回访', en: 'Visit' },
};

export interface Evidence {
  name: string;
  note: string;
}

/** The part of a case the rules read and write. */
export interface CaseState {
  status: CaseStatus;
  /** Real-name 差评 must be followed up (回访) before closing: 100 %. */
  anonymous: boolean;
  /** 'YYYY-MM-DD', set on verification. */
  rectifyDue: string | null;
  appealDue: string | null;
  rectifiedOnTime: boolean | null;
  followedUp: boolean;
}

export type CaseCommand =
  | { kind: 'verify'; note: string; rectifyDue: string; appealDue: string }
  | { kind: 'rectify'; measures: string; feedback: string; evidence: Evidence[] }
  | { kind: 'appeal'; ground: AppealGround; statement: string }
  | { kind: 'review_appeal'; upheld: boolean; note: string }
  | { kind: 'follow_up'; method: FollowUpMethod; reached: boolean; satisfied: boolean | null; note: string }
  | { kind: 'close'; note: string };

export type CaseAction = CaseCommand['kind'];

/** Which roles may give each command (the store also checks region and department). */
export const ACTION_ROLES: Record<CaseAction, readonly string[]> = {
  verify: ['admin', 'reform_office'],
  rectify: ['department_officer', 'admin'],
  appeal: ['department_officer', 'admin'],
  review_appeal: ['admin', 'reform_office'],
  follow_up: ['admin', 'reform_office', 'department_officer'],
  close: ['admin', 'reform_office'],
};

const FROM: Record<CaseAction, readonly CaseStatus[]> = {
  verify: ['verifying'],
  rectify: ['rectifying'],
  appeal: ['rectifying'],
  review_appeal: ['appealed'],
  follow_up: ['rectified'],
  close: ['rectified'],
};

const ACTION_LABELS: Record<CaseAction, Text> = {
  verify: { zh: '核实', en: 'verify' },
  rectify: { zh: '整改', en: 'rectify' },
  appeal: { zh: '申诉', en: 'appeal' },
  review_appeal: { zh: '申诉审核', en: 'review the appeal' },
  follow_up: { zh: '回访', en: 'follow up' },
  close: { zh: '办结', en: 'close' },
};

/** The commands a case in this status accepts. */
export function allowedActions(status: CaseStatus): CaseAction[] {
  return (Object.keys(FROM) as CaseAction[]).filter((a) => FROM[a].includes(status));
}

/** The next state after a command given on `today` ('YYYY-MM-DD', Asia/Shanghai), or a RatingError. */
export function applyCaseCommand(state: CaseState, command: CaseCommand, today: string): CaseState {
  if (!FROM[command.kind].includes(state.status)) {
    throw new RatingError(
      'wrong_state',
      {
        zh: `该差评处于「${CASE_STATUS_LABELS[state.status].zh}」，不能${ACTION_LABELS[command.kind].zh}`,
        en: `a case that is ${CASE_STATUS_LABELS[state.status].en.toLowerCase()} cannot ${ACTION_LABELS[command.kind].en}`,
      },
      { status: state.status, action: command.kind },
    );
  }
  switch (command.kind) {
    case 'verify':
      if (command.rectifyDue < today || command.appealDue < today)
        throw new RatingError('invalid_input', { zh: '整改和申诉期限不能早于今天', en: 'the rectification and appeal deadlines cannot lie before today' });
      return { ...state, status: 'rectifying', rectifyDue: command.rectifyDue, appealDue: command.appealDue };
    case 'rectify': {
      const evidence = command.evidence.filter((e) => e.name.trim() !== '');
      if (evidence.length === 0 || command.measures.trim() === '') {
        throw new RatingError('evidence_required', { zh: '整改须写明整改措施并附整改证据', en: 'a rectification needs its measures and at least one piece of evidence' });
      }
      if (command.feedback.trim() === '') throw new RatingError('invalid_input', { zh: '须填写给评价人的反馈', en: 'the feedback to the rater is required' });
      return { ...state, status: 'rectified', rectifiedOnTime: state.rectifyDue !== null && today <= state.rectifyDue };
    }
    case 'appeal':
      if (state.appealDue !== null && today > state.appealDue) {
        throw new RatingError(
          'appeal_deadline_passed',
          { zh: `申诉期限已过（截至 ${state.appealDue}）`, en: `the appeal deadline has passed (it was ${state.appealDue})` },
          { appealDue: state.appealDue },
        );
      }
      if (command.statement.trim() === '') throw new RatingError('invalid_input', { zh: '申诉须写明理由', en: 'an appeal needs a statement of its grounds' });
      return { ...state, status: 'appealed' };
    case 'review_appeal':
      if (command.note.trim() === '') throw new RatingError('invalid_input', { zh: '申诉审核须写明意见', en: 'an appeal decision needs its reasons' });
      return { ...state, status: command.upheld ? 'excluded' : 'rectifying' };
    case 'follow_up':
      if (command.reached && command.satisfied === null)
        throw new RatingError('invalid_input', { zh: '回访接通时须记录评价人是否满意', en: 'a follow-up that reached the rater records whether they are satisfied' });
      // A call that did not reach the rater is recorded but does not close the case.
      return command.reached ? { ...state, status: 'closed', followedUp: true } : state;
    case 'close':
      if (!state.anonymous)
        throw new RatingError('follow_up_required', { zh: '实名差评须回访后办结（回访率 100%）', en: 'a real-name 差评 is closed by its follow-up (every one is followed up)' });
      return { ...state, status: 'closed' };
  }
}
