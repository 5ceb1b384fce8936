// Figures per matter, per implementing department and for the whole catalogue: materials
// (and how many the applicant must submit), steps, departments, stamps, countersigns,
// visits, promised working days and the critical path of the steps. Computed from the
// matters, never typed in. Pure.
import type { Material, Matter, MatterFigures } from '../catalog/model.js';
import { criticalPathDays } from './graph.js';
import type { FiguresSet, GroupFigures } from './model.js';

/** The applicant still hands it in: not obtained by data sharing, not replaced by a commitment letter. */
export function mustSubmit(material: Material): boolean {
  return !material.source.dataSharing && !material.commitmentAllowed;
}

export function matterFigures(matter: Matter): MatterFigures {
  const departments = new Set<string>([matter.departmentCode]);
  let stamps = 0;
  let countersigns = 0;
  for (const s of matter.steps) {
    departments.add(s.departmentCode);
    stamps += s.stamps.length;
    if (s.kind === 'countersign') countersigns++;
  }
  return {
    materials: matter.materials.length,
    materialsToSubmit: matter.materials.filter(mustSubmit).length,
    steps: matter.steps.length,
    departments: departments.size,
    stamps,
    countersigns,
    visits: matter.visits,
    promisedDays: matter.promisedDays,
    criticalPathDays: criticalPathDays(matter.steps),
  };
}

export function emptyGroupFigures(): GroupFigures {
  return { matters: 0, materials: 0, materialsToSubmit: 0, steps: 0, departments: 0, stamps: 0, countersigns: 0, visits: 0, promisedDays: 0, criticalPathDays: 0 };
}

/** A matter's figures and the departments they count, computed once per matter object. */
export interface FiguresCache {
  figures: WeakMap<Matter, MatterFigures>;
  departments: WeakMap<Matter, readonly string[]>;
}

export function newFiguresCache(): FiguresCache {
  return { figures: new WeakMap(), departments: new WeakMap() };
}

function cached(m: Matter, cache: FiguresCache): { f: MatterFigures; d: readonly string[] } {
  let f = cache.figures.get(m);
  if (!f) cache.figures.set(m, (f = matterFigures(m)));
  let d = cache.departments.get(m);
  if (!d) {
    const set = new Set<string>([m.departmentCode]);
    for (const s of m.steps) set.add(s.departmentCode);
    cache.departments.set(m, (d = [...set]));
  }
  return { f, d };
}

/**
 * Figures of matters taken together: counts, visits and working days add up (the days a
 * set of applicants would wait in total); departments are counted once.
 */
export function groupFigures(matters: readonly Matter[], cache: FiguresCache = newFiguresCache()): GroupFigures {
  const total = emptyGroupFigures();
  const departments = new Set<string>();
  for (const m of matters) {
    const { f, d } = cached(m, cache);
    total.matters++;
    total.materials += f.materials;
    total.materialsToSubmit += f.materialsToSubmit;
    total.steps += f.steps;
    total.stamps += f.stamps;
    total.countersigns += f.countersigns;
    total.visits += f.visits;
    total.promisedDays += f.promisedDays;
    total.criticalPathDays += f.criticalPathDays;
    for (const code of d) departments.add(code);
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
    perMatter[m.code] = cached(m, cache).f;
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
