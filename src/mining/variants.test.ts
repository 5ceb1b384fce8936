import { describe, expect, it } from 'vitest';
import { sharedData } from '../../test/support/shared-data.js';
import { importLogFile } from './import/index.js';
import { logFromTraces, type EventLog } from './model.js';
import { variantsWithMembership } from './variants.js';

/** The variants as the plain definition gives them: sequences as strings, counted, most frequent first, ties by first appearance. */
function plainVariants(log: EventLog) {
  const seen = new Map<string, { count: number; first: number }>();
  log.caseIds.forEach((_, c) => {
    const key = JSON.stringify(Array.from(log.activity.subarray(log.caseOffsets[c], log.caseOffsets[c + 1]), (a) => log.activityNames[a]));
    const v = seen.get(key);
    if (v) v.count++;
    else seen.set(key, { count: 1, first: c });
  });
  return [...seen]
    .sort((a, b) => b[1].count - a[1].count || a[1].first - b[1].first)
    .map(([key, v]) => ({ activities: JSON.parse(key) as string[], count: v.count, exampleCase: log.caseIds[v.first] }));
}

describe('variants', () => {
  it.each(['running-example.xes', 'roadtraffic100traces.xes', 'receipt.csv'])(
    'of %s are the distinct activity sequences, most frequent first, ties by first appearance',
    async (name) => {
      const { log } = await importLogFile(sharedData('eventlogs', name));
      const { variants, caseVariant } = variantsWithMembership(log);
      expect(variants.map((v) => ({ activities: v.activities, count: v.count, exampleCase: v.exampleCase }))).toEqual(plainVariants(log));
      log.caseIds.forEach((_, c) => {
        const seq = Array.from(log.activity.subarray(log.caseOffsets[c], log.caseOffsets[c + 1]), (a) => log.activityNames[a]);
        expect(variants[caseVariant[c]].activities).toEqual(seq);
      });
      expect(variants[variants.length - 1].cumulativeShare).toBeCloseTo(1, 12);
    },
  );

  it('tell apart sequences that share a prefix, and count empty cases as a variant of their own', () => {
    const log = logFromTraces([{ events: ['a', 'b'] }, { events: ['a'] }, { events: [] }, { events: ['a', 'b'] }, { events: [] }, { events: ['b', 'a'] }]);
    expect(variantsWithMembership(log).variants.map((v) => [v.activities.join(''), v.count])).toEqual([
      ['ab', 2],
      ['', 2],
      ['a', 1],
      ['ba', 1],
    ]);
  });
});
