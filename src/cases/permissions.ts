// Who may take which step on a case. Pure: the caller, the case and its whistles in, yes or no.
import type { Actor } from '../org/model.js';
import { regionVisible } from '../org/scope.js';
import type { CaseUnit } from './model.js';

export type Step = 'assign' | 'respond' | 'return' | 'escalate' | 'handle' | 'whistle' | 'report_in' | 'check' | 'close' | 'evaluate' | 'read';

export interface CaseAccessView {
  regionCode: string;
  unit: CaseUnit | null;
  reporterId: number | null;
  whistledDepartmentIds: readonly number[];
}

/** The caller acts for the unit: a village or township office's own people, or the department. */
export function actsForUnit(actor: Actor, unit: CaseUnit | null): boolean {
  if (!unit) return false;
  if (actor.role === 'admin') return regionVisible(actor, unit.regionCode) || unit.tier === 'department';
  if (unit.tier === 'department') return actor.role === 'department_officer' && actor.departmentId === unit.departmentId;
  if (unit.tier === 'township') return actor.role === 'dispatcher' && actor.regionCode === unit.regionCode;
  // A village office: its dispatcher and the grid workers of the village (or of a grid below it).
  return (actor.role === 'dispatcher' || actor.role === 'grid_worker') && actor.regionCode.startsWith(unit.regionCode);
}

export function mayTake(actor: Actor, c: CaseAccessView, step: Step): boolean {
  const inRegion = regionVisible(actor, c.regionCode);
  const isReporter = c.reporterId !== null && c.reporterId === actor.userId;
  const whistled = actor.role === 'department_officer' && actor.departmentId !== null && c.whistledDepartmentIds.includes(actor.departmentId);
  switch (step) {
    case 'read':
      if (actor.role === 'applicant') return isReporter;
      if (actor.role === 'department_officer') return actsForUnit(actor, c.unit) || whistled;
      return inRegion || isReporter;
    case 'assign':
    case 'close':
      return (actor.role === 'dispatcher' || actor.role === 'admin') && inRegion;
    case 'respond':
    case 'return':
    case 'escalate':
    case 'handle':
      return actsForUnit(actor, c.unit);
    case 'whistle':
      return c.unit?.tier === 'township' && actsForUnit(actor, c.unit);
    case 'report_in':
      return whistled;
    case 'check':
      // On site: the reporter, or a grid worker or dispatcher of the case's area.
      return isReporter || ((actor.role === 'grid_worker' || actor.role === 'dispatcher' || actor.role === 'admin') && inRegion);
    case 'evaluate':
      // The reporter rates; a dispatcher records the rating of a follow-up call (回访).
      return isReporter || (actor.role === 'dispatcher' && inRegion);
  }
}
