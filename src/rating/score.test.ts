// Scores and fair rankings: 好评率, the Wilson lower bound, the minimum sample.
import { describe, expect, it } from 'vitest';
import { bayesianAverage, emptyCounts, rankUnits, unitFigures, wilsonLowerBound, type LevelCounts, type UnitInput } from './score.js';

const counts = (c: Partial<LevelCounts>): LevelCounts => ({ ...emptyCounts(), ...c });
const unit = (key: string, c: Partial<LevelCounts>, extra: Partial<UnitInput> = {}): UnitInput => ({
  key,
  name: key,
  counts: counts(c),
  rectified: 0,
  rectifiedOnTime: 0,
  appealsUpheld: 0,
  ...extra,
});

describe('unit figures', () => {
  it('counts 非常满意, 满意 and 基本满意 as 好评 and the bottom two as 差评', () => {
    const f = unitFigures(counts({ 5: 2, 4: 1, 3: 1, 2: 1, 1: 1 }));
    expect(f).toEqual({ total: 6, positive: 4, negative: 2, positiveRate: 4 / 6, average: (10 + 4 + 3 + 2 + 1) / 6 });
  });
  it('has no rate and no average without ratings', () => {
    expect(unitFigures(emptyCounts())).toMatchObject({ total: 0, positiveRate: null, average: null });
  });
});

describe('smoothing', () => {
  it('puts the Wilson lower bound below the raw rate, closer to it the more ratings there are', () => {
    expect(wilsonLowerBound(0, 0)).toBe(0);
    const one = wilsonLowerBound(1, 1);
    const many = wilsonLowerBound(998, 1000);
    expect(one).toBeLessThan(0.25);
    expect(many).toBeGreaterThan(0.99);
    expect(many).toBeLessThan(0.998);
    // A known value: 8 of 10 → 0.4902 (Wilson 1927, z = 1.96).
    expect(wilsonLowerBound(8, 10)).toBeCloseTo(0.4902, 3);
  });
  it('pulls a small unit’s average towards the prior', () => {
    expect(bayesianAverage(5, 1, 4, 30)).toBeCloseTo((4 * 30 + 5) / 31, 10);
    expect(bayesianAverage(5000, 1000, 4, 30)).toBeGreaterThan(4.9);
  });
});

describe('rankings', () => {
  it('does not rank a unit with one perfect rating first: it lacks the sample', () => {
    const rows = rankUnits([unit('tiny', { 5: 1 }), unit('big', { 5: 900, 4: 90, 1: 10 }), unit('mid', { 5: 40, 2: 10 })], 30);
    expect(rows.map((r) => [r.key, r.rank, r.sampleTooSmall])).toEqual([
      ['big', 1, false],
      ['mid', 2, false],
      ['tiny', null, true],
    ]);
  });
  it('ranks by the lower bound, not the raw rate: 29 of 30 does not beat 960 of 1,000', () => {
    const rows = rankUnits([unit('a', { 5: 29, 1: 1 }), unit('b', { 5: 960, 1: 40 })], 10);
    expect(rows[0].key).toBe('b');
    expect(rows[0].positiveRate).toBeLessThan(rows[1].positiveRate!);
  });
  it('reports rectified in time and appeals upheld as given', () => {
    const [r] = rankUnits([unit('d', { 1: 4, 5: 40 }, { rectified: 4, rectifiedOnTime: 3, appealsUpheld: 1 })], 1);
    expect(r).toMatchObject({ rank: 1, negative: 4, rectified: 4, rectifiedOnTime: 3, onTimeRate: 0.75, appealsUpheld: 1 });
  });
});
