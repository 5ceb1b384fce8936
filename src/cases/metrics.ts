// 督效: the monthly figures of a unit (village, township or county department) and the
// ranking. Counting happens in the database (figures.ts); the rates, the score and the order
// are computed here, purely.
//
//   响应率 response      cases responded within the response limit / cases assigned
//   解决率 resolution    cases closed or evaluated / cases assigned
//   满意率 satisfaction  evaluations of 4 or 5 (满意, 非常满意) / evaluations
//   overdue rate         cases handled late or still unhandled past the limit / cases assigned
//   reopened rate        cases reopened after a failed check / cases assigned
//   report-in punctuality (departments) report-ins on time / whistles
//
// score = Σ weight × rate / Σ weight over the three rates (a county scheme weighs 30/35/35);
// a rate with no sample counts as 0 in the score and the row is marked as a small sample.
import type { Tier, Weights } from './model.js';

export interface UnitCounts {
  tier: Tier;
  key: string; // region code, or department id as text
  name: string;
  assigned: number;
  respondedInTime: number;
  resolved: number;
  evaluated: number;
  satisfied: number;
  overdue: number;
  reopened: number;
  whistles: number;
  reportInsOnTime: number;
  reportInsLate: number;
}

export interface UnitFigures extends UnitCounts {
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  overdueRate: number | null;
  reopenedRate: number | null;
  punctuality: number | null;
  score: number;
  smallSample: boolean;
  rank: number;
}

const rate = (n: number, d: number): number | null => (d > 0 ? n / d : null);

export function unitFigures(c: UnitCounts, weights: Weights, smallSample: number): Omit<UnitFigures, 'rank'> {
  const responseRate = rate(c.respondedInTime, c.assigned);
  const resolutionRate = rate(c.resolved, c.assigned);
  const satisfactionRate = rate(c.satisfied, c.evaluated);
  const total = weights.response + weights.resolution + weights.satisfaction;
  const score = total > 0 ? (weights.response * (responseRate ?? 0) + weights.resolution * (resolutionRate ?? 0) + weights.satisfaction * (satisfactionRate ?? 0)) / total : 0;
  return {
    ...c,
    responseRate,
    resolutionRate,
    satisfactionRate,
    overdueRate: rate(c.overdue, c.assigned),
    reopenedRate: rate(c.reopened, c.assigned),
    punctuality: rate(c.reportInsOnTime, c.whistles),
    score: Math.round(score * 10000) / 100,
    smallSample: c.assigned < smallSample,
  };
}

/**
 * Ranks units of one tier: by score, then fewer late report-ins, then more cases; units on a
 * small sample are ranked after the others (their rate says little).
 */
export function rank(counts: readonly UnitCounts[], weights: Weights, smallSample: number): UnitFigures[] {
  const rows = counts.map((c) => unitFigures(c, weights, smallSample));
  rows.sort(
    (a, b) => Number(a.smallSample) - Number(b.smallSample) || b.score - a.score || a.reportInsLate - b.reportInsLate || b.assigned - a.assigned || a.key.localeCompare(b.key),
  );
  return rows.map((r, i) => ({ ...r, rank: i + 1 }));
}

export function validWeights(w: Weights): boolean {
  const values = [w.response, w.resolution, w.satisfaction];
  return values.every((v) => Number.isFinite(v) && v >= 0 && v <= 100) && values.some((v) => v > 0);
}

/** 'YYYY-MM' → the month's first instant and the next month's, Asia/Shanghai. */
export function monthRange(month: string): { from: Date; to: Date } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!m) throw new RangeError(`month must be YYYY-MM: ${month}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const from = new Date(Date.UTC(y, mo - 1, 1) - 8 * 3_600_000);
  const to = new Date(Date.UTC(mo === 12 ? y + 1 : y, mo === 12 ? 0 : mo, 1) - 8 * 3_600_000);
  return { from, to };
}

/** 每月一题: categories that recur in one area, most cases first. */
export interface RecurringProblem {
  regionCode: string;
  regionName: string;
  categoryCode: string;
  categoryName: string;
  cases: number;
}

export function recurringProblems(rows: readonly RecurringProblem[], minCases: number, limit: number): RecurringProblem[] {
  return rows
    .filter((r) => r.cases >= minCases)
    .sort((a, b) => b.cases - a.cases || a.regionCode.localeCompare(b.regionCode) || a.categoryCode.localeCompare(b.categoryCode))
    .slice(0, limit);
}
