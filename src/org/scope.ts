// Access scoping. Region codes are hierarchical (GB/T 2260 style: a township's code
// begins with its city's), so "a region and everything below it" is a prefix test,
// which an index on region_code serves and a region-distributed database keeps local.
import type { Actor, Role } from './model.js';

/** Roles that see every department's records within their region subtree. */
const CROSS_DEPARTMENT_ROLES: ReadonlySet<Role> = new Set(['admin', 'reform_office', 'leader', 'window_clerk', 'dispatcher']);

/** Region codes above a GB/T 2260-style code: 370883001201 → 370883001, 370883, 3708, 37. */
export function ancestorCodes(code: string): string[] {
  const cuts = [2, 4, 6, 9].filter((n) => n < code.length);
  return cuts.map((n) => code.slice(0, n));
}

export function regionVisible(actor: Actor, regionCode: string): boolean {
  return regionCode.startsWith(actor.regionCode);
}

/** SQL LIKE pattern for the actor's region subtree (codes are digits: nothing to escape). */
export function regionPattern(actor: Actor): string {
  if (!/^\d*$/.test(actor.regionCode)) throw new Error(`invalid region code on actor: ${actor.regionCode}`);
  return `${actor.regionCode}%`;
}

/** Department restriction, or null when the role sees all departments in its regions. */
export function departmentRestriction(actor: Actor): number | null {
  if (CROSS_DEPARTMENT_ROLES.has(actor.role)) return null;
  if (actor.role === 'department_officer') return actor.departmentId ?? -1; // no department: sees none
  return null;
}

export function isApplicant(actor: Actor): boolean {
  return actor.role === 'applicant';
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.includes(actor.role);
}

/**
 * The message for a record that exists but lies outside the caller's regions, department or
 * own records: it says so (HTTP 403) instead of pretending the record does not exist.
 */
export function outOfScopeMessage(what: { zh: string; en: string }, id: string | number): { zh: string; en: string } {
  return { zh: `${what.zh} ${id} 不在您的管辖范围内`, en: `${what.en} ${id} is outside your scope` };
}
