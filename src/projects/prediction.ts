// The predicted approval path (pure): from the history of the same service's concluded
// applications — each one's steps in the engine, in order, with their working days — the
// path most applications took (the most frequent variant) and each step's median. The
// project's Gantt lays it out from the day the agent filed. Too little history says so.
import type { WorkCalendar } from '../calendar/index.js';

/** Fewest concluded applications of a service (with their engine steps) before a path is predicted. */
export const PATH_MIN_SAMPLE = 5;

export interface TraceStep {
  name: string;
  workdays: number;
}

export interface PredictedPath {
  /** Concluded applications read. */
  sample: number;
  /** How many of them took this path. */
  variantCount: number;
  /** Distinct paths seen. */
  variants: number;
  steps: Array<{ name: string; medianWorkdays: number }>;
  /** The sum of the steps' medians. */
  totalWorkdays: number;
}

export type PathPrediction = ({ enough: true } & PredictedPath) | { enough: false; sample: number; needed: number };

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
/** Half a working day is as fine as a prediction gets. */
const half = (x: number) => Math.round(x * 2) / 2;

export function predictPath(traces: readonly (readonly TraceStep[])[], minSample = PATH_MIN_SAMPLE): PathPrediction {
  const usable = traces.filter((t) => t.length > 0);
  if (usable.length < minSample) return { enough: false, sample: usable.length, needed: minSample };
  const byVariant = new Map<string, TraceStep[][]>();
  for (const t of usable) {
    const key = t.map((s) => s.name).join('\u0001');
    const list = byVariant.get(key) ?? [];
    list.push([...t]);
    byVariant.set(key, list);
  }
  // The most frequent variant; a tie goes to the shorter path, then by name, so the answer never depends on row order.
  const [, best] = [...byVariant.entries()].sort(([ka, a], [kb, b]) => b.length - a.length || a[0].length - b[0].length || ka.localeCompare(kb))[0];
  const steps = best[0].map((s, i) => ({ name: s.name, medianWorkdays: half(median(best.map((t) => t[i].workdays))) }));
  return { enough: true, sample: usable.length, variantCount: best.length, variants: byVariant.size, steps, totalWorkdays: half(steps.reduce((n, s) => n + s.medianWorkdays, 0)) };
}

export interface PathBar {
  name: string;
  medianWorkdays: number;
  start: string;
  end: string;
}

/** The path laid out on the calendar from the filing day: each step starts where the previous ended. */
export function layOutPath(calendar: WorkCalendar, filedOn: string, steps: PredictedPath['steps']): PathBar[] {
  let at = calendar.isWorkday(filedOn) ? filedOn : calendar.addWorkdays(filedOn, 1);
  let carried = 0;
  return steps.map((s) => {
    // Fractions add up across steps; a step ends on the working day its running total reaches.
    const start = at;
    carried += s.medianWorkdays;
    const whole = Math.floor(carried);
    const end = whole > 0 ? calendar.addWorkdays(at, whole) : at;
    carried -= whole;
    at = end;
    return { name: s.name, medianWorkdays: s.medianWorkdays, start, end };
  });
}
