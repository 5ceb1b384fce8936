// A matter's figures — materials (and how many the applicant must hand in), steps,
// departments, stamps, countersigns, visits, promised working days, the critical path — and
// the figures of several matters together. The one place they are counted: the catalogue's
// versions and ledger, the analyzer and bundles all read them from here. Pure.
import { criticalPathDays } from './critical-path.js';
import type { Material, Matter, MatterFigures } from './model.js';

/** The applicant still hands it in: not obtained by data sharing, not replaced by a commitment letter. */
export function mustSubmit(material: Material): boolean {
  return !material.source.dataSharing && !material.commitmentAllowed;
}

/** Materials the applicant must hand in. */
export function materialsToSubmit(matter: Matter): Material[] {
  return matter.materials.filter(mustSubmit);
}

export interface CountedMatter {
  figures: MatterFigures;
  /** The departments the figures count: the matter's own and its steps'. */
  departments: ReadonlySet<string>;
}

/** A matter's figures and the departments they count, in one walk over the matter. */
export function countMatter(matter: Matter): CountedMatter {
  const departments = new Set<string>([matter.departmentCode]);
  let stamps = 0;
  let countersigns = 0;
  for (const s of matter.steps) {
    departments.add(s.departmentCode);
    stamps += s.stamps.length;
    if (s.kind === 'countersign') countersigns++;
  }
  let toSubmit = 0;
  for (const m of matter.materials) if (mustSubmit(m)) toSubmit++;
  const figures: MatterFigures = {
    materials: matter.materials.length,
    materialsToSubmit: toSubmit,
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

export function matterFigures(matter: Matter): MatterFigures {
  return countMatter(matter).figures;
}

export function emptyFigures(): MatterFigures {
  return { materials: 0, materialsToSubmit: 0, steps: 0, departments: 0, stamps: 0, countersigns: 0, visits: 0, promisedDays: 0, criticalPathDays: 0 };
}

/**
 * Adds one counted matter to a running total: counts, visits and working days add up (the
 * days a set of applicants would wait in total); departments are collected in `departments`
 * and counted once by the caller.
 */
export function addFigures(total: MatterFigures, counted: CountedMatter, departments: Set<string>): void {
  const f = counted.figures;
  total.materials += f.materials;
  total.materialsToSubmit += f.materialsToSubmit;
  total.steps += f.steps;
  total.stamps += f.stamps;
  total.countersigns += f.countersigns;
  total.visits += f.visits;
  total.promisedDays += f.promisedDays;
  total.criticalPathDays += f.criticalPathDays;
  for (const code of counted.departments) departments.add(code);
}

/** Figures of several matters together: counts add up, departments are distinct overall. */
export function sumFigures(matters: readonly Matter[]): MatterFigures {
  const total = emptyFigures();
  const departments = new Set<string>();
  for (const m of matters) addFigures(total, countMatter(m), departments);
  total.departments = departments.size;
  return total;
}
