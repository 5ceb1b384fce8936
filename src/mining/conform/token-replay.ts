// Token-based replay (Rozinat & van der Aalst; as in PM4Py and pm4js): each trace is played
// on the net; a visible transition that is not enabled is first enabled through chains of
// silent transitions, else the missing tokens are created and counted. At the end the
// final marking is reached through silent transitions where possible; tokens left over are
// "remaining". Trace fitness = ½(1 − missing/consumed) + ½(1 − remaining/produced); the log
// fitness uses the sums over all traces. Each distinct variant is replayed once.
import type { EventLog } from '../model.js';
import type { PetriNet, Transition } from './petri.js';

export interface TraceReplay {
  case: string;
  activities: string[];
  fitness: number;
  fit: boolean;
  consumed: number;
  produced: number;
  missing: number;
  remaining: number;
  /** Activities that could only fire with missing tokens (in trace order, repeats kept once). */
  deviatingActivities: string[];
  /** Activities of the trace the model does not contain. */
  activitiesNotInModel: string[];
}

export interface ReplayResult {
  /** ½(1 − Σmissing/Σconsumed) + ½(1 − Σremaining/Σproduced). */
  fitness: number;
  averageTraceFitness: number;
  fitTraces: number;
  percentageFitTraces: number;
  consumed: number;
  produced: number;
  missing: number;
  remaining: number;
  /** Per activity: in how many traces (and how often) it fired with missing tokens. */
  deviatingActivities: Array<{ activity: string; traces: number; occurrences: number }>;
  activitiesNotInModel: Array<{ activity: string; traces: number }>;
  traces: TraceReplay[];
}

/**
 * Shortest sequences of silent transitions from one place to another, computed per source
 * place on first use (breadth-first over silent transitions).
 */
class InvisibleChains {
  private readonly byInput = new Map<number, Transition[]>();
  /** Per source place: for each place reachable through silent transitions, the step that reached it first. */
  private readonly cache = new Map<number, Map<number, [number, Transition]>>();
  constructor(net: PetriNet) {
    for (const t of net.transitions) {
      if (t.label !== null) continue;
      for (const p of t.pre) (this.byInput.get(p) ?? this.byInput.set(p, []).get(p)!).push(t);
    }
  }
  private reach(p: number): Map<number, [number, Transition]> {
    let prev = this.cache.get(p);
    if (prev) return prev;
    prev = new Map();
    const queue: number[] = [p];
    const seen = new Set<number>([p]);
    for (let i = 0; i < queue.length; i++) {
      const q = queue[i];
      for (const t of this.byInput.get(q) ?? []) {
        for (const r of t.post) {
          if (seen.has(r)) continue;
          seen.add(r);
          prev.set(r, [q, t]);
          queue.push(r);
        }
      }
    }
    this.cache.set(p, prev);
    return prev;
  }
  /** The shortest chain of silent transitions from p that puts a token into q, or null. */
  path(p: number, q: number): Transition[] | null {
    const prev = this.reach(p);
    if (!prev.has(q)) return null;
    const path: Transition[] = [];
    let x = q;
    while (x !== p) {
      const [from, t] = prev.get(x)!;
      path.push(t);
      x = from;
    }
    return path.reverse();
  }
}

function enabled(marking: Int32Array, t: Transition): boolean {
  const need = needOf(t);
  for (const [p, k] of need) if (marking[p] < k) return false;
  return true;
}

const needCache = new WeakMap<Transition, Map<number, number>>();
function needOf(t: Transition): Map<number, number> {
  let need = needCache.get(t);
  if (!need) {
    need = new Map();
    for (const p of t.pre) need.set(p, (need.get(p) ?? 0) + 1);
    needCache.set(t, need);
  }
  return need;
}

function fire(marking: Int32Array, t: Transition): void {
  for (const p of t.pre) marking[p]--;
  for (const p of t.post) marking[p]++;
}

const MAX_NESTING = 4;

