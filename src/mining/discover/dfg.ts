// Directly-follows graph: how often activity b comes right after a in the same case, and
// how long the case waited on that edge (from a's completion to b's start, or b's
// completion when the log has no start times).
import type { EventLog } from '../model.js';
import { quantileSorted, summarize } from '../stats.js';

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
  const n = log.activityNames.length;
  if (n > 2048) return discoverDfgSparse(log, withPerf);
  // small alphabet (every real log): counts in a dense matrix, one pass to count, one to
  // place the waiting times grouped by edge
  const names = log.activityNames;
  const act = log.activity;
  const offsets = log.caseOffsets;
  const cases = log.caseIds.length;
  const start = new Uint32Array(n);
  const end = new Uint32Array(n);
  const activity = new Uint32Array(n);
  const matrix = new Uint32Array(n * n);
  for (let c = 0; c < cases; c++) {
    const from = offsets[c];
    const to = offsets[c + 1];
    if (to === from) continue;
    let prev = act[from];
    start[prev]++;
    end[act[to - 1]]++;
    activity[prev]++;
    for (let e = from + 1; e < to; e++) {
      const a = act[e];
      activity[a]++;
      matrix[prev * n + a]++;
      prev = a;
    }
  }
  const edgeKeys: number[] = [];
  for (let k = 0; k < matrix.length; k++) if (matrix[k] > 0) edgeKeys.push(k);
  const edgeIndex = new Int32Array(withPerf ? n * n : 0);
  const startAt = new Uint32Array(edgeKeys.length + 1);
  for (let i = 0; i < edgeKeys.length; i++) {
    startAt[i + 1] = startAt[i] + matrix[edgeKeys[i]];
    if (withPerf) edgeIndex[edgeKeys[i]] = i;
  }
  let durations: Float64Array | null = null;
  let sums: Float64Array | null = null;
  let finite: Uint32Array | null = null;
  if (withPerf) {
    // the waiting times grouped by edge, in case order; their sum and count per edge in the
    // same order as summarize() would take them, so the means are the same to the last bit
    durations = new Float64Array(startAt[edgeKeys.length]);
    sums = new Float64Array(edgeKeys.length);
    finite = new Uint32Array(edgeKeys.length);
    const fill = startAt.slice(0, edgeKeys.length);
    const ts = log.timestamp;
    const st = log.startTimestamp;
    for (let c = 0; c < cases; c++) {
      const to = offsets[c + 1];
      for (let e = offsets[c] + 1; e < to; e++) {
        const i = edgeIndex[act[e - 1] * n + act[e]];
        const next = st !== null && !Number.isNaN(st[e]) ? st[e] : ts[e];
        const d = (next - ts[e - 1]) / 1000;
        durations[fill[i]++] = d;
        if (Number.isFinite(d)) {
          sums[i] += d;
          finite[i]++;
        }
      }
    }
  }
  const edges: DfgEdge[] = [];
  for (let i = 0; i < edgeKeys.length; i++) {
    const k = edgeKeys[i];
    let mean: number | null = null;
    let median: number | null = null;
    let p90: number | null = null;
    if (durations && sums && finite && finite[i] > 0) {
      // sorted in place (the scratch array is ours; the native sort beats a selection written
      // in JavaScript here, which would run once and cold): NaN go last
      const sorted = durations.subarray(startAt[i], startAt[i + 1]).sort();
      let lo = 0;
      while (lo < sorted.length && sorted[lo] === -Infinity) lo++;
      const values = sorted.subarray(lo, lo + finite[i]);
      mean = sums[i] / finite[i];
      median = quantileSorted(values, 0.5);
      p90 = quantileSorted(values, 0.9);
    }
    edges.push({ from: names[Math.floor(k / n)], to: names[k % n], count: matrix[k], meanSeconds: mean, medianSeconds: median, p90Seconds: p90 });
  }
  return finish(names, edges, start, end, activity);
}

function finish(names: string[], edges: DfgEdge[], start: Uint32Array, end: Uint32Array, activity: Uint32Array): Dfg {
  edges.sort((a, b) => b.count - a.count || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  const list = (arr: Uint32Array) =>
    [...arr]
      .map((count, i) => ({ name: names[i], count }))
      .filter((x) => x.count > 0)
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { activities: list(activity), startActivities: list(start), endActivities: list(end), edges };
}

/** The same for a large alphabet: edges keyed in a Map. */
function discoverDfgSparse(log: EventLog, withPerf: boolean): Dfg {
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
  if (withPerf) {
    const act = log.activity;
    const ts = log.timestamp;
    const st = log.startTimestamp;
    for (let c = 0; c < log.caseIds.length; c++) {
      const to = log.caseOffsets[c + 1];
      for (let e = log.caseOffsets[c] + 1; e < to; e++) {
        const i = edgeIndex.get(act[e - 1] * n + act[e])!;
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
  return finish(names, edges, start, end, activity);
}
