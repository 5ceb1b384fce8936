// Tiers by the administrator's criteria, request deadlines on the working-day calendar and the
// request lifecycle: pure functions, no database.
import { describe, expect, it } from 'vitest';
import { createCalendar } from '../calendar/index.js';
import { DEFAULT_TIER_RULES, type TierRule } from './model.js';
import { missedTarget, newRequestState, requestDeadlines, requestTransition, rungFor } from './requests.js';
import { assignTiers, checkRules, tierOf } from './tiers.js';

const firm = (uscc: string, taxPaid: number, designations: string[] = []) => ({ uscc, name: uscc, taxPaid, employees: 10, outputValue: 100, designations });

describe('tiers', () => {
  it('gives the first rule by position whose criteria all hold', () => {
    expect(tierOf(DEFAULT_TIER_RULES, firm('a', 600))?.tier).toBe('A');
    expect(tierOf(DEFAULT_TIER_RULES, firm('b', 10, ['专精特新']))?.tier).toBe('B');
    expect(tierOf(DEFAULT_TIER_RULES, firm('c', 10))?.tier).toBe('C');
  });

  it('refuses a rule that matches no enterprise of the roster, naming it', () => {
    const { problems } = assignTiers(DEFAULT_TIER_RULES, [firm('a', 600), firm('c', 10)]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'rule_matches_nothing', tier: 'B' });
    expect(problems[0].reason.zh).toContain('B');
  });

  it('refuses an enterprise that no rule holds for', () => {
    const onlyA: TierRule[] = [DEFAULT_TIER_RULES[0]];
    const { tiers, problems } = assignTiers(onlyA, [firm('91', 600), firm('92', 1)]);
    expect(tiers.get('91')).toBe('A');
    expect(problems).toEqual([expect.objectContaining({ kind: 'no_tier', uscc: '92' })]);
  });

  it('refuses a catch-all rule before other rules, a duplicate tier and targets out of bounds', () => {
    const [a, b, c] = DEFAULT_TIER_RULES;
    expect(() =>
      checkRules([
        { ...c, position: 1 },
        { ...a, position: 2 },
      ]),
    ).toThrow(/no criteria/);
    expect(() => checkRules([a, { ...b, tier: 'A' }])).toThrow(/given twice/);
    expect(() => checkRules([{ ...a, firstContactWorkdays: 31 }])).toThrow(/first contact/);
    expect(() => checkRules([])).toThrow(/at least one/);
  });
});

describe('request deadlines and lifecycle', () => {
  const cal = createCalendar();
  // Friday 2026-03-06 10:00; Monday 03-09 is the next working day.
  const filed = new Date('2026-03-06T10:00:00+08:00');

  it('counts the tier’s working days from filing to the close of business', () => {
    const due = requestDeadlines(cal, filed, { firstContactWorkdays: 1, answerWorkdays: 3 });
    expect(due.contactDue.toISOString()).toBe(new Date('2026-03-09T17:30:00+08:00').toISOString());
    expect(due.answerDue.toISOString()).toBe(new Date('2026-03-11T17:30:00+08:00').toISOString());
  });

  it('filed on a day off, 0 working days means the next working day', () => {
    const due = requestDeadlines(cal, new Date('2026-03-07T10:00:00+08:00'), { firstContactWorkdays: 0, answerWorkdays: 1 });
    expect(due.contactDue.toISOString()).toBe(new Date('2026-03-09T17:30:00+08:00').toISOString());
  });

  it('takes contact, answer and close in order, marking lateness; a step out of order is refused', () => {
    let s = newRequestState(requestDeadlines(cal, filed, { firstContactWorkdays: 1, answerWorkdays: 3 }));
    expect(() => requestTransition(s, { type: 'close' }, filed)).toThrow(/not possible now/);
    s = requestTransition(s, { type: 'contact', note: '' }, new Date('2026-03-09T09:00:00+08:00'));
    expect(s.contactedLate).toBe(false);
    expect(() => requestTransition(s, { type: 'answer', answer: '  ' }, filed)).toThrow(/empty/);
    s = requestTransition(s, { type: 'answer', answer: '已协调' }, new Date('2026-03-12T09:00:00+08:00'));
    expect(s).toMatchObject({ status: 'answered', answeredLate: true });
    s = requestTransition(s, { type: 'close' }, new Date('2026-03-12T10:00:00+08:00'));
    expect(s.status).toBe('closed');
  });

  it('tells which target an open request missed', () => {
    const s = newRequestState(requestDeadlines(cal, filed, { firstContactWorkdays: 1, answerWorkdays: 3 }));
    expect(missedTarget(s, new Date('2026-03-09T17:00:00+08:00'))).toBeNull();
    expect(missedTarget(s, new Date('2026-03-10T09:00:00+08:00'))).toBe('contact');
    const contacted = requestTransition(s, { type: 'contact', note: '' }, new Date('2026-03-10T09:00:00+08:00'));
    expect(missedTarget(contacted, new Date('2026-03-10T10:00:00+08:00'))).toBeNull();
    expect(missedTarget(contacted, new Date('2026-03-12T09:00:00+08:00'))).toBe('answer');
  });

  it('puts an open request on the rung of the target it missed: the department for contact, the leader for the answer', () => {
    const s = newRequestState(requestDeadlines(cal, filed, { firstContactWorkdays: 1, answerWorkdays: 3 }));
    expect(rungFor(s, new Date('2026-03-09T17:00:00+08:00'))).toBe('officer');
    expect(rungFor(s, new Date('2026-03-10T09:00:00+08:00'))).toBe('department');
    // Never contacted and past the answer's target too: the leader.
    expect(rungFor(s, new Date('2026-03-13T09:00:00+08:00'))).toBe('leader');
    expect(missedTarget(s, new Date('2026-03-13T09:00:00+08:00'))).toBe('answer');
    const answered = requestTransition(requestTransition(s, { type: 'contact', note: '' }, filed), { type: 'answer', answer: '已办' }, filed);
    expect(rungFor(answered, new Date('2026-03-20T09:00:00+08:00'))).toBe('officer');
  });
});