export interface ReplayOptions {
  /**
   * Let a silent transition that blocks a chain (a parallel join) be enabled in turn through
   * silent transitions, a few levels deep (as PM4Py does). Off, the replay is exactly pm4js's,
   * which then counts such traces as missing tokens. Default true.
   */
  nestedSilentEnabling?: boolean;
}

/**
 * Moves tokens through silent transitions until every place in `target` holds at least its
 * count: a token from a place with more than it needs travels along the shortest silent
 * chain to a place that lacks one; a silent transition on the way that is not enabled (a
 * parallel join) is itself enabled the same way, a few levels deep. Mutates `marking`.
 */
function reachThroughInvisibles(
  chains: InvisibleChains,
  marking: Int32Array,
  target: Map<number, number>,
  counts: { consumed: number; produced: number },
  budget: { steps: number },
  maxDepth: number,
  depth = 0,
): boolean {
  for (;;) {
    const lacking: number[] = [];
    for (const [p, k] of target) if (marking[p] < k) lacking.push(p);
    if (lacking.length === 0) return true;
    if (--budget.steps < 0) return false;
    let chain: Transition[] | null = null;
    outer: for (let p = 0; p < marking.length; p++) {
      if (marking[p] <= (target.get(p) ?? 0)) continue;
      for (const q of lacking) {
        const c = chains.path(p, q);
        if (c) {
          chain = c;
          break outer;
        }
      }
    }
    if (!chain) return false;
    for (const t of chain) {
      if (!enabled(marking, t)) {
        if (depth >= maxDepth || !reachThroughInvisibles(chains, marking, needOf(t), counts, budget, maxDepth, depth + 1)) return false;
      }
      fire(marking, t);
      counts.consumed += t.pre.length;
      counts.produced += t.post.length;
    }
  }
}

interface VariantResult {
  fitness: number;
  fit: boolean;
  consumed: number;
  produced: number;
  missing: number;
  remaining: number;
  deviating: string[];
  notInModel: string[];
}

function replayTrace(net: PetriNet, chains: InvisibleChains, byLabel: Map<string, Transition[]>, activities: string[], maxDepth: number): VariantResult {
  let marking = net.initialMarking.slice();
  const counts = { consumed: 0, produced: 0 };
  let missing = 0;
  for (const k of net.initialMarking) counts.produced += k;
  for (const k of net.finalMarking) counts.consumed += k;
  const deviating: string[] = [];
  const notInModel: string[] = [];
  for (const act of activities) {
    const candidates = byLabel.get(act);
    if (!candidates) {
      if (!notInModel.includes(act)) notInModel.push(act);
      continue;
    }
    let t: Transition | null = null;
    for (const c of candidates)
      if (enabled(marking, c)) {
        t = c;
        break;
      }
    if (!t) {
      // try each candidate through silent transitions on a copy
      for (const c of candidates) {
        const copy = marking.slice();
        const local = { ...counts };
        if (reachThroughInvisibles(chains, copy, needOf(c), local, { steps: 4 * net.transitions.length + 16 }, maxDepth)) {
          marking = copy;
          counts.consumed = local.consumed;
          counts.produced = local.produced;
          t = c;
          break;
        }
      }
    }
    if (!t) {
      t = candidates[0];
      const need = new Map<number, number>();
      for (const p of t.pre) need.set(p, (need.get(p) ?? 0) + 1);
      for (const [p, k] of need) {
        if (marking[p] < k) {
          missing += k - marking[p];
          marking[p] = k;
        }
      }
      if (!deviating.includes(act)) deviating.push(act);
    }
    fire(marking, t);
    counts.consumed += t.pre.length;
    counts.produced += t.post.length;
  }
  const isFinal = (m: Int32Array) => m.every((k, p) => k === net.finalMarking[p]);
  if (!isFinal(marking)) {
    const copy = marking.slice();
    const local = { ...counts };
    const target = new Map<number, number>();
    net.finalMarking.forEach((k, p) => k > 0 && target.set(p, k));
    // pm4js keeps the moves only when they reach the final marking exactly; with nested
    // enabling (PM4Py-like) the progress towards it is kept even if other tokens remain
    const reached = reachThroughInvisibles(chains, copy, target, local, { steps: 4 * net.transitions.length + 16 }, maxDepth);
    if (reached && (maxDepth > 0 || isFinal(copy))) {
      marking = copy;
      counts.consumed = local.consumed;
      counts.produced = local.produced;
    }
  }
  let remaining = 0;
  for (let p = 0; p < marking.length; p++) {
    const f = net.finalMarking[p];
    if (marking[p] < f) missing += f - marking[p];
    else if (marking[p] > f) remaining += marking[p] - f;
  }
  const fitMC = counts.consumed > 0 ? 1 - missing / counts.consumed : 0;
  const fitRP = counts.produced > 0 ? 1 - remaining / counts.produced : 0;
  return {
    fitness: 0.5 * fitMC + 0.5 * fitRP,
    fit: missing === 0 && notInModel.length === 0,
    consumed: counts.consumed,
    produced: counts.produced,
    missing,
    remaining,
    deviating,
    notInModel,
  };
}

