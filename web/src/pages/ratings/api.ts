// The ratings API (src/http/routes/rating*.ts) as the ratings pages use it; the shapes are the server's own.
import { request } from '../../api/client.js';
import type { Board } from '../../../../src/rating/board.js';
import type { Dimension, Evaluation, Level, OccurrenceKind, RatingRules, RatingView, Reason } from '../../../../src/rating/model.js';
import type { Ranking, PublishedRanking } from '../../../../src/rating/rankings.js';
import type { AppealGround, CaseStatus, FollowUpMethod } from '../../../../src/rating/rectification.js';
import type { CaseDetail, CaseView, RateableItem } from '../../../../src/rating/store.js';

export type { Board, CaseDetail, CaseView, Dimension, Level, PublishedRanking, RateableItem, Ranking, RatingRules, RatingView, Reason };

export interface RateBody {
  occurrenceKind: OccurrenceKind;
  occurrenceId: string;
  evaluation?: Evaluation;
  level: Level;
  reasons: Reason[];
  comment: string;
  channel: 'portal' | 'mobile' | 'pad';
}

const q = (params: Record<string, string | undefined>) => {
  const s = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return s ? `?${s}` : '';
};

export const ratingsApi = {
  mine: () => request<{ items: RateableItem[] }>('GET', '/api/ratings/mine'),
  rate: (body: RateBody) => request<RatingView>('POST', '/api/ratings', body),
  cases: (status?: CaseStatus) => request<{ items: CaseView[]; total: number }>('GET', `/api/rectifications${q({ status })}`),
  case: (id: number) => request<CaseDetail>('GET', `/api/rectifications/${id}`),
  verify: (id: number, note: string) => request<CaseDetail>('POST', `/api/rectifications/${id}/verify`, { note }),
  rectify: (id: number, body: { measures: string; feedback: string; evidence: Array<{ name: string; note: string }> }) =>
    request<CaseDetail>('POST', `/api/rectifications/${id}/rectify`, body),
  appeal: (id: number, body: { ground: AppealGround; statement: string }) => request<CaseDetail>('POST', `/api/rectifications/${id}/appeal`, body),
  reviewAppeal: (id: number, body: { upheld: boolean; note: string }) => request<CaseDetail>('POST', `/api/rectifications/${id}/appeal-review`, body),
  followUp: (id: number, body: { method: FollowUpMethod; reached: boolean; satisfied: boolean | null; note: string }) =>
    request<CaseDetail>('POST', `/api/rectifications/${id}/follow-up`, body),
  close: (id: number, note: string) => request<CaseDetail>('POST', `/api/rectifications/${id}/close`, { note }),
  ranking: (dimension: Dimension, month: string) => request<Ranking>('GET', `/api/ratings/rankings${q({ dimension, month })}`),
  publish: (dimension: Dimension, month: string) => request<PublishedRanking>('POST', '/api/ratings/rankings/history', { dimension, month }),
  history: (dimension: Dimension) => request<{ items: PublishedRanking[] }>('GET', `/api/ratings/rankings/history${q({ dimension })}`),
  board: (p: { month: string; regionCode?: string; departmentCode?: string }) => request<Board>('GET', `/api/ratings/board${q(p)}`),
  rules: () => request<RatingRules>('GET', '/api/ratings/rules'),
  setRules: (rules: Partial<RatingRules>) => request<RatingRules>('PUT', '/api/ratings/rules', rules),
  linkTarget: (token: string) => request<{ name: string; endedAt: string | null; rated: boolean; expiresAt: string }>('GET', `/api/ratings/by-link${q({ token })}`),
  rateByLink: (token: string, body: { level: Level; reasons: Reason[]; comment: string }) => request<{ id: number }>('POST', '/api/ratings/by-link', { token, ...body }),
  exportUrl: (month: string) => `/api/ratings/export.xlsx${q({ month })}`,
  reportUrl: (kind: 'week' | 'month') => `/api/ratings/board.pdf${q({ kind })}`,
};

/** 'YYYY-MM' of today in Asia/Shanghai. */
export function thisMonth(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7);
}

export const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
