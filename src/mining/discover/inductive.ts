// Inductive miner with infrequent-behaviour filtering (IMf; Leemans, Fahland, van der Aalst
// 2013). Recursively: find a cut (exclusive choice, sequence, parallel, loop) in the
// directly-follows graph of the (sub)log; if there is none, find one in the graph with the
// infrequent edges removed; split the log along the cut and recurse; when no cut exists,
// fall through (activity once per trace, activity concurrent, tau loops, flower).
// The log is handled as a multiset of variants, so the work grows with the number of
// distinct traces, not with the number of cases.
import type { EventLog } from '../model.js';
import { leaf, node, simplifyTree, tau, type ProcessTree } from './process-tree.js';

export interface InductiveOptions {
  /** IMf noise threshold in [0, 1): edges weaker than threshold × the strongest edge leaving the same activity are ignored. 0 = plain IM. Default 0.2. */
  noiseThreshold?: number;
}

interface SubLog {
  traces: number[][];
  counts: number[];
}

interface Graph {
  acts: number[];
  edges: Map<number, number>;
  start: Map<number, number>;
  end: Map<number, number>;
  activityCount: Map<number, number>;
}

type Cut = { operator: 'xor' | 'seq' | 'and' | 'loop'; groups: number[][] };

const MAX_DEPTH = 400;
const CONCURRENT_CANDIDATES = 16;

export function discoverProcessTree(log: EventLog, options: InductiveOptions = {}): ProcessTree {
  const threshold = options.noiseThreshold ?? 0.2;
  if (threshold < 0 || threshold >= 1) throw new RangeError('noiseThreshold must be in [0, 1)');
  const keyed = new Map<string, number>();
  const sub: SubLog = { traces: [], counts: [] };
  for (let c = 0; c < log.caseIds.length; c++) {
    const trace = Array.from(log.activity.subarray(log.caseOffsets[c], log.caseOffsets[c + 1]));
    const key = trace.join(',');
    const i = keyed.get(key);
    if (i === undefined) {
      keyed.set(key, sub.traces.length);
      sub.traces.push(trace);
      sub.counts.push(1);
    } else sub.counts[i]++;
  }
  const miner = new Miner(log.activityNames, threshold);
  return simplifyTree(miner.mine(sub, 0));
}

class Miner {
  private readonly n: number;
  constructor(
    private readonly names: string[],
    private readonly threshold: number,
  ) {
    this.n = names.length;
  }

  mine(sub: SubLog, depth: number): ProcessTree {
    if (depth > MAX_DEPTH) return this.flower(this.graph(sub));
    const total = sub.counts.reduce((a, b) => a + b, 0);
    let empty = 0;
    sub.traces.forEach((t, i) => {
      if (t.length === 0) empty += sub.counts[i];
    });
    if (empty === total) return tau();
    if (empty > 0) {
      const rest = filterTraces(sub, (t) => t.length > 0);
      if (empty > this.threshold * total) return node('xor', [this.mine(rest, depth + 1), tau()]);
      sub = rest; // infrequent empty traces are noise
    }
    const g = this.graph(sub);
    if (g.acts.length === 1) {
      const a = g.acts[0];
      // repetitions in at most threshold × cases are noise (IMf); plain IM keeps every one
      let repeated = 0;
      sub.traces.forEach((t, i) => {
        if (t.length > 1) repeated += sub.counts[i];
      });
      const total1 = sub.counts.reduce((x, y) => x + y, 0);
      return repeated === 0 || repeated < this.threshold * total1 ? leaf(this.names[a]) : node('loop', [leaf(this.names[a]), tau()]);
    }
    let cut = findCut(g, this.n);
    if (!cut && this.threshold > 0) cut = findCut(this.filtered(g), this.n);
    if (cut) return this.split(sub, cut, depth);
    return this.fallThrough(sub, g, depth);
  }

