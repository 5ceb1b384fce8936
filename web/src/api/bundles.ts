// One-thing bundles (/api/bundles), as the server's src/bundle serves them.
import { request } from './client.js';
import { queryString } from './catalogue.js';
import type { Bilingual } from './types.js';
// The bundle's shapes are the server's own (pure modules, safe in the browser).
import type { FigureKey } from '../../../src/bundle/model.js';
export { FIGURE_KEYS, MATERIAL_DISPOSITIONS } from '../../../src/bundle/model.js';
export type {
  AfterFigures,
  BeforeFigures,
  Branch,
  BundleDraft,
  BundleMaterial,
  Commitment,
  FieldConflict,
  FieldDecision,
  FigureKey,
  MaterialDisposition,
  UnifiedField,
} from '../../../src/bundle/model.js';
export type { BundleListItem as BundleSummary, PublishPreview, StoredBundle } from '../../../src/bundle/store.js';
export type { BundleReliance, BundleVeto, RelianceKind } from '../../../src/bundle/reliances.js';
export type { BundleChanges } from '../../../src/bundle/changes.js';
export type { OfficialFigure, OfficialFigureKey, OfficialStage } from '../../../src/bundle/official-figures.js';
import type { OfficialFigure, OfficialFigureKey, OfficialStage } from '../../../src/bundle/official-figures.js';
import type { AfterFigures, BeforeFigures, BundleDraft, FieldDecision } from '../../../src/bundle/model.js';
import type { BundleListItem as BundleSummary, PublishPreview, StoredBundle } from '../../../src/bundle/store.js';

export interface FigureRow {
  key: FigureKey | 'commitmentLetters';
  label: Bilingual;
  before: number | null;
  after: number | null;
  officialBefore: number | null;
  officialAfter: number | null;
}

export interface BundleInput {
  name: string;
  matterCodes: string[];
  decisions?: Record<string, FieldDecision>;
  note?: string;
  /** The one-window department (综合窗口); default the lead matter's department. */
  windowDepartmentCode?: string;
}

export type BundleDocument = 'form.pdf' | 'letter.pdf' | 'form.html' | 'letter.html' | 'figures.html' | 'process.bpmn';

export const bundleApi = {
  list: (signal?: AbortSignal) => request<{ items: BundleSummary[] }>('GET', '/api/bundles', undefined, { signal }),
  preview: (input: BundleInput) =>
    request<{ before: BeforeFigures; after: AfterFigures; draft: BundleDraft }>('POST', '/api/bundles/preview', {
      name: input.name,
      matterCodes: input.matterCodes,
      ...(input.decisions && Object.keys(input.decisions).length ? { decisions: input.decisions } : {}),
      ...(input.windowDepartmentCode ? { windowDepartmentCode: input.windowDepartmentCode } : {}),
    }),
  create: (input: BundleInput) =>
    request<StoredBundle>('POST', '/api/bundles', {
      name: input.name,
      matterCodes: input.matterCodes,
      ...(input.decisions && Object.keys(input.decisions).length ? { decisions: input.decisions } : {}),
      ...(input.note ? { note: input.note } : {}),
      ...(input.windowDepartmentCode ? { windowDepartmentCode: input.windowDepartmentCode } : {}),
    }),
  /** A new draft version, recomputed from the catalogue as it stands now. */
  revise: (id: number, input: Partial<BundleInput>) => request<StoredBundle>('PUT', `/api/bundles/${id}`, input),
  get: (id: number, version?: number, signal?: AbortSignal) => request<StoredBundle>('GET', `/api/bundles/${id}${queryString({ version })}`, undefined, { signal }),
  figures: (id: number, signal?: AbortSignal) =>
    request<{ before: BeforeFigures; after: AfterFigures; rows: FigureRow[] }>('GET', `/api/bundles/${id}/figures`, undefined, { signal }),
  /** Publishes the latest version; over a published one only with `confirm` (after the changes were shown). */
  publish: (id: number, confirm = false) =>
    request<{ bundle: StoredBundle; serviceCode: string; serviceVersion: number; deployment: { id: number; processKey: string; version: number } }>(
      'POST',
      `/api/bundles/${id}/publish${confirm ? '?confirm=true' : ''}`,
    ),
  publishPreview: (id: number) => request<PublishPreview>('GET', `/api/bundles/${id}/publish-preview`),
  /** Vetoes a fix or replacement the bundle relies on: a new version computed without it. */
  veto: (id: number, key: string, reason: string) => request<StoredBundle>('POST', `/api/bundles/${id}/vetoes`, { key, reason }),
  liftVeto: (id: number, key: string) => request<StoredBundle>('DELETE', `/api/bundles/${id}/vetoes${queryString({ key })}`),
  /** Decides a conflicting form field: a new version with the decision applied. */
  decideField: (id: number, field: string, decision: FieldDecision) => request<StoredBundle>('PUT', `/api/bundles/${id}/field-decisions/${encodeURIComponent(field)}`, decision),
  officialFigures: (id: number, signal?: AbortSignal) => request<{ figures: OfficialFigure[] }>('GET', `/api/bundles/${id}/official-figures`, undefined, { signal }),
  recordOfficialFigure: (id: number, stage: OfficialStage, figure: OfficialFigureKey, input: { value: number; source: string; publishedOn: string }) =>
    request<OfficialFigure>('PUT', `/api/bundles/${id}/official-figures/${stage}/${figure}`, input),
  removeOfficialFigure: (id: number, stage: OfficialStage, figure: OfficialFigureKey) => request<void>('DELETE', `/api/bundles/${id}/official-figures/${stage}/${figure}`),
  document: (id: number, doc: BundleDocument, options: { version?: number; download?: boolean } = {}) => `/api/bundles/${id}/${doc}${queryString(options)}`,
};
