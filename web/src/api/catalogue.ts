// The matter catalogue and the reengineering ledger (GET/POST /api/catalog/...), as the
// server's src/catalog serves them. Calls go through request() in client.ts.
import { request } from './client.js';
import type { Bilingual } from './types.js';

export const MATTER_KINDS = ['licensing', 'confirmation', 'adjudication', 'benefit', 'reward', 'filing', 'other_power', 'public_service'] as const;
export type MatterKind = (typeof MATTER_KINDS)[number];

export const STEP_KINDS = ['intake', 'review', 'countersign', 'decision', 'stamp', 'site_inspection', 'expert_review', 'publicity', 'delivery'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const LEDGER_STATUSES = ['planned', 'in_progress', 'done', 'verified'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

/** Status moves the server allows (src/catalog/ledger.ts); verification is for the reform office. */
export const LEDGER_TRANSITIONS: Record<LedgerStatus, LedgerStatus[]> = {
  planned: ['in_progress'],
  in_progress: ['done'],
  done: ['verified', 'in_progress'],
  verified: [],
};

export interface LegalBasis {
  document: string;
  article: string;
  text: string;
}

export interface MaterialSource {
  kind: 'applicant' | 'government' | 'third_party';
  departmentCode: string | null;
  matterCode: string | null;
  certificate: string;
  issuer: string;
  dataSharing: boolean;
}

export interface Material {
  id: string;
  name: string;
  canonicalId: string | null;
  category: string;
  requirement: 'required' | 'conditional';
  condition: string;
  medium: 'paper' | 'electronic' | 'paper_or_electronic';
  original: 'original' | 'copy' | 'original_and_copy';
  copies: number;
  source: MaterialSource;
  legalBases: LegalBasis[];
  commitmentAllowed: boolean;
  commitmentExclusion: string | null;
  /** 收件备查: handed in at intake, checked after the decision (absent in versions stored before it existed). */
  postDecisionCheck?: { legalBasis: LegalBasis } | null;
}

export interface Step {
  id: string;
  name: string;
  kind: StepKind;
  departmentCode: string;
  role: string;
  workdays: number;
  stamps: string[];
  applicantPresent: boolean;
  onlinePossible: boolean;
  legalBases: LegalBasis[];
  dependsOn: string[];
  needsResultOf: string[];
}

export interface Prerequisite {
  matterCode: string;
  legalBases: LegalBasis[];
  note: string;
}

export interface FormField {
  key: string;
  label: string;
  canonicalKey: string | null;
  type: string;
  required: boolean;
  options: string[];
  unit: string;
}

export interface Matter {
  code: string;
  name: string;
  kind: MatterKind;
  departmentCode: string;
  legalBases: LegalBasis[];
  statutoryDays: number | null;
  promisedDays: number;
  visits: number;
  fee: { charged: boolean; standard: string; basis: string };
  onlineDepth: string;
  result: { name: string; kind: string };
  materials: Material[];
  steps: Step[];
  prerequisites: Prerequisite[];
  formFields: FormField[];
}

export type VersionStage = 'as_is' | 'to_be';

export interface MatterVersion {
  matterCode: string;
  version: number;
  stage: VersionStage;
  createdAt: string;
  createdBy: string;
  note: string;
  matter: Matter;
}

export interface MatterFigures {
  materials: number;
  materialsToSubmit: number;
  steps: number;
  departments: number;
  stamps: number;
  countersigns: number;
  visits: number;
  promisedDays: number;
  criticalPathDays: number;
}

/** The figures the pages show, in this order. */
export const MATTER_FIGURE_KEYS = ['materials', 'materialsToSubmit', 'steps', 'departments', 'stamps', 'countersigns', 'visits', 'promisedDays', 'criticalPathDays'] as const satisfies ReadonlyArray<keyof MatterFigures>;

export interface MatterSummary {
  code: string;
  name: string;
  kind: MatterKind;
  departmentCode: string;
  departmentName: string;
  regionCode: string;
  latestVersion: number;
  asIsVersion: number | null;
  toBeVersion: number | null;
  asIs: MatterFigures | null;
  toBe: MatterFigures | null;
  updatedAt: string;
}

export interface MatterDetail {
  summary: MatterSummary;
  asIs: MatterVersion | null;
  toBe: MatterVersion | null;
}

export type ChangeStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface SideBySideRow<T> {
  key: string;
  status: ChangeStatus;
  before: T | null;
  after: T | null;
  changedFields: string[];
}

export interface MatterDiff {
  code: string;
  fields: Array<{ field: string; before: unknown; after: unknown }>;
  legalBases: SideBySideRow<LegalBasis>[];
  materials: SideBySideRow<Material>[];
  steps: SideBySideRow<Step>[];
  prerequisites: SideBySideRow<Prerequisite>[];
  formFields: SideBySideRow<FormField>[];
  figures: { before: MatterFigures; after: MatterFigures };
  identical: boolean;
}

export interface Comparison {
  before: MatterVersion;
  after: MatterVersion;
  diff: MatterDiff;
}

export interface ImportProblem {
  sheet: string;
  row: number;
  column: string;
  value: string;
  reason: Bilingual;
}

export interface ImportAnswer {
  imported: boolean;
  matters: number;
  result: { matters: number; created: number; updated: number; unchanged: number; departmentsCreated: number } | null;
}

export interface LedgerAttachment {
  id: number;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface LedgerItem {
  id: number;
  regionCode: string;
  departmentCode: string;
  departmentName: string;
  matters: Array<{ matterCode: string; beforeVersion: number; afterVersion: number | null }>;
  matterNames: string[];
  problem: string;
  measure: string;
  owner: string;
  startDate: string;
  deadlineWorkdays: number;
  deadline: string;
  status: LedgerStatus;
  overdue: boolean;
  attachments: LedgerAttachment[];
  figures: { before: MatterFigures; after: MatterFigures | null };
  createdAt: string;
  updatedAt: string;
}

export interface MatterQuery {
  search?: string;
  department?: string;
  kind?: MatterKind;
  limit?: number;
  offset?: number;
}

export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

const enc = encodeURIComponent;

export const catalogueApi = {
  matters: (query: MatterQuery, signal?: AbortSignal) =>
    request<{ total: number; items: MatterSummary[] }>('GET', `/api/catalog/matters${queryString({ ...query })}`, undefined, { signal }),
  matter: (code: string, signal?: AbortSignal) => request<MatterDetail>('GET', `/api/catalog/matters/${enc(code)}`, undefined, { signal }),
  versions: (code: string, signal?: AbortSignal) => request<{ items: MatterVersion[] }>('GET', `/api/catalog/matters/${enc(code)}/versions`, undefined, { signal }),
  compare: (code: string, a: number | VersionStage, b: number | VersionStage, signal?: AbortSignal) =>
    request<Comparison>('GET', `/api/catalog/matters/${enc(code)}/compare${queryString({ a, b })}`, undefined, { signal }),
  importFile: (body: { fileName: string; content: string; dryRun?: boolean; stage?: VersionStage; note?: string }) => request<ImportAnswer>('POST', '/api/catalog/import', body),
  ledger: (query: { status?: LedgerStatus; department?: string; overdue?: boolean }, signal?: AbortSignal) =>
    request<{ items: LedgerItem[] }>('GET', `/api/catalog/ledger${queryString(query)}`, undefined, { signal }),
  setLedgerStatus: (id: number, status: LedgerStatus) => request<LedgerItem>('POST', `/api/catalog/ledger/${id}/status`, { status }),
  addLedgerAttachment: (id: number, file: { fileName: string; contentType: string; content: string }) => request<LedgerAttachment>('POST', `/api/catalog/ledger/${id}/attachments`, file),
};

/** Where the browser downloads files the server writes (same origin, the session cookie goes along). */
export const catalogueFiles = {
  template: '/api/catalog/template',
  export: (format: 'xlsx' | 'csv' | 'json' | 'yaml') => `/api/catalog/export${queryString({ format })}`,
  ledgerReport: '/api/catalog/ledger/report',
  ledgerAttachment: (id: number, attachmentId: number) => `/api/catalog/ledger/${id}/attachments/${attachmentId}`,
};
