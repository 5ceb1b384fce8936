// The responsibility list (责任清单): category × region → who handles it. The most specific
// row wins: a named category before '*', then the longest region prefix of the case's region.
import type { Tier } from './model.js';

export interface Responsibility {
  id?: number;
  regionCode: string;
  categoryCode: string; // '*' = every category
  tier: Tier;
  departmentId: number | null;
}

export function findResponsibility(rows: readonly Responsibility[], categoryCode: string, caseRegion: string): Responsibility | null {
  let best: Responsibility | null = null;
  const rank = (r: Responsibility) => (r.categoryCode === '*' ? 0 : 1000) + r.regionCode.length;
  for (const r of rows) {
    if (!caseRegion.startsWith(r.regionCode)) continue;
    if (r.categoryCode !== '*' && r.categoryCode !== categoryCode) continue;
    if (!best || rank(r) > rank(best)) best = r;
  }
  return best;
}

/**
 * The village and township a region code lies in (GB/T 2260 style: county 6 digits,
 * township 9, village 12; a grid is a longer code below its village).
 */
export function tierRegion(regionCode: string, tier: 'village' | 'township'): string | null {
  const len = tier === 'village' ? 12 : 9;
  return regionCode.length >= len ? regionCode.slice(0, len) : null;
}

export function countyOf(regionCode: string): string {
  return regionCode.slice(0, 6);
}
