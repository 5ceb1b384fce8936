// One-thing bundles (/api/bundles), as the server's src/bundle serves them.
import { request } from './client.js';
import { queryString, type LegalBasis, type Step } from './catalogue.js';
import type { Bilingual } from './types.js';

export const FIGURE_KEYS = ['matters', 'forms', 'materials', 'steps', 'departments', 'stamps', 'countersigns', 'visits', 'promisedWorkdays'] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
export type BeforeFigures = Record<FigureKey, number>;
export type AfterFigures = Record<FigureKey | 'commitmentLetters', number>;

export interface UnifiedField {
  key: string;
  canonicalKey: string | null;
  label: string;
  type: string;
  unit: string;
  options: string[];
  required: boolean;
  matters: string[];
  labels: string[];
}

export interface FieldConflict {
  canonicalKey: string;
  aspects: Array<'type' | 'unit' | 'options'>;
  reconcilable: boolean;
  definitions: Array<{ matterCode: string; fieldKey: string; label: string; type: string; unit: string; options: string[]; required: boolean }>;
  chosen: { type: string; unit: string; options: string[] };
  decided: boolean;
  message: Bilingual;
}

export type MaterialDisposition = 'submit' | 'commitment' | 'shared' | 'bundle_result' | 'form';
export const MATERIAL_DISPOSITIONS: readonly MaterialDisposition[] = ['submit', 'commitment', 'shared', 'bundle_result', 'form'];

export interface BundleMaterial {
  key: string;
  canonicalId: string | null;
  name: string;
  category: string;
  disposition: MaterialDisposition;
  required: boolean;
  conditions: string[];
  uses: Array<{ matterCode: string; materialId: string; name: string }>;
  issuer: string;
  issuerDepartmentCode: string | null;
  legalBases: LegalBasis[];
  commitmentExclusion: string | null;
  /** `submit` materials received at intake and checked after the decision by these matters (absent in older drafts). */
  checkedAfterDecision?: { matters: string[]; legalBases: LegalBasis[] } | null;
}

export interface Commitment {
  no: number;
  materialKey: string;
  proof: string;
  content: Bilingual;
  legalBases: LegalBasis[];
  matters: string[];
  duty: Bilingual;
  verification: Bilingual;
}

export interface Branch {
  matterCode: string;
  matterName: string;
  departmentCode: string;
  steps: Step[];
  workdays: number;
  stepWorkdays: number;
  commitmentBased: boolean;
  toExamine: string[];
  /** Absent in older drafts. */
  checkedAfterDecision?: string[];
  result: string;
}

export interface BundleDraft {
  name: string;
  regionCode: string;
  matterCodes: string[];
  form: { title: string; fields: UnifiedField[]; conflicts: FieldConflict[]; duplicatesRemoved: number };
  materials: BundleMaterial[];
  removedMaterials: Array<{ matterCode: string; materialId: string; name: string; canonicalId: string | null }>;
  letter: {
    title: string;
    bundleName: string;
    basis: LegalBasis;
    notice: Bilingual[];
    commitments: Commitment[];
    consequences: Bilingual;
    declaration: Bilingual;
    excluded: Array<{ materialKey: string; name: string; exclusion: string; checkedAfterDecision?: boolean }>;
  };
  process: { processId: string; branches: Branch[]; workdays: number; criticalBranch: string | null; bpmnXml: string };
  prerequisites: Array<{ matterCode: string; prerequisite: string; hasLegalBasis: boolean; outcome: 'cut' | 'joint' }>;
  openFindings: Array<{ rule: string; severity: string; matter: string; message: Bilingual }>;
  before: BeforeFigures;
  after: AfterFigures;
  legalBases: LegalBasis[];
  fees: Array<{ matterCode: string; standard: string; basis: string }>;
  resultPackage: Array<{ matterCode: string; result: string; departmentCode: string }>;
}

export interface BundleSummary {
  id: number;
  regionCode: string;
  name: string;
  status: 'draft' | 'published';
  leadDepartmentCode: string;
  departments: string[];
  latestVersion: number;
  publishedVersion: number | null;
  serviceCode: string | null;
  processKey: string;
  deploymentId: number | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  before: BeforeFigures;
  after: AfterFigures;
  promisedWorkdays?: number;
}

export interface StoredBundle extends BundleSummary {
  version: number;
  matterCodes: string[];
  decisions: Record<string, unknown>;
  note: string;
  versionCreatedBy: string;
  versionCreatedAt: string;
  draft: BundleDraft;
}

export interface FigureRow {
  key: FigureKey | 'commitmentLetters';
  label: Bilingual;
  before: number | null;
  after: number;
}

/** The reform office's choice for a field the matters define differently. */
export interface FieldDecision {
  type?: string;
  unit?: string;
  options?: string[];
}

export interface BundleInput {
  name: string;
  matterCodes: string[];
  decisions?: Record<string, FieldDecision>;
  note?: string;
}

export type BundleDocument = 'form.pdf' | 'letter.pdf' | 'form.html' | 'letter.html' | 'figures.html' | 'process.bpmn';

export const bundleApi = {
  list: (signal?: AbortSignal) => request<{ items: BundleSummary[] }>('GET', '/api/bundles', undefined, { signal }),
  preview: (input: BundleInput) =>
    request<{ before: BeforeFigures; after: AfterFigures; draft: BundleDraft }>('POST', '/api/bundles/preview', { name: input.name, matterCodes: input.matterCodes, ...(input.decisions && Object.keys(input.decisions).length ? { decisions: input.decisions } : {}) }),
  create: (input: BundleInput) =>
    request<StoredBundle>('POST', '/api/bundles', { name: input.name, matterCodes: input.matterCodes, ...(input.decisions && Object.keys(input.decisions).length ? { decisions: input.decisions } : {}), ...(input.note ? { note: input.note } : {}) }),
  /** A new draft version, recomputed from the catalogue as it stands now. */
  revise: (id: number, input: Partial<BundleInput>) => request<StoredBundle>('PUT', `/api/bundles/${id}`, input),
  get: (id: number, version?: number, signal?: AbortSignal) => request<StoredBundle>('GET', `/api/bundles/${id}${queryString({ version })}`, undefined, { signal }),
  figures: (id: number, signal?: AbortSignal) => request<{ before: BeforeFigures; after: AfterFigures; rows: FigureRow[] }>('GET', `/api/bundles/${id}/figures`, undefined, { signal }),
  publish: (id: number) => request<{ bundle: StoredBundle; serviceCode: string; serviceVersion: number; deployment: { id: number; processKey: string; version: number } }>('POST', `/api/bundles/${id}/publish`),
  document: (id: number, doc: BundleDocument, options: { version?: number; download?: boolean } = {}) => `/api/bundles/${id}/${doc}${queryString(options)}`,
};
