// Scores and fair rankings. Pure.
//
// A unit (window, officer, department, matter, township) with 2 ratings, both 非常满意, has a
// 好评率 of 100 %; ranked on the raw rate it would come first above a department with 998 of
// 1,000. Two corrections make the comparison fair (docs/ratings.md explains the choice):
//  - a minimum sample: a unit with fewer ratings than the county's `minSample` is listed but
//    not ranked ("样本不足");
//  - the rank key is the Wilson score lower bound (95 %) of the 好评率: the rate the unit is
//    95 % sure to reach, which shrinks towards 0 for few ratings and converges on the raw
//    rate for many. It needs no prior and treats every unit alike.
//  - the average level is shown with a Bayesian average (prior: the county's mean, weight
//    `minSample`), so a small unit's average is pulled towards the county's, not to 5 or 1.
import { LEVELS, type Level } from './model.js';

/** Ratings per level (scored ratings only: appeals upheld are left out before counting). */
export type LevelCounts = Record<Level, number>;

export function emptyCounts(): LevelCounts {
  return { 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 };
}

export interface UnitFigures {
  /** Scored ratings. */
  total: number;
  /** 好评: levels 5, 4, 3. */
  positive: number;
  /** 差评: levels 2, 1. */
  negative: number;
  /** 好评率 0..1, null without ratings. */
  positiveRate: number | null;
  /** Mean level 1..5, null without ratings. */
  average: number | null;
}

export function unitFigures(counts: LevelCounts): UnitFigures {
  let total = 0;
  let sum = 0;
  for (const l of LEVELS) {
    total += counts[l];
    sum += counts[l] * l;
  }
  const positive = counts[5] + counts[4] + counts[3];
  return { total, positive, negative: total - positive, positiveRate: total ? positive / total : null, average: total ? sum / total : null };
}

/** z for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

/** Wilson score interval lower bound of `positive` successes in `total` trials; 0 without trials. */
export function wilsonLowerBound(positive: number, total: number, z = Z95): number {
  if (total <= 0) return 0;
  const p = positive / total;
  const z2 = z * z;
  const centre = p + z2 / (2 * total);
  const margin = z * Math.sqrt((p * (1 - p) + z2 / (4 * total)) / total);
  return Math.max(0, (centre - margin) / (1 + z2 / total));
}

/** Bayesian average: (prior × weight + sum) / (weight + n). */
export function bayesianAverage(sum: number, n: number, priorMean: number, weight: number): number {
  return (priorMean * weight + sum) / (weight + n);
}

export interface UnitInput {
  key: string;
  name: string;
  counts: LevelCounts;
  /** 差评 cases rectified on time, and rectified at all. */
  rectifiedOnTime: number;
  rectified: number;
  /** Appeals upheld (those ratings are not in `counts`). */
  appealsUpheld: number;
  /** Of `counts`, the ratings given by default (默认好评) — counted, and shown apart. */
  defaults?: number;
}

export interface RankedUnit extends UnitFigures {
  key: string;
  name: string;
  /** 1-based rank among units with enough ratings; null when the sample is too small. */
  rank: number | null;
  /** Wilson lower bound of the 好评率: the rank key. */
  score: number;
  /** Average level pulled towards the county's mean. */
  smoothedAverage: number | null;
  rectifiedOnTime: number;
  rectified: number;
  /** Share of rectified cases rectified in time, null when none was rectified. */
  onTimeRate: number | null;
  appealsUpheld: number;
  /** Default ratings among the counted ones (GB/T 39734 keeps them apart from given ones). */
  defaults: number;
  sampleTooSmall: boolean;
}

/**
 * Ranks units: those with at least `minSample` ratings by the Wilson lower bound (ties: more
 * ratings first, then the key), the others after them unranked, by rating count.
 */
export function rankUnits(units: readonly UnitInput[], minSample: number): RankedUnit[] {
  let allSum = 0;
  let allN = 0;
  for (const u of units) {
    for (const l of LEVELS) {
      allSum += u.counts[l] * l;
      allN += u.counts[l];
    }
  }
  const prior = allN ? allSum / allN : 3;
  const rows: RankedUnit[] = units.map((u) => {
    const f = unitFigures(u.counts);
    const sum = f.average === null ? 0 : f.average * f.total;
    return {
      key: u.key,
      name: u.name,
      ...f,
      rank: null,
      score: wilsonLowerBound(f.positive, f.total),
      smoothedAverage: f.total ? bayesianAverage(sum, f.total, prior, minSample) : null,
      rectifiedOnTime: u.rectifiedOnTime,
      rectified: u.rectified,
      onTimeRate: u.rectified ? u.rectifiedOnTime / u.rectified : null,
      appealsUpheld: u.appealsUpheld,
      defaults: u.defaults ?? 0,
      sampleTooSmall: f.total < minSample,
    };
  });
  const ranked = rows.filter((r) => !r.sampleTooSmall).sort((a, b) => b.score - a.score || b.total - a.total || a.key.localeCompare(b.key));
  ranked.forEach((r, i) => {
    r.rank = i + 1;
  });
  const small = rows.filter((r) => r.sampleTooSmall).sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  return [...ranked, ...small];
}
