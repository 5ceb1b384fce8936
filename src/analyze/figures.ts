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
  return figuresAndDepartments(matter).figures;
}

/** A matter's figures and the departments they count (the matter's and its steps'), in one walk over the matter. */
function figuresAndDepartments(matter: Matter): Counted {
  const departments = new Set<string>([matter.departmentCode]);
  let stamps = 0;
  let countersigns = 0;
  for (const s of matter.steps) {
    departments.add(s.departmentCode);
    stamps += s.stamps.length;
    if (s.kind === 'countersign') countersigns++;
  }
  let materialsToSubmit = 0;
  for (const m of matter.materials) if (mustSubmit(m)) materialsToSubmit++;
  const figures = {
    materials: matter.materials.length,
    materialsToSubmit,
    steps: matter.steps.length,
    departments: departments.size,
    stamps,
    countersigns,
    visits: matter.visits,
    promisedDays: matter.promisedDays,
    criticalPathDays: criticalPathDays(matter.steps),
  };
  return { figures, departments };
}

export function emptyGroupFigures(): GroupFigures {
  return { matters: 0, materials: 0, materialsToSubmit: 0, steps: 0, departments: 0, stamps: 0, countersigns: 0, visits: 0, promisedDays: 0, criticalPathDays: 0 };
}

interface Counted {
  figures: MatterFigures;
  departments: ReadonlySet<string>;
}

/**
 * A matter's figures and departments, computed once per matter object: the to-be figures
 * recompute only the matters a fix changed. A plain Map, not a WeakMap — a cache lives for
 * one analysis, and weak keys only add work for the garbage collector.
 */
export type FiguresCache = Map<Matter, Counted>;

export function newFiguresCache(): FiguresCache {
  return new Map();
}

function cached(m: Matter, cache: FiguresCache): Counted {
  let c = cache.get(m);
  if (!c) cache.set(m, (c = figuresAndDepartments(m)));
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
    const { figures: f, departments: d } = cached(m, cache);
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
