// The critical path through a matter's steps: the longest chain of working days following
// each step's dependsOn. Figures, the analyzer's rules and bundles all measure with it. Pure.
import type { Step } from './model.js';

export interface CriticalPath {
  /** Working days from the first step to the end of the last (longest path, dependsOn order). */
  days: number;
  /** Step ids along one longest path, first to last. */
  path: string[];
}

/**
 * Longest path through the steps in working days, following `dependsOn`. A reference to a
 * missing step is ignored; a cycle in `dependsOn` is cut where it closes.
 */
export function criticalPath(steps: readonly Step[]): CriticalPath {
  const byId = new Map<string, Step>();
  for (const s of steps) byId.set(s.id, s);
  const finish = new Map<string, number>();
  const via = new Map<string, string | null>();
  const state = new Map<string, 1 | 2>(); // 1 visiting, 2 done
  const visit = (root: Step) => {
    const stack: Array<{ step: Step; i: number }> = [{ step: root, i: 0 }];
    state.set(root.id, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      if (top.i < top.step.dependsOn.length) {
        const dep = byId.get(top.step.dependsOn[top.i++]);
        if (dep && !state.has(dep.id)) {
          state.set(dep.id, 1);
          stack.push({ step: dep, i: 0 });
        }
        continue;
      }
      let start = 0;
      let from: string | null = null;
      for (const d of top.step.dependsOn) {
        const f = finish.get(d);
        if (f !== undefined && (from === null || f > start)) {
          start = f;
          from = d;
        }
      }
      finish.set(top.step.id, start + Math.max(0, top.step.workdays));
      via.set(top.step.id, from);
      state.set(top.step.id, 2);
      stack.pop();
    }
  };
  for (const s of steps) if (!state.has(s.id)) visit(s);
  let days = 0;
  let end: string | null = null;
  for (const s of steps) {
    const f = finish.get(s.id)!;
    if (end === null || f > days) {
      days = f;
      end = s.id;
    }
  }
  const path: string[] = [];
  const seen = new Set<string>();
  for (let at = end; at !== null && !seen.has(at); at = via.get(at) ?? null) {
    seen.add(at);
    path.push(at);
  }
  return { days, path: path.reverse() };
}

/** The critical path's length alone; allocation-light for the usual handful of steps. */
export function criticalPathDays(steps: readonly Step[]): number {
  const n = steps.length;
  if (n > 64) return criticalPath(steps).days;
  const finish = new Array<number>(n).fill(-1); // -1 unknown, -2 on the stack
  const finishOf = (i: number): number => {
    if (finish[i] >= 0) return finish[i];
    if (finish[i] === -2) return 0; // cycle: cut here
    finish[i] = -2;
    let start = 0;
    for (const d of steps[i].dependsOn) {
      let j = -1;
      for (let k = 0; k < n; k++)
        if (steps[k].id === d) {
          j = k;
          break;
        }
      if (j >= 0) {
        const f = finishOf(j);
        if (f > start) start = f;
      }
    }
    return (finish[i] = start + Math.max(0, steps[i].workdays));
  };
  let best = 0;
  for (let i = 0; i < n; i++) best = Math.max(best, finishOf(i));
  return best;
}
