// The org capability's one entry point: what the HTTP routes and the CLI call (lint keeps
// them from importing the modules below it).
export { rolesFor } from './access-rules.js';
export {
  changeOwnPassword,
  createDepartment,
  createRegion,
  createUser,
  departmentsWithoutOfficers,
  importRegionTree,
  listUsers,
  resetPassword,
  updateDepartment,
  updateRegion,
  updateUser,
} from './admin.js';
export { CAPABILITIES, type CapabilityName, rolesOf } from './capabilities.js';
export { dashboardFigures } from './dashboard.js';
export { officialCountyTree } from './divisions.js';
export { type Actor, ROLES, ROLE_LABELS, type Role, SYSTEM_ACTOR } from './model.js';
export { countUnread, listNotices, markAllNoticesRead, markNoticeRead } from './notices.js';
export { MAX_PEOPLE_LOOKUP, peopleNames } from './people.js';
export { outOfScopeMessage, regionVisible } from './scope.js';
export { type SeedResult, seedDemoOrganisation } from './seed.js';
export {
  OrgError,
  actorOf,
  addUser,
  departmentCodeOf,
  departmentNamesByCode,
  describeActor,
  listDepartments,
  listRegions,
  sessionActor,
  signIn,
  signOut,
  unlockUser,
} from './store.js';
export { importOrgWorkbook, orgTemplate } from './workbook.js';
