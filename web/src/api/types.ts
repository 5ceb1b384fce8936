// Shapes of the server's API as the web application uses them.
export const ROLES = ['admin', 'reform_office', 'window_clerk', 'department_officer', 'dispatcher', 'grid_worker', 'leader', 'applicant'] as const;
export type Role = (typeof ROLES)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  regionName: string | null;
  departmentId: number | null;
  departmentName: string | null;
}

/** What sign-in and GET /api/auth/me answer. */
export interface Session {
  user: User;
  csrfToken: string;
}

export interface Dashboard {
  region: { code: string; name: string | null };
  /** Figures in the caller's scope; more keys arrive as capabilities are built. A figure the
   * caller's role may not see is null. */
  counts: Record<string, number | null>;
  byDepartment?: Array<{ name: string; matters: number }>;
}

export type RegionLevel = 'province' | 'prefecture' | 'city' | 'township' | 'village';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

export interface Department {
  id: number;
  code: string;
  name: string;
  regionCode: string;
}

export interface ErrorBody {
  error: { code: string; message: Bilingual; details?: unknown };
}
