// Shapes of the server's API as the web application uses them.
// The organisation's vocabulary is the server's own (pure module, safe in the browser).
import type { Role } from '../../../src/org/model.js';
export { ROLES } from '../../../src/org/model.js';
export type { Department, Region, RegionLevel, Role } from '../../../src/org/model.js';

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
  /** Signed in with a one-time password: the only page is the password change. */
  mustChangePassword?: boolean;
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

export interface ErrorBody {
  error: { code: string; message: Bilingual; details?: unknown };
}
