import { describe, expect, it } from 'vitest';
import { checkExpression, evaluate, evaluateCondition, ExpressionError } from './expression.js';
import { addDuration, durationFrom, parseIsoCycle, parseIsoDuration, timerDueAt } from './time.js';

describe('expression language', () => {
  const vars = { amount: 1200, applicant: { age: 17, name: '王五' }, list: [3, 4, 5], flag: true, nrOfCompletedInstances: 2, nrOfInstances: 3 };
  it.each([
    ['= amount > 1000', true],
    ['amount >= 1200 and flag', true],
    ['${amount > 1000 && !flag}', false],
    ['not(flag) or applicant.age < 18', true],
    ['applicant.name = "王五"', true],
    ["applicant.name == '王五'", true],
    ['nrOfCompletedInstances / nrOfInstances >= 2/3', true],
    ['(amount - 200) * 2 % 7', 2000 % 7],
    ['list[1] + count(list) + sum(list)', 4 + 3 + 12],
    ['4 in list', true],
    ['missing.deep.path = null', true],
    ['missing > 3', null],
    ['"P" + amount + "D"', 'P1200D'],
    ['min(list) + max(3, 9) + abs(-2) + floor(2.7) + ceiling(2.1) + round(2.5)', 3 + 9 + 2 + 2 + 3 + 3],
    ['contains("一件事一次办", "一次") and length("abc") = 3 and defined(amount) and not defined(nope)', true],
  ])('%s → %j', (text, expected) => {
    expect(evaluate(text, vars)).toEqual(expected);
  });

  it('a condition holds only when it is exactly true', () => {
    expect(evaluateCondition('missing', vars)).toBe(false);
    expect(evaluateCondition('amount', vars)).toBe(false);
    expect(evaluateCondition('flag', vars)).toBe(true);
  });

  it('cannot reach prototypes, constructors or functions', () => {
    expect(evaluate('applicant.constructor', vars)).toBeNull();
    expect(evaluate('applicant["__proto__"]', vars)).toBeNull();
    expect(evaluate('list.constructor', vars)).toBeNull();
    expect(() => checkExpression('process.exit(1)')).toThrow(ExpressionError);
    expect(() => checkExpression('eval("1")')).toThrow(/unknown function "eval"/);
    expect(() => checkExpression('amount > ')).toThrow(/unexpected end/);
    expect(() => checkExpression('a = = b')).toThrow(ExpressionError);
  });

  it('comparing a number with a text is an error, not a silent false', () => {
    expect(() => evaluate('amount > "1"', vars)).toThrow(/cannot compare/);
  });
});

describe('ISO-8601 time', () => {
  it('parses durations and cycles', () => {
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7S')).toEqual({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 });
    expect(parseIsoDuration('P')).toBeNull();
    expect(parseIsoDuration('PT')).toBeNull();
    expect(parseIsoDuration('2D')).toBeNull();
    expect(parseIsoCycle('R3/PT1H')).toMatchObject({ repetitions: 3, durationText: 'PT1H' });
    expect(parseIsoCycle('R/P1D')!.repetitions).toBe(Infinity);
    expect(parseIsoCycle('R2/2025-10-01T00:00:00+08:00/PT1H')!.start!.toISOString()).toBe('2025-09-30T16:00:00.000Z');
  });

  it('adds months at the end of a month in Asia/Shanghai', () => {
    expect(addDuration(new Date('2025-01-31T10:00:00+08:00'), parseIsoDuration('P1M')!).toISOString()).toBe(new Date('2025-02-28T10:00:00+08:00').toISOString());
  });

  it('refuses years and months on a working-day calendar', () => {
    const cal = { addWorkdaysToInstant: (d: Date) => d, addBusinessSeconds: (d: Date) => d };
    expect(() => durationFrom(new Date(), 'P1M', cal)).toThrow(/years and months/);
  });

  it('a cycle with a start in the future first fires at its start, and stops after its repetitions', () => {
    const from = new Date('2025-09-30T00:00:00Z');
    expect(timerDueAt('cycle', 'R2/2025-10-01T00:00:00Z/PT1H', from, undefined, 0)!.toISOString()).toBe('2025-10-01T00:00:00.000Z');
    expect(timerDueAt('cycle', 'R2/PT1H', from, undefined, 2)).toBeNull();
  });
});
