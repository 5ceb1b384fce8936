// Directly-follows graph: how often activity b comes right after a in the same case, and
// how long the case waited on that edge (from a's completion to b's start, or b's
// completion when the log has no start times).
import type { EventLog } from '../model.js';
import { summarize } from '../stats.js';

export interface DfgEdge {
  from: string;
  to: string;
  count: number;
  meanSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface Dfg {
  activities: Array<{ name: string; count: number }>;
  startActivities: Array<{ name: string; count: number }>;
  endActivities: Array<{ name: string; count: number }>;
  edges: DfgEdge[];
}

/** Edge counts only, keyed by `from * n + to` over activity indices: the fast path other algorithms build on. */
export function dfgCounts(log: EventLog): { n: number; counts: Map<number, number>; start: Uint32Array; end: Uint32Array; activity: Uint32Array } {
  const n = log.activityNames.length;
  const counts = new Map<number, number>();
  const start = new Uint32Array(n);
  const end = new Uint32Array(n);
  const activity = new Uint32Array(n);
  const act = log.activity;
  for (let c = 0; c < log.caseIds.length; c++) {
    const from = log.caseOffsets[c];
    const to = log.caseOffsets[c + 1];
    if (to === from) continue;
    start[act[from]]++;
    end[act[to - 1]]++;
    activity[act[from]]++;
    for (let e = from + 1; e < to; e++) {
      activity[act[e]]++;
      const k = act[e - 1] * n + act[e];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  return { n, counts, start, end, activity };
}

/** The DFG with frequency and waiting-time performance per edge, heaviest edges first. */
export function discoverDfg(log: EventLog, options: { performance?: boolean } = {}): Dfg {
  const withPerf = options.performance !== false;
  const { n, counts, start, end, activity } = dfgCounts(log);
  const names = log.activityNames;
  // waiting times grouped by edge in one array: edge e owns durations[start[e] .. start[e+1])
  const edgeKeys = [...counts.keys()];
  const edgeIndex = new Map<number, number>();
  edgeKeys.forEach((k, i) => edgeIndex.set(k, i));
  const startAt = new Uint32Array(edgeKeys.length + 1);
  edgeKeys.forEach((k, i) => (startAt[i + 1] = startAt[i] + counts.get(k)!));
  const filled = new Uint32Array(edgeKeys.length);
  const durations = new Float64Array(withPerf ? startAt[edgeKeys.length] : 0);
  // a dense lookup from (from, to) to the edge when the alphabet is small
  const dense = n <= 2048 ? new Int32Array(n * n).fill(-1) : null;
  if (dense) edgeKeys.forEach((k, i) => (dense[k] = i));
  if (withPerf) {
    const act = log.activity;
    const ts = log.timestamp;
    const st = log.startTimestamp;
    for (let c = 0; c < log.caseIds.length; c++) {
      const to = log.caseOffsets[c + 1];
      for (let e = log.caseOffsets[c] + 1; e < to; e++) {
        const k = act[e - 1] * n + act[e];
        const i = dense ? dense[k] : edgeIndex.get(k)!;
        const next = st && !Number.isNaN(st[e]) ? st[e] : ts[e];
        durations[startAt[i] + filled[i]++] = (next - ts[e - 1]) / 1000;
      }
    }
  }
  const edges: DfgEdge[] = [];
  edgeKeys.forEach((k, i) => {
    const s = withPerf ? summarize(durations.subarray(startAt[i], startAt[i] + filled[i])) : null;
    edges.push({
      from: names[Math.floor(k / n)],
      to: names[k % n],
      count: counts.get(k)!,
      meanSeconds: s?.mean ?? null,
      medianSeconds: s?.median ?? null,
      p90Seconds: s?.p90 ?? null,
    });
  });
  edges.sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const list = (arr: Uint32Array) =>
    [...arr].map((count, i) => ({ name: names[i], count })).filter((x) => x.count > 0).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { activities: list(activity), startActivities: list(start), endActivities: list(end), edges };
}
