import { describe, expect, it } from 'vitest';
import { sharedData } from '../../../test/support/shared-data.js';
import { importLogFile } from '../import/index.js';
import { summarize } from '../stats.js';
import { dfgCounts, discoverDfg } from './dfg.js';

describe('the directly-follows graph', () => {
  it.each(['running-example.xes', 'roadtraffic100traces.xes'])('of %s has the pairs of consecutive events with their waiting times', async (name) => {
    const { log } = await importLogFile(sharedData('eventlogs', name));
    const waits = new Map<string, number[]>();
    for (let c = 0; c < log.caseIds.length; c++)
      for (let e = log.caseOffsets[c] + 1; e < log.caseOffsets[c + 1]; e++) {
        const key = `${log.activityNames[log.activity[e - 1]]}→${log.activityNames[log.activity[e]]}`;
        if (!waits.has(key)) waits.set(key, []);
        waits.get(key)!.push((log.timestamp[e] - log.timestamp[e - 1]) / 1000);
      }
    const dfg = discoverDfg(log);
    expect(dfg.edges.length).toBe(waits.size);
    expect(dfg.edges.length).toBe(dfgCounts(log).counts.size);
    for (const edge of dfg.edges) {
      const w = waits.get(`${edge.from}→${edge.to}`)!;
      const s = summarize(w);
      expect([edge.count, edge.meanSeconds, edge.medianSeconds, edge.p90Seconds]).toEqual([w.length, s.mean, s.median, s.p90]);
    }
    for (let i = 1; i < dfg.edges.length; i++) expect(dfg.edges[i - 1].count).toBeGreaterThanOrEqual(dfg.edges[i].count);
  });
});
