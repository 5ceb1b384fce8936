// Administering the organisation: regions (county → township → village → grid), departments
// and users. One facade the HTTP routes, the CLI and the spreadsheet import all call. An
// administrator manages their own region and everything below it, nothing else; every
// command runs in one transaction with its audit row. The commands are in ./admin/, one file
// for regions, departments and users each.
export { NAME_MAX, MIN_PASSWORD } from './admin/checks.js';
export { regionLevelFor, createRegion, createRegionIn, updateRegion, loadRegionTree, importRegionTree, type NewRegion } from './admin/regions.js';
export { createDepartment, createDepartmentIn, updateDepartment, departmentsWithoutOfficers, type NewDepartment } from './admin/departments.js';
export {
  listUsers,
  DEPARTMENT_ROLES,
  countyOf,
  createUser,
  createUserIn,
  updateUser,
  resetPassword,
  changeOwnPassword,
  type UserView,
  type NewOfficer,
  type UserChange,
} from './admin/users.js';