  private split(sub: SubLog, cut: Cut, depth: number): ProcessTree {
    const groupOf = new Int32Array(this.n).fill(-1);
    cut.groups.forEach((g, i) => g.forEach((a) => (groupOf[a] = i)));
    const k = cut.groups.length;
    if (cut.operator === 'xor') {
      const subs = Array.from({ length: k }, (): SubLog => ({ traces: [], counts: [] }));
      sub.traces.forEach((t, ti) => {
        const hits = new Array<number>(k).fill(0);
        for (const a of t) if (groupOf[a] >= 0) hits[groupOf[a]]++;
        let best = 0;
        for (let i = 1; i < k; i++) if (hits[i] > hits[best]) best = i;
        subs[best].traces.push(t.filter((a) => groupOf[a] === best));
        subs[best].counts.push(sub.counts[ti]);
      });
      return node(
        'xor',
        subs.map((s) => this.mine(dedupe(s), depth + 1)),
      );
    }
    if (cut.operator === 'seq' || cut.operator === 'and') {
      return node(
        cut.operator,
        cut.groups.map((_, i) => this.mine(dedupe({ traces: sub.traces.map((t) => t.filter((a) => groupOf[a] === i)), counts: sub.counts }), depth + 1)),
      );
    }
    // loop: group 0 is the body, the others are redo parts
    const subs = Array.from({ length: k }, (): SubLog => ({ traces: [], counts: [] }));
    sub.traces.forEach((t, ti) => {
      const w = sub.counts[ti];
      let current = -1;
      let part: number[] = [];
      const flush = () => {
        if (current >= 0) {
          subs[current].traces.push(part);
          subs[current].counts.push(w);
        }
      };
      for (const a of t) {
        const gi = groupOf[a];
        if (gi < 0) continue;
        if (gi !== current) {
          // a redo part must sit between two body parts
          if (current === -1 && gi !== 0) {
            subs[0].traces.push([]);
            subs[0].counts.push(w);
          } else if (current > 0 && gi > 0) {
            subs[0].traces.push([]);
            subs[0].counts.push(w);
          }
          flush();
          current = gi;
          part = [];
        }
        part.push(a);
      }
      flush();
      if (current > 0) {
        subs[0].traces.push([]);
        subs[0].counts.push(w);
      }
    });
    const body = this.mine(dedupe(subs[0]), depth + 1);
    const redos = subs.slice(1).map((s) => this.mine(dedupe(s), depth + 1));
    return node('loop', [body, redos.length === 1 ? redos[0] : node('xor', redos)]);
  }

  private fallThrough(sub: SubLog, g: Graph, depth: number): ProcessTree {
    // activity once per trace
    for (const a of g.acts) {
      if (sub.traces.every((t) => t.filter((x) => x === a).length === 1)) {
        const rest = dedupe({ traces: sub.traces.map((t) => t.filter((x) => x !== a)), counts: sub.counts });
        return node('and', [leaf(this.names[a]), this.mine(rest, depth + 1)]);
      }
    }
    // activity concurrent: leaving one activity out reveals a cut (on large alphabets only the
    // 16 least frequent activities are tried, which bounds the work)
    const candidates = [...g.acts].sort((x, y) => g.activityCount.get(x)! - g.activityCount.get(y)! || x - y).slice(0, CONCURRENT_CANDIDATES);
    for (const a of candidates) {
      const rg = this.graph(sub, a);
      if (rg.acts.length > 1 && findCut(rg, this.n)) {
        const rest = dedupe({ traces: sub.traces.map((t) => t.filter((x) => x !== a)), counts: sub.counts });
        const only = dedupe({ traces: sub.traces.map((t) => t.filter((x) => x === a)), counts: sub.counts });
        return node('and', [this.mine(only, depth + 1), this.mine(rest, depth + 1)]);
      }
    }
    // strict tau loop: split where an end activity is directly followed by a start activity
    const strict = splitTraces(sub, (prev, next) => g.end.has(prev) && g.start.has(next));
    if (strict) return node('loop', [this.mine(strict, depth + 1), tau()]);
    // tau loop: split before every start activity
    const loose = splitTraces(sub, (_prev, next) => g.start.has(next));
    if (loose) return node('loop', [this.mine(loose, depth + 1), tau()]);
    return this.flower(g);
  }

  private flower(g: Graph): ProcessTree {
    return node('loop', [
      node(
        'xor',
        g.acts.map((a) => leaf(this.names[a])),
      ),
      tau(),
    ]);
  }

  /** The directly-follows graph of a sublog, optionally as if activity `without` were not in it. */
  private graph(sub: SubLog, without = -1): Graph {
    const edges = new Map<number, number>();
    const start = new Map<number, number>();
    const end = new Map<number, number>();
    const activityCount = new Map<number, number>();
    for (let i = 0; i < sub.traces.length; i++) {
      const t = sub.traces[i];
      const w = sub.counts[i];
      let prev = -1;
      for (let j = 0; j < t.length; j++) {
        const a = t[j];
        if (a === without) continue;
        activityCount.set(a, (activityCount.get(a) ?? 0) + w);
        if (prev < 0) start.set(a, (start.get(a) ?? 0) + w);
        else {
          const k = prev * this.n + a;
          edges.set(k, (edges.get(k) ?? 0) + w);
        }
        prev = a;
      }
      if (prev >= 0) end.set(prev, (end.get(prev) ?? 0) + w);
    }
    const acts = [...activityCount.keys()].sort((a, b) => a - b);
    return { acts, edges, start, end, activityCount };
  }

