// The projects and enterprise-service API (src/http/routes/projects.ts, enterprise.ts) as the pages use it.
import { request } from '../../api/client.js';
import type { BoardProject, coordinationMeetings, EscalatedBlocker, getProject, projectBoard } from '../../../../src/projects/views.js';
import type { GanttBar } from '../../../../src/projects/milestones.js';
import type { BlockerLevel, ProjectLevel, Text } from '../../../../src/projects/model.js';
import type { Enterprise, RequestStatus } from '../../../../src/enterprise/model.js';
import type { RequestView } from '../../../../src/enterprise/service.js';

export type { BoardProject, EscalatedBlocker, GanttBar, BlockerLevel, ProjectLevel, Text, Enterprise, RequestView, RequestStatus };

/** The board (GET /api/projects): the server's own view. */
export type Board = Awaited<ReturnType<typeof projectBoard>>;

/** A project (GET /api/projects/:id): the server's own view. */
export type ProjectDetail = Awaited<ReturnType<typeof getProject>>;

/** The predicted approval path of an approval under way: laid out in working days, or too little history. */
export type PredictedPathView = ProjectDetail['predictedPaths'][number];

/** A coordination meeting (GET /api/projects/coordination-meetings): the server's own view. */
export type Meeting = Awaited<ReturnType<typeof coordinationMeetings>>[number];
export type LateItem = NonNullable<Meeting['lateItems']>[number];
/** A meeting's decision as the page sends it. */
export type { Decision } from '../../../../src/projects/service.js';
import type { Decision } from '../../../../src/projects/service.js';

const q = (params: Record<string, string | undefined>) => {
  const s = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return s ? `?${s}` : '';
};

export const projectsApi = {
  board: () => request<Board>('GET', '/api/projects'),
  project: (id: number) => request<ProjectDetail>('GET', `/api/projects/${id}`),
  create: (body: Record<string, unknown>) => request<{ id: number }>('POST', '/api/projects', body),
  milestone: (id: number, code: string, body: { plannedDate?: string; actualDate?: string | null }) =>
    request<ProjectDetail>('PUT', `/api/projects/${id}/milestones/${code}`, body),
  link: (id: number, body: { milestoneCode: string; applicationId: number }) => request<{ ok: true }>('POST', `/api/projects/${id}/approvals`, body),
  blocker: (id: number, body: { title: string; ownerDepartmentId: number | null; dueDate: string; category?: string }) =>
    request<{ id: number }>('POST', `/api/projects/${id}/blockers`, body),
  resolve: (blockerId: number, resolution: string) => request<{ ok: true }>('POST', `/api/projects/blockers/${blockerId}/resolve`, { resolution }),
  meeting: (id: number, body: { title: string; heldOn: string; minutes: string; decisions: Decision[] }) => request<{ id: number }>('POST', `/api/projects/${id}/meetings`, body),
  escalated: () => request<{ items: EscalatedBlocker[] }>('GET', '/api/projects/blockers/escalated'),
  coordination: () => request<{ items: Meeting[] }>('GET', '/api/projects/coordination-meetings'),
  hold: (meetingId: number, body: { heldOn: string; minutes: string; decisions: Decision[] }) =>
    request<unknown>('POST', `/api/projects/coordination-meetings/${meetingId}/hold`, body),
  items: () =>
    request<{
      items: Array<{ id: number; projectId: number; project: string; text: string; department: string; dueDate: string; status: string; level: BlockerLevel; overdue: boolean }>;
    }>('GET', '/api/projects/items?open=true'),
  itemDone: (id: number, note: string) => request<{ ok: true }>('POST', `/api/projects/items/${id}/done`, { note }),
  departments: () => request<{ items: Array<{ id: number; name: string }> }>('GET', '/api/org/departments'),
};

export const enterpriseApi = {
  list: (p: { tier?: string; search?: string } = {}) => request<{ total: number; items: Enterprise[] }>('GET', `/api/enterprises${q(p)}`),
  import: (content: string) => request<{ counts: { created: number; updated: number; tierChanges: number } }>('POST', '/api/enterprises/import', { content }),
  requests: (view: string) => request<{ items: RequestView[] }>('GET', `/api/enterprise-requests${q({ view })}`),
  file: (body: { uscc: string; title: string; description: string }) => request<RequestView>('POST', '/api/enterprise-requests', body),
  step: (id: number, body: { action: 'contact' | 'answer' | 'close'; note?: string; answer?: string }) =>
    request<RequestView>('POST', `/api/enterprise-requests/${id}/steps`, body),
  byTier: () =>
    request<{ tiers: Array<{ tier: string; label: Text | null; open: number; overdue: number; escalated: number; atLeader: number }> }>('GET', '/api/enterprise-requests/by-tier'),
  rate: (id: number, level: number) => request<unknown>('POST', '/api/ratings', { occurrenceKind: 'enterprise_request', occurrenceId: String(id), level, channel: 'portal' }),
};
