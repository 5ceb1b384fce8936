// The window's visits as the pad pages use them: the API and the pure rules of what the clerk
// may do next with a visit (end it, turn the pad to the visitor, nothing).
import { request } from '../../api/client.js';
import type { VisitInput, VisitView } from '../../../../src/rating/visits.js';

export type { VisitInput, VisitView };

export const visitsApi = {
  list: () => request<{ items: VisitView[] }>('GET', '/api/ratings/visits'),
  get: (id: number) => request<VisitView>('GET', `/api/ratings/visits/${id}`),
  open: (body: VisitInput) => request<VisitView>('POST', '/api/ratings/visits', body),
  end: (id: number) => request<VisitView>('POST', `/api/ratings/visits/${id}/end`),
};

/** What happens next to a visit: it is going on (end it), ended and unrated (turn the pad), or rated. */
export type VisitStep = 'in_progress' | 'to_rate' | 'rated';

export function visitStep(v: Pick<VisitView, 'endedAt' | 'rated'>): VisitStep {
  if (v.endedAt === null) return 'in_progress';
  return v.rated ? 'rated' : 'to_rate';
}

/** The fields the clerk fills in, trimmed, empty ones left out (the server names the window after the clerk then). */
export function visitBody(form: { windowCode?: string; matterName?: string; visitor?: string; visitorName?: string }): VisitInput {
  const body: VisitInput = {};
  for (const key of ['windowCode', 'matterName', 'visitor', 'visitorName'] as const) {
    const value = form[key]?.trim();
    if (value) body[key] = value;
  }
  return body;
}

/** 'HH:mm' of a Shanghai ISO instant, for the visit list. */
export const clockTime = (iso: string | null) => (iso ? iso.slice(11, 16) : '—');