/** Replays every case of the log on the net. */
export function tokenReplay(log: EventLog, net: PetriNet, options: ReplayOptions = {}): ReplayResult {
  const maxDepth = options.nestedSilentEnabling === false ? 0 : MAX_NESTING;
  const chains = new InvisibleChains(net);
  const byLabel = new Map<string, Transition[]>();
  for (const t of net.transitions) if (t.label !== null) (byLabel.get(t.label) ?? byLabel.set(t.label, []).get(t.label)!).push(t);
  const cache = new Map<string, VariantResult>();
  const traces: TraceReplay[] = [];
  const totals = { consumed: 0, produced: 0, missing: 0, remaining: 0, fitness: 0, fit: 0 };
  const deviating = new Map<string, { traces: number; occurrences: number }>();
  const notInModel = new Map<string, number>();
  for (let c = 0; c < log.caseIds.length; c++) {
    const ids = log.activity.subarray(log.caseOffsets[c], log.caseOffsets[c + 1]);
    const key = ids.join(',');
    const activities = Array.from(ids, (a) => log.activityNames[a]);
    let r = cache.get(key);
    if (!r) cache.set(key, (r = replayTrace(net, chains, byLabel, activities, maxDepth)));
    totals.consumed += r.consumed;
    totals.produced += r.produced;
    totals.missing += r.missing;
    totals.remaining += r.remaining;
    totals.fitness += r.fitness;
    if (r.fit) totals.fit++;
    for (const a of r.deviating) {
      const d = deviating.get(a) ?? { traces: 0, occurrences: 0 };
      d.traces++;
      d.occurrences += activities.filter((x) => x === a).length;
      deviating.set(a, d);
    }
    for (const a of r.notInModel) notInModel.set(a, (notInModel.get(a) ?? 0) + 1);
    traces.push({
      case: log.caseIds[c],
      activities,
      fitness: r.fitness,
      fit: r.fit,
      consumed: r.consumed,
      produced: r.produced,
      missing: r.missing,
      remaining: r.remaining,
      deviatingActivities: r.deviating,
      activitiesNotInModel: r.notInModel,
    });
  }
  const n = log.caseIds.length;
  const fitMC = totals.consumed > 0 ? 1 - totals.missing / totals.consumed : 0;
  const fitRP = totals.produced > 0 ? 1 - totals.remaining / totals.produced : 0;
  return {
    fitness: 0.5 * fitMC + 0.5 * fitRP,
    averageTraceFitness: n ? totals.fitness / n : 0,
    fitTraces: totals.fit,
    percentageFitTraces: n ? totals.fit / n : 0,
    consumed: totals.consumed,
    produced: totals.produced,
    missing: totals.missing,
    remaining: totals.remaining,
    deviatingActivities: [...deviating].map(([activity, d]) => ({ activity, ...d })).sort((x, y) => y.traces - x.traces || x.activity.localeCompare(y.activity)),
    activitiesNotInModel: [...notInModel].map(([activity, traces]) => ({ activity, traces })).sort((x, y) => y.traces - x.traces || x.activity.localeCompare(y.activity)),
    traces,
  };
}
