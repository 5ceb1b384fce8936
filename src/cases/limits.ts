// Time limits (时限) per category and tier, and the deadlines they give on the one calendar:
// response within business hours (09:00–12:00, 13:30–17:30 by default), handling within
// working days. The administrator edits the table; the most specific row wins.
import type { WorkCalendar } from '../calendar/index.js';
import type { Due, Tier } from './model.js';

export interface TimeLimit {
  regionCode: string;
  categoryCode: string; // '*' = every category
  tier: Tier;
  responseHours: number;
  handleWorkdays: number;
}

/** Used when the table has no row for a tier at all (a county that has not set its limits yet). */
export const FALLBACK_LIMITS: Record<Tier, { responseHours: number; handleWorkdays: number }> = {
  village: { responseHours: 2, handleWorkdays: 3 },
  township: { responseHours: 2, handleWorkdays: 5 },
  department: { responseHours: 4, handleWorkdays: 7 },
};

/**
 * The limit for a case: rows of the tier whose region is the case's region or above it;
 * a named category beats '*', then the longer (more local) region code wins.
 */
export function findLimit(limits: readonly TimeLimit[], categoryCode: string, tier: Tier, caseRegion: string): { responseHours: number; handleWorkdays: number } {
  let best: TimeLimit | null = null;
  const rank = (l: TimeLimit) => (l.categoryCode === '*' ? 0 : 1000) + l.regionCode.length;
  for (const l of limits) {
    if (l.tier !== tier || !caseRegion.startsWith(l.regionCode)) continue;
    if (l.categoryCode !== '*' && l.categoryCode !== categoryCode) continue;
    if (!best || rank(l) > rank(best)) best = l;
  }
  return best ? { responseHours: best.responseHours, handleWorkdays: best.handleWorkdays } : FALLBACK_LIMITS[tier];
}

/** Urgent cases get half the response time (at least a quarter hour). */
export function dueFrom(calendar: WorkCalendar, from: Date, limit: { responseHours: number; handleWorkdays: number }, urgent = false): Due {
  const hours = urgent ? Math.max(0.25, limit.responseHours / 2) : limit.responseHours;
  return {
    responseDue: calendar.addBusinessSeconds(from, Math.round(hours * 3600)),
    handleDue: calendar.addWorkdaysToInstant(from, limit.handleWorkdays),
  };
}
