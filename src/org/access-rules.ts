// Who may do what: one table that the server's route declarations (`config.access`) and
// the web app's menu and pages both read, so a page is offered exactly to the roles the
// server lets through. Pure, no Node.js dependencies (the browser imports it too).
import type { Role } from './model.js';

/** Every signed-in role. */
export const EVERYONE: readonly Role[] = ['admin', 'reform_office', 'window_clerk', 'department_officer', 'dispatcher', 'grid_worker', 'leader', 'applicant'];
const OFFICES: readonly Role[] = ['admin', 'reform_office', 'window_clerk', 'department_officer', 'dispatcher', 'grid_worker', 'leader'];

export const ACCESS_RULES = {
  // Pages of the web app (the menu offers a page only to these roles; the page's API agrees).
  'page.catalogue': EVERYONE,
  'page.analyzer': ['admin', 'reform_office', 'leader', 'department_officer', 'window_clerk'],
  'page.bundles': ['admin', 'reform_office', 'leader', 'window_clerk', 'department_officer', 'dispatcher', 'applicant'],
  'page.processes': OFFICES,
  'page.mining': ['admin', 'reform_office', 'leader', 'department_officer', 'dispatcher'],
  'page.org': OFFICES,
  'page.audit': ['admin', 'reform_office', 'leader'],
  'page.calendar': ['admin', 'reform_office'],
  'page.cases': ['admin', 'reform_office', 'leader', 'dispatcher', 'grid_worker', 'department_officer'],
  'page.ratings': ['admin', 'reform_office', 'leader', 'department_officer', 'window_clerk', 'applicant'],
  /** Key projects and enterprise service; an enterprise's own account sees its requests only. */
  'page.projects': ['admin', 'reform_office', 'leader', 'department_officer', 'window_clerk', 'applicant'],
  'page.window': ['admin', 'reform_office', 'leader', 'window_clerk', 'department_officer', 'applicant'],
  /** Change the catalogue: import files, save versions. */
  'catalogue.write': ['admin', 'reform_office', 'department_officer'],
  /** Create, revise and publish one-thing bundles. */
  'bundles.write': ['admin', 'reform_office'],
  /** Read bundle drafts and their internal notes (applicants see published bundles only). */
  'bundles.drafts': ['admin', 'reform_office', 'leader', 'window_clerk', 'department_officer', 'dispatcher'],
  /** See the region tree and departments of one's region. */
  'org.view': EVERYONE,
  /** See users and which departments have no one. */
  'org.users': ['admin', 'reform_office', 'leader'],
  /** Add and edit regions, departments and users; import the organisation workbook. */
  'org.manage': ['admin'],
  /** Reassign (转办) or return (退回) another officer's task; see departments with stuck tasks. */
  'tasks.supervise': ['admin', 'reform_office', 'dispatcher', 'window_clerk'],
  /** Search the audit trail. */
  'audit.read': ['admin', 'reform_office', 'leader'],
  /** Verify the audit chain and read its head (the anchor to keep). */
  'audit.verify': ['admin'],
  /** Offices' internal pages: never offered to applicants. */
  offices: OFFICES,
} as const satisfies Record<string, readonly Role[]>;

export type AccessRule = keyof typeof ACCESS_RULES;

export function mayUse(rule: AccessRule, role: Role): boolean {
  return (ACCESS_RULES[rule] as readonly Role[]).includes(role);
}

/** The roles of a rule, as a route's `config.access` declaration. */
export function rolesFor(rule: AccessRule): readonly Role[] {
  return ACCESS_RULES[rule];
}
