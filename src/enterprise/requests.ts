// The lifecycle of a request (诉求) as pure functions: deadlines from the tier's targets on
// the working-day calendar, each step in order, and what the sweep escalates.
import type { WorkCalendar } from '../calendar/index.js';
import { EnterpriseError, REQUEST_STATUS_LABELS, type RequestState, type RequestStatus, type TierRule } from './model.js';

export type RequestAction = { type: 'contact'; note: string } | { type: 'answer'; answer: string } | { type: 'close' } | { type: 'escalate' };

const ALLOWED_FROM: Record<RequestAction['type'], readonly RequestStatus[]> = {
  contact: ['submitted'],
  answer: ['contacted'],
  close: ['answered'],
  escalate: ['submitted', 'contacted'],
};

/**
 * First contact is due by the end of the working day `firstContactWorkdays` after filing (0:
 * the day of filing, moved to the next working day when filed on a day off); the answer
 * `answerWorkdays` after filing. End of day = 17:30 Asia/Shanghai, the close of business.
 */
export function requestDeadlines(calendar: WorkCalendar, filedAt: Date, rule: Pick<TierRule, 'firstContactWorkdays' | 'answerWorkdays'>): { contactDue: Date; answerDue: Date } {
  const endOf = (date: string) => new Date(`${date}T17:30:00+08:00`);
  const filedOn = new Date(filedAt.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  const base = calendar.isWorkday(filedOn) ? filedOn : calendar.addWorkdays(filedOn, 1);
  const after = (n: number) => (n === 0 ? base : calendar.addWorkdays(base, n));
  return { contactDue: endOf(after(rule.firstContactWorkdays)), answerDue: endOf(after(rule.answerWorkdays)) };
}

export function newRequestState(due: { contactDue: Date; answerDue: Date }): RequestState {
  return { status: 'submitted', ...due, contactedAt: null, contactedLate: null, answeredAt: null, answeredLate: null, answer: '', closedAt: null, escalated: false };
}

export function requestTransition(state: RequestState, action: RequestAction, now: Date): RequestState {
  if (!ALLOWED_FROM[action.type].includes(state.status)) {
    const label = REQUEST_STATUS_LABELS[state.status];
    throw new EnterpriseError(
      'conflict',
      { zh: `诉求${label.zh}，不能执行此操作（${action.type}）`, en: `the request is ${label.en.toLowerCase()}: ${action.type} is not possible now` },
      { status: state.status, action: action.type },
    );
  }
  switch (action.type) {
    case 'contact':
      return { ...state, status: 'contacted', contactedAt: now, contactedLate: now > state.contactDue };
    case 'answer':
      if (!action.answer.trim()) throw new EnterpriseError('invalid', { zh: '请填写答复内容', en: 'the answer is empty' }, { field: 'answer' });
      return { ...state, status: 'answered', answeredAt: now, answeredLate: now > state.answerDue, answer: action.answer.trim() };
    case 'close':
      return { ...state, status: 'closed', closedAt: now };
    case 'escalate':
      if (state.escalated) throw new EnterpriseError('conflict', { zh: '诉求已提级', en: 'the request is already escalated' });
      return { ...state, escalated: true };
  }
}

/** Which target a still-open request has missed at `now`: what the sweep escalates to the leader. */
export function missedTarget(state: RequestState, now: Date): 'contact' | 'answer' | null {
  // Past both targets, the answer's is the one that counts (the later, higher rung).
  if ((state.status === 'submitted' || state.status === 'contacted') && now > state.answerDue) return 'answer';
  if (state.status === 'submitted' && now > state.contactDue) return 'contact';
  return null;
}

/** 诉求's escalation ladder: its service officer → the officer's department (first contact missed) → the leader (the answer missed). */
export const REQUEST_RUNGS = ['officer', 'department', 'leader'] as const;
export type RequestRung = (typeof REQUEST_RUNGS)[number];

/** The rung an open request belongs on at `now`: the sweep climbs it there, never down. */
export function rungFor(state: RequestState, now: Date): RequestRung {
  if (state.status !== 'submitted' && state.status !== 'contacted') return 'officer';
  // A request never contacted by its answer's deadline has missed both: the answer's rung counts.
  if (now > state.answerDue) return 'leader';
  return state.status === 'submitted' && now > state.contactDue ? 'department' : 'officer';
}
