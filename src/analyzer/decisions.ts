// Decisions on findings, as pure rules. The reform office decides each finding — accept (its
// fix makes the to-be version), reject with a reason, or defer — and a decision holds while
// the matter it was about is unchanged: the matter's content hash is kept with it, and a
// finding whose matter has changed since is raised again as undecided.
import crypto from 'node:crypto';
import type { Matter } from '../catalogue/model.js';
import type { Finding } from './model.js';

export const DECISIONS = ['accepted', 'rejected', 'deferred'] as const;
export type Decision = (typeof DECISIONS)[number];

export const DECISION_LABELS: Record<Decision, { zh: string; en: string }> = {
  accepted: { zh: '采纳', en: 'accepted' },
  rejected: { zh: '不采纳', en: 'rejected' },
  deferred: { zh: '暂缓', en: 'deferred' },
};

export interface FindingDecision {
  id: number;
  regionCode: string;
  matterCode: string;
  findingKey: string;
  rule: string;
  decision: Decision;
  reason: string;
  matterHash: string;
  ledgerItemId: number | null;
  decidedBy: string;
  decidedByName: string;
  decidedAt: string;
}

/** Content hash of a matter's design: what a decision on one of its findings was about. */
export function matterHash(matter: Matter): string {
  return crypto.createHash('sha256').update(canonicalJson(matter)).digest('hex').slice(0, 32);
}

/** JSON with object keys sorted, so the same content always hashes the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The decision in force on each finding: the newest decision on its key whose matter hash is
 * the matter's hash now. Decisions made on an older state of the matter no longer hold.
 */
export function decisionsInForce(
  findings: ReadonlyArray<Pick<Finding, 'matter'> & { key: string }>,
  decisions: ReadonlyArray<FindingDecision>,
  hashOf: (matterCode: string) => string | undefined,
): Map<string, FindingDecision> {
  const newest = new Map<string, FindingDecision>();
  for (const d of decisions) {
    if (hashOf(d.matterCode) !== d.matterHash) continue;
    const key = `${d.matterCode}\u0000${d.findingKey}`;
    const seen = newest.get(key);
    if (!seen || d.id > seen.id) newest.set(key, d);
  }
  const out = new Map<string, FindingDecision>();
  for (const f of findings) {
    const d = newest.get(`${f.matter}\u0000${f.key}`);
    if (d) out.set(f.key, d);
  }
  return out;
}

/** Findings the office still has to decide, or has deferred: rejected ones are not raised again. */
export function isRaised(decision: FindingDecision | undefined): boolean {
  return decision?.decision !== 'rejected' && decision?.decision !== 'accepted';
}
