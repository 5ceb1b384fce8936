// The closed loop of a 差评 as a state machine: verify, rectify with evidence, follow up; appeal within its deadline.
import { describe, expect, it } from 'vitest';
import { RatingError } from './model.js';
import { allowedActions, applyCaseCommand, type CaseState } from './rectification.js';

const opened: CaseState = { status: 'verifying', anonymous: false, rectifyDue: null, appealDue: null, rectifiedOnTime: null, followedUp: false };
const verified = applyCaseCommand(opened, { kind: 'verify', note: '属实', rectifyDue: '2026-12-11', appealDue: '2026-12-09' }, '2026-12-04');
const evidence = [{ name: '整改报告.pdf', note: '已约谈窗口人员' }];

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof RatingError) return e.code;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('rectification', () => {
  it('is verified, then rectified in time, then closed by the follow-up', () => {
    expect(verified).toMatchObject({ status: 'rectifying', rectifyDue: '2026-12-11', appealDue: '2026-12-09' });
    const done = applyCaseCommand(verified, { kind: 'rectify', measures: '优化流程', feedback: '已整改', evidence }, '2026-12-11');
    expect(done).toMatchObject({ status: 'rectified', rectifiedOnTime: true });
    const closed = applyCaseCommand(done, { kind: 'follow_up', method: 'call', reached: true, satisfied: true, note: '满意' }, '2026-12-14');
    expect(closed).toMatchObject({ status: 'closed', followedUp: true });
  });
  it('marks a rectification after its deadline as late', () => {
    expect(applyCaseCommand(verified, { kind: 'rectify', measures: '优化流程', feedback: '已整改', evidence }, '2026-12-14').rectifiedOnTime).toBe(false);
  });
  it('refuses a rectification without evidence or measures', () => {
    expect(refusal(() => applyCaseCommand(verified, { kind: 'rectify', measures: '优化流程', feedback: '已整改', evidence: [] }, '2026-12-05'))).toBe('evidence_required');
    expect(refusal(() => applyCaseCommand(verified, { kind: 'rectify', measures: '优化流程', feedback: '已整改', evidence: [{ name: '  ', note: '' }] }, '2026-12-05'))).toBe(
      'evidence_required',
    );
    expect(refusal(() => applyCaseCommand(verified, { kind: 'rectify', measures: ' ', feedback: '已整改', evidence }, '2026-12-05'))).toBe('evidence_required');
  });
  it('refuses to rectify before verification', () => {
    expect(refusal(() => applyCaseCommand(opened, { kind: 'rectify', measures: 'x', feedback: 'y', evidence }, '2026-12-05'))).toBe('wrong_state');
  });
  it('takes an appeal until its deadline and refuses one after it', () => {
    expect(applyCaseCommand(verified, { kind: 'appeal', ground: 'malicious', statement: '恶意' }, '2026-12-09').status).toBe('appealed');
    expect(refusal(() => applyCaseCommand(verified, { kind: 'appeal', ground: 'malicious', statement: '恶意' }, '2026-12-10'))).toBe('appeal_deadline_passed');
  });
  it('excludes the rating when the appeal is upheld and returns to rectifying when it is rejected', () => {
    const appealed = applyCaseCommand(verified, { kind: 'appeal', ground: 'mistaken', statement: '误评' }, '2026-12-07');
    expect(applyCaseCommand(appealed, { kind: 'review_appeal', upheld: true, note: '查实' }, '2026-12-08').status).toBe('excluded');
    expect(applyCaseCommand(appealed, { kind: 'review_appeal', upheld: false, note: '不成立' }, '2026-12-08').status).toBe('rectifying');
    expect(allowedActions('excluded')).toEqual([]);
  });
  it('closes a real-name case only through a follow-up that reached the rater', () => {
    const done = applyCaseCommand(verified, { kind: 'rectify', measures: 'x', feedback: 'y', evidence }, '2026-12-05');
    expect(refusal(() => applyCaseCommand(done, { kind: 'close', note: '' }, '2026-12-05'))).toBe('follow_up_required');
    expect(applyCaseCommand(done, { kind: 'follow_up', method: 'call', reached: false, satisfied: null, note: '未接通' }, '2026-12-05').status).toBe('rectified');
    expect(applyCaseCommand({ ...done, anonymous: true }, { kind: 'close', note: '匿名评价，无法回访' }, '2026-12-05').status).toBe('closed');
  });
});
