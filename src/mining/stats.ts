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