  /** IMf: drop edges weaker than threshold × the strongest way out of the same activity, and rare start/end activities. */
  private filtered(g: Graph): Graph {
    // the strongest way out of an activity counts ending the case there (as PM4Py does)
    const maxOut = new Map<number, number>(g.end);
    for (const [k, w] of g.edges) {
      const a = Math.floor(k / this.n);
      maxOut.set(a, Math.max(maxOut.get(a) ?? 0, w));
    }
    const edges = new Map<number, number>();
    for (const [k, w] of g.edges) if (w >= this.threshold * maxOut.get(Math.floor(k / this.n))!) edges.set(k, w);
    const keepStrong = (m: Map<number, number>) => {
      const max = Math.max(0, ...m.values());
      return new Map([...m].filter(([, w]) => w >= this.threshold * max));
    };
    return { acts: g.acts, edges, start: keepStrong(g.start), end: keepStrong(g.end), activityCount: g.activityCount };
  }
}

function filterTraces(sub: SubLog, keep: (t: number[]) => boolean): SubLog {
  const out: SubLog = { traces: [], counts: [] };
  sub.traces.forEach((t, i) => {
    if (keep(t)) {
      out.traces.push(t);
      out.counts.push(sub.counts[i]);
    }
  });
  return out;
}

function dedupe(sub: SubLog): SubLog {
  const index = new Map<string, number>();
  const out: SubLog = { traces: [], counts: [] };
  sub.traces.forEach((t, i) => {
    const key = t.join(',');
    const j = index.get(key);
    if (j === undefined) {
      index.set(key, out.traces.length);
      out.traces.push(t);
      out.counts.push(sub.counts[i]);
    } else out.counts[j] += sub.counts[i];
  });
  return out;
}

/** Splits traces between positions where `at(prev, next)` holds; null when nothing splits. */
function splitTraces(sub: SubLog, at: (prev: number, next: number) => boolean): SubLog | null {
  const out: SubLog = { traces: [], counts: [] };
  let split = false;
  sub.traces.forEach((t, i) => {
    let from = 0;
    for (let j = 1; j < t.length; j++) {
      if (at(t[j - 1], t[j])) {
        out.traces.push(t.slice(from, j));
        out.counts.push(sub.counts[i]);
        from = j;
        split = true;
      }
    }
    out.traces.push(t.slice(from));
    out.counts.push(sub.counts[i]);
  });
  return split ? dedupe(out) : null;
}

// ---------------------------------------------------------------------------------------
// Cut detection on a directly-follows graph

function findCut(g: Graph, n: number): Cut | null {
  return xorCut(g, n) ?? sequenceCut(g, n) ?? parallelCut(g, n) ?? loopCut(g, n);
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }
  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r];
    while (this.parent[x] !== r) {
      const next = this.parent[x];
      this.parent[x] = r;
      x = next;
    }
    return r;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) {
      if (ra < rb) this.parent[rb] = ra;
      else this.parent[ra] = rb;
    }
  }
  /** Groups of `items` (in order of their smallest member's first appearance). */
  groups(items: number[]): number[][] {
    const by = new Map<number, number[]>();
    for (const x of items) {
      const r = this.find(x);
      let list = by.get(r);
      if (!list) by.set(r, (list = []));
      list.push(x);
    }
    return [...by.values()];
  }
}

function has(g: Graph, n: number, a: number, b: number): boolean {
  return g.edges.has(a * n + b);
}

function xorCut(g: Graph, n: number): Cut | null {
  const uf = new UnionFind(n);
  for (const k of g.edges.keys()) uf.union(Math.floor(k / n), k % n);
  const groups = uf.groups(g.acts);
  return groups.length > 1 ? { operator: 'xor', groups } : null;
}

/** reach[i] = set (as boolean array over acts index) of activities reachable from acts[i] by ≥ 1 edge. */
function reachability(g: Graph, n: number): { pos: Map<number, number>; reach: Uint8Array[] } {
  const pos = new Map<number, number>();
  g.acts.forEach((a, i) => pos.set(a, i));
  const succ: number[][] = g.acts.map(() => []);
  for (const k of g.edges.keys()) {
    const a = pos.get(Math.floor(k / n));
    const b = pos.get(k % n);
    if (a !== undefined && b !== undefined) succ[a].push(b);
  }
  const reach = g.acts.map((_, i) => {
    const seen = new Uint8Array(g.acts.length);
    const stack = [...succ[i]];
    while (stack.length) {
      const x = stack.pop()!;
      if (seen[x]) continue;
      seen[x] = 1;
      for (const y of succ[x]) if (!seen[y]) stack.push(y);
    }
    return seen;
  });
  return { pos, reach };
}

