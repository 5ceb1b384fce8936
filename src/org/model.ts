// Who is acting, and on which part of the organisation.
export const ROLES = ['admin', 'reform_office', 'window_clerk', 'department_officer', 'dispatcher', 'grid_worker', 'leader', 'applicant'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  admin: { zh: '系统管理员', en: 'Administrator' },
  reform_office: { zh: '改革办', en: 'Reform office' },
  window_clerk: { zh: '窗口受理人员', en: 'Window clerk' },
  department_officer: { zh: '部门审批人员', en: 'Department officer' },
  dispatcher: { zh: '调度员', en: 'Dispatcher' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  leader: { zh: '领导', en: 'Leader' },
  applicant: { zh: '申请人', en: 'Applicant' },
};

export const REGION_LEVELS = ['province', 'prefecture', 'city', 'township', 'village', 'grid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const REGION_LEVEL_LABELS: Record<RegionLevel, { zh: string; en: string }> = {
  province: { zh: '省', en: 'Province' },
  prefecture: { zh: '市（地级）', en: 'Prefecture' },
  city: { zh: '县（市、区）', en: 'County' },
  township: { zh: '乡镇（街道）', en: 'Township' },
  village: { zh: '村（社区）', en: 'Village' },
  grid: { zh: '网格', en: 'Grid' },
};

/** The level a child of a region has: a county's children are townships, and so on. */
export const CHILD_LEVEL: Partial<Record<RegionLevel, RegionLevel>> = { city: 'township', township: 'village', village: 'grid' };

/** Code length per level: GB/T 2260 (6 digits) for a county, statistical division codes below it, 3 more digits for a grid. */
export const CODE_LENGTH: Record<RegionLevel, number> = { province: 2, prefecture: 4, city: 6, township: 9, village: 12, grid: 15 };

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  /** 12-digit statistical division code (统计用区划代码), when the region has one (grids do not). */
  divisionCode?: string | null;
}

export interface Department {
  id: number;
  code: string;
  name: string;
  regionCode: string;
}

/** The caller of every command and query. Scoping rules read only this. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  /** The caller sees this region and every region below it. */
  regionCode: string;
  /** Department officers are limited to their department's records. */
  departmentId: number | null;
}

/** Reserved actor for the system itself (seeding, migrations, job executor). */
export const SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: 'system',
  displayName: '系统',
  role: 'admin',
  regionCode: '',
  departmentId: null,
};
