// The demo catalogue loaded with the demo organisation (src/org/demo.ts): the seed's
// construction case and business start-up, in Zoucheng (370883).
import { DEMO_CITY_CODE, DEMO_DEPARTMENTS } from '../../org/demo.js';
import type { Catalogue, CatalogueDepartment, Matter } from '../model.js';
import { CONSTRUCTION_CODES, CONSTRUCTION_MATTERS } from './construction.js';
import { BUSINESS_CODES, BUSINESS_STARTUP_MATTERS } from './business.js';

export { CONSTRUCTION_CODES, CONSTRUCTION_MATTERS, BUSINESS_CODES, BUSINESS_STARTUP_MATTERS };

/** Demo sets by name, as `zaizao bundle create --demo NAME` picks them. */
export const DEMO_SETS: Record<'construction' | 'business-startup', readonly string[]> = {
  construction: CONSTRUCTION_MATTERS.map((m) => m.code),
  'business-startup': BUSINESS_STARTUP_MATTERS.map((m) => m.code),
};

/** Every department code a matter, step or material of these matters refers to. */
export function referencedDepartments(matters: readonly Matter[]): Set<string> {
  const codes = new Set<string>();
  for (const m of matters) {
    codes.add(m.departmentCode);
    for (const s of m.steps) codes.add(s.departmentCode);
    for (const mat of m.materials) if (mat.source.departmentCode) codes.add(mat.source.departmentCode);
  }
  return codes;
}

/** A fresh copy of the demo catalogue (callers may change it freely). */
export function demoCatalogue(): Catalogue {
  const matters = structuredClone([...CONSTRUCTION_MATTERS, ...BUSINESS_STARTUP_MATTERS]) as Matter[];
  const used = referencedDepartments(matters);
  const departments: CatalogueDepartment[] = DEMO_DEPARTMENTS.filter((d) => used.has(d.code)).map((d) => ({ ...d }));
  return { regionCode: DEMO_CITY_CODE, departments, matters };
}
