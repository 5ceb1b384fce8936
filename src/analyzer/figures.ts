// Figures per matter, per implementing department and for the whole catalogue: materials
// (and how many the applicant must submit), steps, departments, stamps, countersigns,
// visits, promised working days and the critical path of the steps. Computed from the
// matters, never typed in. Pure.
import type { Matter, MatterFigures } from '../catalogue/model.js';
import { addFigures, countMatter, emptyFigures, type CountedMatter } from '../catalogue/figures.js';
import type { FiguresSet, GroupFigures } from './model.js';

export { matterFigures, mustSubmit } from '../catalogue/figures.js';

export function emptyGroupFigures(): GroupFigures {
  return { matters: 0, ...emptyFigures() };
}

/**
 * A matter's figures and departments, computed once per matter object: the to-be figures
 * recompute only the matters a fix changed. A plain Map, not a WeakMap — a cache lives for
 * one analysis, and weak keys only add work for the garbage collector.
 */
export type FiguresCache = Map<Matter, CountedMatter>;

export function newFiguresCache(): FiguresCache {
  return new Map();
}

function cached(m: Matter, cache: FiguresCache): CountedMatter {
  let c = cache.get(m);
  if (!c) cache.set(m, (c = countMatter(m)));
  return c;
}

/**
 * Figures of matters taken together: counts, visits and working days add up (the days a
 * set of applicants would wait in total); departments are counted once.
 */
export function groupFigures(matters: readonly Matter[], cache: FiguresCache = newFiguresCache()): GroupFigures {
  const total = emptyGroupFigures();
  const departments = new Set<string>();
  for (const m of matters) {
    total.matters++;
    addFigures(total, cached(m, cache), departments);
  }
  total.departments = departments.size;
  return total;
}

/**
 * Figures per matter, per implementing department, and for all the matters. `cache` keeps a
 * matter's figures by object, so the to-be figures recompute only the matters a fix changed.
 */
export function figuresSet(matters: readonly Matter[], cache: FiguresCache = newFiguresCache()): FiguresSet {
  const perMatter: Record<string, MatterFigures> = {};
  const byDepartment = new Map<string, Matter[]>();
  for (const m of matters) {
    perMatter[m.code] = cached(m, cache).figures;
    let list = byDepartment.get(m.departmentCode);
    if (!list) byDepartment.set(m.departmentCode, (list = []));
    list.push(m);
  }
  const departments: Record<string, GroupFigures> = {};
  for (const code of [...byDepartment.keys()].sort()) departments[code] = groupFigures(byDepartment.get(code)!, cache);
  return { catalogue: groupFigures(matters, cache), departments, matters: perMatter };
}

export const FIGURE_KEYS = ['matters', 'materials', 'materialsToSubmit', 'steps', 'departments', 'stamps', 'countersigns', 'visits', 'promisedDays', 'criticalPathDays'] as const;

export const FIGURE_LABELS: Record<(typeof FIGURE_KEYS)[number], { zh: string; en: string }> = {
  matters: { zh: '事项', en: 'Matters' },
  materials: { zh: '材料', en: 'Materials' },
  materialsToSubmit: { zh: '需提交材料', en: 'Materials to submit' },
  steps: { zh: '环节', en: 'Steps' },
  departments: { zh: '部门', en: 'Departments' },
  stamps: { zh: '盖章', en: 'Stamps' },
  countersigns: { zh: '会签', en: 'Countersigns' },
  visits: { zh: '跑动次数', en: 'Visits' },
  promisedDays: { zh: '承诺时限（工作日）', en: 'Promised working days' },
  criticalPathDays: { zh: '关键路径（工作日）', en: 'Critical path (working days)' },
};
