// The one-window API as the web app calls it (shapes from src/window where they are declared).
import { ApiError, getCsrfToken, request } from '../../api/client.js';
import type { ServiceMaterial, ApplicationStatus } from '../../../../src/window/model.js';
import type { ServiceSummary } from '../../../../src/window/services.js';
import type { ApplicationListItem, getApplication, TrackAnswer, SupervisionRow } from '../../../../src/window/queries.js';
import type { EscalationItem } from '../../../../src/window/escalation.js';
import type { taskDetail } from '../../../../src/window/task-detail.js';
import type { WorkItem } from '../../../../src/window/worklist.js';
import type { VerifiedCertificate } from '../../../../src/window/certificates.js';
import type { CommitmentLetter, UnifiedField } from '../../../../src/bundle/model.js';
import type { FormSchema } from '../../../../src/window/form.js';
import type { TaskClock } from '../../../../src/window/clock.js';

export type { ApplicationListItem, ApplicationStatus, ServiceSummary, TrackAnswer, WorkItem, SupervisionRow, VerifiedCertificate, ServiceMaterial, EscalationItem };

export interface ServiceDetail {
  id: number;
  name: string;
  serviceCode: string;
  promisedWorkdays: number;
  form: { title: string; schema: FormSchema; fields: UnifiedField[] };
  materials: ServiceMaterial[];
  letter: CommitmentLetter;
  resultPackage: Array<{ matterCode: string; result: string; departmentCode: string }>;
  obtainedBySharing?: Array<{ materialCode: string; number: string; issuer: string; sourceSystem: string }>;
}

/** A working-day clock as the pages receive it: the server's, its due time as an ISO string. */
export type Clock = Omit<TaskClock, 'dueAt' | 'provisional'> & { dueAt: string; provisional?: boolean };

type ServedApplication = Awaited<ReturnType<typeof getApplication>>;
/** A notice's body as the page reads it (the server hands on the JSON it stored). */
export interface NoticeBody {
  items?: Array<{ materialCode: string; name: string; reason: string }>;
  reason?: string;
  legalBasis?: string;
  promisedDate?: string;
}
/** An application as GET /api/window/applications/:id serves it: the server's own view, with its notices' bodies read. */
export interface ApplicationDetail extends Omit<ServedApplication, 'notices'> {
  notices: Array<Omit<ServedApplication['notices'][number], 'body'> & { body: NoticeBody }>;
}

/** A department's task as GET /api/window/tasks/:id serves it: the server's own view. */
export type TaskDetail = Awaited<ReturnType<typeof taskDetail>>;

/** Uploads one material as multipart (the JSON client does not do files). */
async function upload(id: number, materialCode: string, file: File): Promise<void> {
  const body = new FormData();
  body.append('materialCode', materialCode);
  body.append('file', file);
  const res = await fetch(`/api/window/applications/${id}/materials`, { method: 'POST', body, credentials: 'same-origin', headers: { 'x-csrf-token': getCsrfToken() ?? '' } });
  if (!res.ok) {
    const data = (await res.json().catch(() => null)) as { error?: { code: string; message: { zh: string; en: string }; details?: unknown } } | null;
    throw new ApiError(
      res.status,
      data?.error?.code ?? `http_${res.status}`,
      data?.error?.message ?? { zh: `上传失败（HTTP ${res.status}）`, en: `upload failed (HTTP ${res.status})` },
      data?.error?.details,
    );
  }
}

export const windowApi = {
  services: (signal?: AbortSignal) => request<{ items: ServiceSummary[] }>('GET', '/api/window/services', undefined, { signal }),
  service: (id: number, holderId?: string) => request<ServiceDetail>('GET', `/api/window/services/${id}${holderId ? `?holderId=${encodeURIComponent(holderId)}` : ''}`),
  create: (serviceId: number, form: Record<string, unknown>) => request<{ id: number }>('POST', '/api/window/applications', { serviceId, form }),
  updateForm: (id: number, form: Record<string, unknown>) => request<{ ok: boolean }>('PUT', `/api/window/applications/${id}/form`, { form }),
  upload,
  submit: (id: number, body: { commitment?: { signedName: string; agreed: boolean }; delivery?: { method: 'pickup' | 'mail' | 'electronic'; address?: string } }) =>
    request<{ receiptNo: string; queryCode: string | null }>('POST', `/api/window/applications/${id}/submit`, body),
  list: (q: { status?: ApplicationStatus; before?: number } = {}, signal?: AbortSignal) =>
    request<{ items: ApplicationListItem[]; next: number | null }>(
      'GET',
      `/api/window/applications?${new URLSearchParams(
        Object.entries(q)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, String(v)]),
      )}`,
      undefined,
      { signal },
    ),
  get: (id: number, signal?: AbortSignal) => request<ApplicationDetail>('GET', `/api/window/applications/${id}`, undefined, { signal }),
  accept: (id: number) => request<{ promisedDate: string }>('POST', `/api/window/applications/${id}/accept`, {}),
  supplement: (id: number, items: Array<{ materialCode: string; reason: string }>) => request<{ notice: number }>('POST', `/api/window/applications/${id}/supplement`, { items }),
  reject: (id: number, reason: string, legalBasis: string) => request<{ notice: number }>('POST', `/api/window/applications/${id}/reject`, { reason, legalBasis }),
  tasks: (after?: string, signal?: AbortSignal) =>
    request<{ items: WorkItem[]; next: string | null }>('GET', `/api/window/tasks${after ? `?after=${encodeURIComponent(after)}` : ''}`, undefined, { signal }),
  task: (taskId: string) => request<TaskDetail>('GET', `/api/window/tasks/${taskId}`),
  complete: (taskId: string, body: { opinion?: string; delivery?: { method: 'pickup' | 'mail' | 'electronic'; trackingNo?: string } }) =>
    request<{ applicationStatus: string }>('POST', `/api/window/tasks/${taskId}/complete`, body),
  supervision: () => request<{ departments: SupervisionRow[]; escalated: EscalationItem[]; scanned: number; truncated: boolean }>('GET', '/api/window/supervision'),
  /** A supplement asked during handling, at a step: the promised-time clock stops until the applicant answers. */
  askSupplement: (taskId: string, items: Array<{ materialCode: string; reason: string }>) =>
    request<{ notice: number; applicationId: number }>('POST', `/api/window/tasks/${taskId}/supplement`, { items }),
  track: (receiptNo: string, queryCode: string) =>
    request<TrackAnswer>('GET', `/api/public/track?receiptNo=${encodeURIComponent(receiptNo)}&queryCode=${encodeURIComponent(queryCode)}`, undefined, { expectUnauthorized: true }),
  verify: (code: string) => request<VerifiedCertificate & { verifiedAt: string }>('GET', `/api/public/verify/${encodeURIComponent(code)}`, undefined, { expectUnauthorized: true }),
};

export const noticeUrl = (id: number, noticeId: number) => `/api/window/applications/${id}/notices/${noticeId}/pdf`;
export const resultUrl = (id: number, certificateId: number) => `/api/window/applications/${id}/results/${certificateId}/pdf`;
export const materialUrl = (id: number, code: string) => `/api/window/applications/${id}/materials/${encodeURIComponent(code)}/file`;
