// The organisation administration API (src/http/routes/org-admin.ts) as the web app calls it.
import { request } from './client.js';
import type { Department, Region, Role } from './types.js';
import type { UserView } from '../../../src/org/admin.js';
import type { OrgImportResult } from '../../../src/org/workbook.js';

export type { UserView, OrgImportResult };

export const orgApi = {
  users: (signal?: AbortSignal) => request<{ items: UserView[] }>('GET', '/api/org/users', undefined, { signal }),
  unstaffed: (signal?: AbortSignal) => request<{ ids: number[] }>('GET', '/api/org/departments/unstaffed', undefined, { signal }),
  createRegion: (body: { code: string; name: string; parentCode: string | null; divisionCode?: string | null }) => request<Region>('POST', '/api/org/regions', body),
  renameRegion: (code: string, name: string) => request<Region>('PATCH', `/api/org/regions/${encodeURIComponent(code)}`, { name }),
  importDivisions: (county: string) => request<{ county: string; name: string; added: number; kept: number }>('POST', `/api/org/divisions/${encodeURIComponent(county)}/import`),
  createDepartment: (body: { code: string; name: string; regionCode: string }) => request<Department>('POST', '/api/org/departments', body),
  renameDepartment: (id: number, name: string) => request<Department>('PATCH', `/api/org/departments/${id}`, { name }),
  createUser: (body: { username: string; displayName: string; role: Role; regionCode: string; departmentId: number | null; departmentHead?: boolean }) =>
    request<{ user: UserView; oneTimePassword: string }>('POST', '/api/org/users', body),
  updateUser: (id: number, body: { displayName?: string; role?: Role; regionCode?: string; departmentId?: number | null; departmentHead?: boolean; disabled?: boolean }) =>
    request<UserView>('PATCH', `/api/org/users/${id}`, body),
  resetPassword: (id: number) => request<{ oneTimePassword: string }>('POST', `/api/org/users/${id}/reset-password`),
  /** Forget the failed sign-ins that locked an account (administrators; audited). */
  unlockUser: (username: string) => request<{ id: number; username: string; cleared: number }>('POST', `/api/org/users/${encodeURIComponent(username)}/unlock`),
  importWorkbook: (content: string) => request<OrgImportResult>('POST', '/api/org/import', { content }),
  changePassword: (currentPassword: string, newPassword: string) => request<void>('POST', '/api/auth/password', { currentPassword, newPassword }),
};
