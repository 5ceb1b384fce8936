// The engine API (src/http/routes/engine.ts) as the process pages use it.
import { ApiError, NETWORK_ERROR_CODE, request } from '../../api/client.js';

export interface Deployment {
  id: number;
  regionCode: string;
  processKey: string;
  version: number;
  name: string | null;
  deployedBy: string | null;
  deployedAt: string;
}

// The engine's model and state shapes are the server's own (type-only imports).
import type { HistoryEvent as EngineHistoryEvent, IncidentRecord, InstanceStatus, TaskRecord } from '../../../../src/engine/state.js';
export type { Candidates, FormField } from '../../../../src/engine/model.js';
export type { InstanceStatus } from '../../../../src/engine/state.js';

/** How the worklist colours a task: the server compares its due date with now. */
export type DeadlineState = 'none' | 'ok' | 'due-soon' | 'overdue';

/** An open task as the worklist serves it: the engine's task record with its deadline state. */
export interface Task extends Omit<TaskRecord, 'elementKey'> {
  elementKey?: string;
  deadline?: DeadlineState;
  /** Worked on behalf of this colleague, who delegated their tasks to the caller. */
  delegatedFrom?: string;
}

export interface Instance {
  id: string;
  processKey: string;
  deploymentId: number;
  status: InstanceStatus;
  businessKey: string | null;
  variables: Record<string, unknown>;
  startedAt: string;
  endedAt: string | null;
  /** Active element instances (tokens) per element. */
  tokens: Array<{ elementId: string; count: number }>;
  tasks: Task[];
}

/** One row of the instance list (GET /api/engine/instances). */
export type { InstanceSummary } from '../../../../src/engine/store.js';
import type { InstanceSummary } from '../../../../src/engine/store.js';

export interface InstancePage {
  items: InstanceSummary[];
  /** Counted up to 1,000 (totalCapped when there are more). */
  total: number;
  totalCapped: boolean;
  /** The `before` of the next page. */
  next: string | null;
  limit: number;
  offset: number;
}

export interface InstanceFilter {
  deploymentId?: number;
  processKey?: string;
  status?: InstanceStatus;
  limit?: number;
  offset?: number;
}

/** Per element of a deployment, across the instances the caller sees: tokens there now, tokens that completed it. */
export interface ElementCounts {
  deploymentId: number;
  processKey: string;
  version: number;
  instances: Partial<Record<InstanceStatus, number>>;
  elements: Array<{ elementId: string; active: number; passed: number }>;
}

/** An instance's history event as the engine records it, with its row id. */
export type HistoryEvent = EngineHistoryEvent & { id: number };

/** An incident as the engine records it, with whether it is still open. */
export interface Incident extends IncidentRecord {
  status: string;
}

export type WorklistScope = 'all' | 'mine' | 'department' | 'role';

export interface DeployAnswer {
  deployments: Array<{ id: number; processKey: string; version: number }>;
  warnings?: unknown[];
}

/** The problems a refused deployment lists (422/400 details). */
export interface DeployProblems {
  errors?: Array<{ id?: string; message?: string; type?: string } | string>;
  unsupported?: Array<{ id: string; type: string }>;
}

const enc = encodeURIComponent;

export const engineApi = {
  deployments: (signal?: AbortSignal) => request<Deployment[]>('GET', '/api/engine/deployments', undefined, { signal }),
  deploy: (xml: string) => request<DeployAnswer>('POST', '/api/engine/deployments', { xml }),
  start: (processKey: string, variables?: Record<string, unknown>, businessKey?: string) =>
    request<{ id: string }>('POST', '/api/engine/instances', { processKey, ...(variables ? { variables } : {}), ...(businessKey ? { businessKey } : {}) }),
  instance: (id: string, signal?: AbortSignal) => request<Instance>('GET', `/api/engine/instances/${enc(id)}`, undefined, { signal }),
  history: (id: string, signal?: AbortSignal) => request<HistoryEvent[]>('GET', `/api/engine/instances/${enc(id)}/history`, undefined, { signal }),
  cancel: (id: string, reason?: string) => request<{ id: string; status: string }>('POST', `/api/engine/instances/${enc(id)}/cancel`, reason ? { reason } : {}),
  tasks: (scope: WorklistScope, signal?: AbortSignal) => request<Task[]>('GET', `/api/engine/tasks?scope=${scope}`, undefined, { signal }),
  claim: (id: string) => request<{ id: string; assignee: string }>('POST', `/api/engine/tasks/${enc(id)}/claim`),
  complete: (id: string, variables: Record<string, unknown>) => request<{ id: string; next: Task[] }>('POST', `/api/engine/tasks/${enc(id)}/complete`, { variables }),
  incidents: (signal?: AbortSignal) => request<Incident[]>('GET', '/api/engine/incidents', undefined, { signal }),
  instances: (filter: InstanceFilter, signal?: AbortSignal) => request<InstancePage>('GET', `/api/engine/instances${query(filter)}`, undefined, { signal }),
  counts: (deploymentId: number, signal?: AbortSignal) => request<ElementCounts>('GET', `/api/engine/deployments/${deploymentId}/counts`, undefined, { signal }),
  bpmn: (deploymentId: number, signal?: AbortSignal) => deploymentXml(deploymentId, signal),
  resolveIncident: (id: string, variables?: Record<string, unknown>) =>
    request<{ id: string; status: string }>('POST', `/api/engine/incidents/${enc(id)}/resolve`, variables ? { variables } : {}),
};

/** A deployment's BPMN XML as deployed (served as application/xml; errors come as the usual JSON). */
async function deploymentXml(id: number, signal?: AbortSignal): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`/api/engine/deployments/${id}/bpmn`, { headers: { accept: 'application/xml, application/json' }, credentials: 'same-origin', signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, NETWORK_ERROR_CODE, { zh: '无法连接服务器，请检查网络后重试。', en: 'Cannot reach the server. Check the network and try again.' });
  }
  const text = await response.text();
  const json = (response.headers.get('content-type') ?? '').includes('json');
  if (response.ok) return json ? (JSON.parse(text) as string) : text;
  const body = json && text ? (JSON.parse(text) as { error?: { code: string; message: { zh: string; en: string }; details?: unknown } }) : {};
  throw new ApiError(
    response.status,
    body.error?.code ?? 'http_error',
    body.error?.message ?? { zh: `请求失败（HTTP ${response.status}）`, en: `Request failed (HTTP ${response.status})` },
    body.error?.details,
  );
}

function query(filter: InstanceFilter): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}
