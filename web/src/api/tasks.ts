// Moving tasks between people (src/http/routes/engine-tasks.ts): 转办, 退回, delegation, stuck departments.
import { request } from './client.js';
import type { Delegation, StuckDepartment } from '../../../src/engine/task-commands.js';

export type { Delegation, StuckDepartment };

export const taskApi = {
  reassign: (id: string, body: { username?: string; departmentCode?: string; reason: string }) =>
    request<unknown>('POST', `/api/engine/tasks/${encodeURIComponent(id)}/reassign`, body),
  giveBack: (id: string, reason: string) => request<{ returnedTo: string }>('POST', `/api/engine/tasks/${encodeURIComponent(id)}/return`, { reason }),
  stuck: (signal?: AbortSignal) => request<{ items: StuckDepartment[] }>('GET', '/api/engine/tasks/stuck', undefined, { signal }),
  delegations: (signal?: AbortSignal) => request<{ items: Delegation[] }>('GET', '/api/engine/delegations', undefined, { signal }),
  delegate: (body: { toUsername: string; startsOn: string; endsOn: string; reason: string }) => request<Delegation>('POST', '/api/engine/delegations', body),
  revoke: (id: number) => request<void>('DELETE', `/api/engine/delegations/${id}`),
};
