// The engine API (src/http/routes/engine.ts) as the process pages use it.
import { request } from '../../api/client.js';

export interface Deployment {
  id: number;
  regionCode: string;
  processKey: string;
  version: number;
  name: string | null;
  deployedBy: string | null;
  deployedAt: string;
}

export interface FormField {
  id: string;
  label?: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'enum';
  required: boolean;
  values?: string[];
}

export interface Candidates {
  departments: string[];
  roles: string[];
  users: string[];
  assignee?: string;
}

/** How the worklist colours a task: the server compares its due date with now. */
export type DeadlineState = 'none' | 'ok' | 'due-soon' | 'overdue';

export interface Task {
  id: string;
  instanceId: string;
  processId: string;
  elementId: string;
  name?: string;
  candidates: Candidates;
  assignee?: string;
  formKey?: string;
  form?: FormField[];
  context?: Record<string, unknown>;
  createdAt: string;
  dueAt?: string;
  deadline?: DeadlineState;
}

export type InstanceStatus = 'active' | 'completed' | 'terminated' | 'cancelled';

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

export interface HistoryEvent {
  id: number;
  type: string;
  at: string;
  instanceId: string;
  processId: string;
  elementId?: string;
  elementType?: string;
  elementName?: string;
  taskId?: string;
  actor?: string;
  department?: string;
  data?: Record<string, unknown>;
}

export interface Incident {
  id: string;
  instanceId: string;
  elementKey: string;
  elementId: string;
  jobId?: string;
  serviceType?: string;
  message: string;
  createdAt: string;
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
  resolveIncident: (id: string, variables?: Record<string, unknown>) => request<{ id: string; status: string }>('POST', `/api/engine/incidents/${enc(id)}/resolve`, variables ? { variables } : {}),
};

// The API does not serve a deployed model's XML yet, so the diagram of a deployment is the XML
// deployed from this browser (kept for the session) or a BPMN file the user opens. Either is
// the real model; nothing is drawn from guesses.
const MODEL_KEY = 'zaizao.engine.model.';

export function rememberModel(deploymentId: number, xml: string): void {
  try {
    sessionStorage.setItem(MODEL_KEY + deploymentId, xml);
  } catch {
    // Storage full or unavailable: the diagram can still be opened from the file.
  }
}

export function rememberedModel(deploymentId: number): string | null {
  try {
    return sessionStorage.getItem(MODEL_KEY + deploymentId);
  } catch {
    return null;
  }
}

/** The process ids in a BPMN document (to check that an opened file is the instance's process). */
export function processIds(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  return Array.from(doc.getElementsByTagName('*'))
    .filter((el) => /(^|:)process$/.test(el.tagName))
    .map((el) => el.getAttribute('id') ?? '')
    .filter(Boolean);
}
