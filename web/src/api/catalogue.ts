// The matter catalogue and the reengineering ledger (GET/POST /api/catalog/...), as the
// server's src/catalog serves them. Calls go through request() in client.ts.
import { request } from './client.js';

// The catalogue's vocabulary and shapes are the server's own (pure modules, safe in the browser).
import type { LedgerStatus, MatterFigures, MatterKind, MatterVersion, VersionStage } from '../../../src/catalogue/model.js';

import type { compareVersions, ImportResult, MatterDetail, MatterSummary } from '../../../src/catalogue/store.js';

import type { LedgerItemView as LedgerItem } from '../../../src/catalogue/ledger.js';
import type { LedgerAttachment } from '../../../src/catalogue/model.js';
export { ISSUER_TYPE_LABELS, LEDGER_STATUSES, LEDGER_TRANSITIONS, MATTER_KINDS, STEP_KINDS } from '../../../src/catalogue/model.js';
export type {
  CatalogueDictionaries,
  DictionaryField,
  DictionaryMaterial,
  FormField,
  LegalBasis,
  LegalRoute,
  LedgerStatus,
  Material,
  MaterialSource,
  Matter,
  MatterFigures,
  MatterKind,
  MatterVersion,
  Prerequisite,
  Step,
  StepKind,
  VersionStage,
} from '../../../src/catalogue/model.js';
export type { ChangeStatus, MatterDiff, SideBySideRow } from '../../../src/catalogue/versions.js';
export type { MatterSummary } from '../../../src/catalogue/store.js';

export const MATTER_FIGURE_KEYS = [
  'materials',
  'materialsToSubmit',
  'steps',
  'departments',
  'stamps',
  'countersigns',
  'visits',
  'promisedDays',
  'criticalPathDays',
] as const satisfies ReadonlyArray<keyof MatterFigures>;

/** A matter with its versions as-is and to-be, its summary and the dictionary entries it uses. */
export type { MatterDetail } from '../../../src/catalogue/store.js';
/** Two versions of a matter and what changed between them. */
export type Comparison = Awaited<ReturnType<typeof compareVersions>>;
/** A problem of an import file: sheet, row, column, value and reason. */
export type { ImportProblem } from '../../../src/catalogue/files/tabular.js';
/** What an import would take away from a matter that has it now (409 removals_need_confirmation). */
export type { Removal as ImportRemoval } from '../../../src/catalogue/removals.js';

export interface ImportAnswer {
  imported: boolean;
  matters: number;
  result: ImportResult | null;
}

export type { LedgerAttachment } from '../../../src/catalogue/model.js';
/** A ledger item as the API serves it: with department and matter names, overdue flag and figures. */
export type { LedgerItemView as LedgerItem } from '../../../src/catalogue/ledger.js';

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
  importFile: (body: { fileName: string; content: string; dryRun?: boolean; allowRemovals?: boolean; stage?: VersionStage; note?: string }) =>
    request<ImportAnswer>('POST', '/api/catalog/import', body),
  ledger: (query: { status?: LedgerStatus; department?: string; overdue?: boolean }, signal?: AbortSignal) =>
    request<{ items: LedgerItem[] }>('GET', `/api/catalog/ledger${queryString(query)}`, undefined, { signal }),
  /** Changes an item: its deadline in working days is recounted on the calendar (暂定 when the year's arrangement is not loaded). */
  updateLedgerItem: (id: number, patch: { owner?: string; deadlineWorkdays?: number; startDate?: string }) => request<LedgerItem>('PATCH', `/api/catalog/ledger/${id}`, patch),
  setLedgerStatus: (id: number, status: LedgerStatus) => request<LedgerItem>('POST', `/api/catalog/ledger/${id}/status`, { status }),
  addLedgerAttachment: (id: number, file: { fileName: string; contentType: string; content: string }) =>
    request<LedgerAttachment>('POST', `/api/catalog/ledger/${id}/attachments`, file),
};

/** Where the browser downloads files the server writes (same origin, the session cookie goes along). */
export const catalogueFiles = {
  template: '/api/catalog/template',
  export: (format: 'xlsx' | 'csv' | 'json' | 'yaml') => `/api/catalog/export${queryString({ format })}`,
  ledgerReport: '/api/catalog/ledger/report',
  ledgerAttachment: (id: number, attachmentId: number) => `/api/catalog/ledger/${id}/attachments/${attachmentId}`,
};