/**
 * Sequence cut: strongly connected components of the graph, then the connected components
 * of the incomparability relation between them (neither reaches the other). For a partial
 * order those components are totally ordered (series decomposition), which is the cut.
 */
function sequenceCut(g: Graph, n: number): Cut | null {
  const m = g.acts.length;
  const { reach } = reachability(g, n);
  // SCCs: i and j together when each reaches the other
  const scc = new Int32Array(m).fill(-1);
  const reps: number[] = [];
  for (let i = 0; i < m; i++) {
    if (scc[i] >= 0) continue;
    scc[i] = reps.length;
    for (let j = i + 1; j < m; j++) if (scc[j] < 0 && reach[i][j] && reach[j][i]) scc[j] = reps.length;
    reps.push(i);
  }
  if (reps.length < 2) return null;
  const uf = new UnionFind(reps.length);
  for (let x = 0; x < reps.length; x++)
    for (let y = x + 1; y < reps.length; y++) {
      const i = reps[x];
      const j = reps[y];
      if (!reach[i][j] && !reach[j][i]) uf.union(x, y);
    }
  const blocks = uf.groups([...reps.keys()]);
  if (blocks.length < 2) return null;
  const groups = blocks.map((b) => {
    const set = new Set(b);
    const members: number[] = [];
    for (let i = 0; i < m; i++) if (set.has(scc[i])) members.push(i);
    return members;
  });
  // x before y when its members reach y's (all pairs agree in a series decomposition)
  groups.sort((gx, gy) => (reach[gx[0]][gy[0]] ? -1 : reach[gy[0]][gx[0]] ? 1 : 0));
  return { operator: 'seq', groups: groups.map((gr) => gr.map((i) => g.acts[i])) };
}

function parallelCut(g: Graph, n: number): Cut | null {
  const uf = new UnionFind(n);
  const acts = g.acts;
  for (let i = 0; i < acts.length; i++)
    for (let j = i + 1; j < acts.length; j++) {
      if (!(has(g, n, acts[i], acts[j]) && has(g, n, acts[j], acts[i]))) uf.union(acts[i], acts[j]);
    }
  let groups = uf.groups(acts);
  if (groups.length < 2) return null;
  const complete = (gr: number[]) => gr.some((a) => g.start.has(a)) && gr.some((a) => g.end.has(a));
  const good = groups.filter(complete);
  const bad = groups.filter((gr) => !complete(gr));
  if (good.length < 2) return null;
  if (bad.length) {
    good[good.length - 1] = [...good[good.length - 1], ...bad.flat()];
    if (!complete(good[good.length - 1])) return null;
  }
  groups = good;
  return { operator: 'and', groups };
}

function loopCut(g: Graph, n: number): Cut | null {
  const startEnd = new Set<number>([...g.start.keys(), ...g.end.keys()]);
  const others = g.acts.filter((a) => !startEnd.has(a));
  const uf = new UnionFind(n);
  for (const k of g.edges.keys()) {
    const a = Math.floor(k / n);
    const b = k % n;
    if (!startEnd.has(a) && !startEnd.has(b)) uf.union(a, b);
  }
  const components = uf.groups(others);
  const body = new Set(startEnd);
  const redo: number[][] = [];
  const starts = [...g.start.keys()];
  const ends = [...g.end.keys()];
  for (const comp of components) {
    const inComp = new Set(comp);
    let isRedo = true;
    for (const k of g.edges.keys()) {
      const a = Math.floor(k / n);
      const b = k % n;
      // entered from a start activity that is not an end, or leading into an end that is not a start: body
      if (inComp.has(b) && g.start.has(a) && !g.end.has(a)) isRedo = false;
      if (inComp.has(a) && g.end.has(b) && !g.start.has(b)) isRedo = false;
    }
    if (isRedo) {
      // every entry from an end activity must be reachable from all end activities; every exit to a start must reach all starts
      for (const b of comp) {
        const fromEnds = ends.filter((e) => has(g, n, e, b));
        if (fromEnds.length > 0 && fromEnds.length < ends.length) isRedo = false;
        const toStarts = starts.filter((s) => has(g, n, b, s));
        if (toStarts.length > 0 && toStarts.length < starts.length) isRedo = false;
      }
      // and it must be entered from the body at all
      if (!comp.some((b) => ends.some((e) => has(g, n, e, b)))) isRedo = false;
    }
    if (isRedo) redo.push(comp);
    else comp.forEach((a) => body.add(a));
  }
  if (redo.length === 0) return null;
  return { operator: 'loop', groups: [g.acts.filter((a) => body.has(a)), ...redo] };
}
