// The cases API (src/http/routes/cases*.ts) as the pages use it; shapes are the server's own.
import { request } from '../../api/client.js';
import type { CaseDetail, CaseSummary } from '../../../../src/cases/store.js';
import type { Category, Tier } from '../../../../src/cases/model.js';
import type { UnitFigures } from '../../../../src/cases/metrics.js';
import type { RecurringProblem } from '../../../../src/cases/metrics.js';
import type { Ranking, Reward } from '../../../../src/cases/figures.js';

export type { CaseDetail, CaseSummary, Category, Tier, UnitFigures, RecurringProblem };
export type BoardCounts = Record<'new' | 'overdue' | 'whistled' | 'bounced' | 'leader', number>;
/** A month's ranking of one tier's units, a reward or penalty decided on one, a nearby open case of the same kind. */
export type { Ranking, Reward } from '../../../../src/cases/figures.js';
export type { DuplicateCandidate as Duplicate } from '../../../../src/cases/service.js';

export const casesApi = {
  categories: () => request<{ items: Category[] }>('GET', '/api/cases/categories'),
  board: () => request<BoardCounts>('GET', '/api/cases/board'),
  list: (view: string) => request<{ total: number; cases: CaseSummary[] }>('GET', `/api/cases?view=${encodeURIComponent(view)}&limit=100`),
  get: (id: number) => request<CaseDetail>('GET', `/api/cases/${id}`),
  report: (body: Record<string, unknown>) => request<CaseDetail>('POST', '/api/cases', body),
  step: (id: number, body: Record<string, unknown>) => request<CaseDetail>('POST', `/api/cases/${id}/steps`, body),
  whistle: (id: number, departmentIds: number[]) => request<CaseDetail>('POST', `/api/cases/${id}/whistles`, { departmentIds }),
  reportIn: (id: number, body: Record<string, unknown>) => request<CaseDetail>('POST', `/api/cases/${id}/report-in`, body),
  ranking: (month: string, tier: Tier) => request<Ranking>('GET', `/api/cases/rankings?month=${month}&tier=${tier}`),
  rewards: (month: string) => request<{ items: Reward[] }>('GET', `/api/cases/rewards?month=${month}`),
  recordReward: (body: Omit<Reward, 'id' | 'decidedBy' | 'decidedAt' | 'unitName'>) => request<{ id: number }>('POST', '/api/cases/rewards', body),
  problems: (month: string) => request<{ items: RecurringProblem[] }>('GET', `/api/cases/problems?month=${month}`),
};

/** A file as base64 (the API takes photos as base64 text). */
export function fileBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(file);
  });
}

/** The device's position, or null when it is not available. */
export function currentPosition(): Promise<{ lat: number; lng: number } | null> {
  return new Promise((resolve) => {
    if (!globalThis.navigator?.geolocation) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: Math.round(p.coords.latitude * 1e6) / 1e6, lng: Math.round(p.coords.longitude * 1e6) / 1e6 }),
      () => resolve(null),
      { timeout: 10_000 },
    );
  });
}
