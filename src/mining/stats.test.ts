import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quantileSorted, summarize } from './stats.js';

describe('summary statistics', () => {
  it('give the figures of the sorted values (order statistics found by selection equal those of a full sort)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: false, min: -1e9, max: 1e9 }), fc.integer({ min: -5, max: 5 })), { maxLength: 300 }), (values) => {
        const finite = values.filter((v) => Number.isFinite(v));
        const sorted = Float64Array.from(finite).sort();
        const s = summarize(values);
        expect(s.count).toBe(finite.length);
        if (finite.length === 0) {
          expect(s.median).toBeNull();
          return;
        }
        expect(s.median).toBe(quantileSorted(sorted, 0.5));
        expect(s.p90).toBe(quantileSorted(sorted, 0.9));
        expect(s.min === sorted[0] && s.max === sorted[sorted.length - 1]).toBe(true);
        expect(s.mean).toBe(finite.reduce((a, b) => a + b, 0) / finite.length);
      }),
      { numRuns: 300 },
    );
  });

  it('leave their input alone', () => {
    const input = [3, 1, 2];
    summarize(input);
    expect(input).toEqual([3, 1, 2]);
  });
});
