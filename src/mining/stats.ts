// Summary statistics used by every figure: computed on a copy, inputs are left alone.

export interface Summary {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  min: number | null;
  max: number | null;
}

/** Quantile with linear interpolation between closest ranks (as numpy's default). `sorted` ascending. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Moves the k-th smallest of xs[lo..hi] to index k, smaller ones before it and larger ones after (quickselect). */
function select(xs: Float64Array, k: number, lo: number, hi: number): void {
  while (hi > lo) {
    // the median of three as the pivot
    const mid = (lo + hi) >>> 1;
    const a = xs[lo];
    const b = xs[mid];
    const c = xs[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        const t = xs[i];
        xs[i] = xs[j];
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/**
 * The quantile of the n finite values xs[0..n) exactly as quantileSorted gives it on them
 * sorted, found by selection (xs is reordered): linear time instead of a sort.
 */
export function quantileSelect(xs: Float64Array, n: number, q: number): number | null {
  if (n === 0) return null;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  select(xs, lo, 0, n - 1);
  const a = xs[lo];
  let b = a;
  if (hi !== lo) {
    // the next order statistic: the smallest of what lies above lo
    b = xs[lo + 1];
    for (let i = lo + 2; i < n; i++) if (xs[i] < b) b = xs[i];
  }
  return a + (b - a) * (pos - lo);
}

/** Summary of the finite values (NaN are skipped). */
export function summarize(values: ArrayLike<number>): Summary {
  const xs = new Float64Array(values.length);
  let n = 0;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      xs[n++] = v;
      sum += v;
    }
  }
  if (n === 0) return { count: 0, mean: null, median: null, p90: null, min: null, max: null };
  const s = xs.subarray(0, n).sort();
  return { count: n, mean: sum / n, median: quantileSorted(s, 0.5), p90: quantileSorted(s, 0.9), min: s[0], max: s[n - 1] };
}

export function round(v: number | null, digits = 3): number | null {
  if (v === null || !Number.isFinite(v)) return null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
