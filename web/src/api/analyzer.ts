// The reengineering analyzer (GET /api/analyze, POST /api/analyze/fixes), as the server's
// src/analyze serves it.
import { request } from './client.js';
import { queryString, type MatterVersion } from './catalogue.js';
import type { Bilingual } from './types.js';
// Severities, locations, findings and figures are the server's own shapes (pure modules).
import type { Finding as RuleFinding, FiguresSet, Severity } from '../../../src/analyzer/model.js';
export { SEVERITIES } from '../../../src/analyzer/model.js';
export type { FiguresSet, FindingLocation, GroupFigures, Severity } from '../../../src/analyzer/model.js';
import type { Decision, FindingDecision } from '../../../src/analyzer/decisions.js';
import type { DecideInput, DecideResult as DecisionsTaken } from '../../../src/analyzer/decision-store.js';
import type { ApplyFixResult } from '../../../src/analyzer/store.js';

/** A finding as GET /api/analyze serves it: the rule's finding with its key and department. */
export interface Finding extends RuleFinding {
  /** What POST /api/analyze/fixes takes back to apply this finding's fix. */
  key: string;
  departmentCode: string;
  /** The matter's name (served with the finding). */
  matterName?: string;
  /** The office's decision in force on it, if any (rejected ones only with `decided: 'include'`). */
  decision?: FindingDecisionView;
}

export type DecisionState = Decision;

/** The decision in force on a finding, as the findings carry it. */
export type FindingDecisionView = Pick<FindingDecision, 'decision' | 'reason' | 'decidedBy' | 'decidedAt'>;

export type DecideBody = DecideInput;

/** POST /api/analyze/decisions: the server's result, its fixes as the route serves them. */
export interface DecideResult extends Omit<DecisionsTaken, 'fixes'> {
  fixes: AppliedFix[];
}

export interface FindingGroup {
  /** Every finding of the group the filters keep, over all pages. */
  count: number;
  bySeverity: Record<Severity, number>;
  /** Undecided or deferred: what a bulk decision on the group takes. */
  raised: number;
  /** Of those, with a fix to accept. */
  fixable: number;
  /** Indexes into `findings` (this page). */
  findings: number[];
}

export interface DepartmentGroup extends FindingGroup {
  departmentCode: string;
  departmentName: string;
}

export interface RuleGroup extends FindingGroup {
  rule: string;
  docs: Bilingual & { principle: string };
  principle: Bilingual;
  severity: Severity;
}

export interface Analysis {
  regionCode: string;
  stage: 'as_is' | 'to_be';
  /** Rejected findings left out (not raised again until their matter changes). */
  rejectedHidden: number;
  /** Findings the filters keep, over all pages; this page starts at `offset`. */
  total: number;
  offset: number;
  limit: number;
  nextOffset: number | null;
  /** Findings by the office's decision (before the decision filter). */
  byDecision: Record<'all' | 'undecided' | DecisionState, number>;
  summary: { findings: number; bySeverity: Record<Severity, number>; byRule: Record<string, number>; fixable: number; remainingErrors: number };
  findings: Finding[];
  byDepartment: DepartmentGroup[];
  byRule: RuleGroup[];
  /** asIs: the catalogue analysed; toBe: the same after every fix the analyzer proposes. */
  figures: { asIs: FiguresSet; toBe: FiguresSet };
}

/** An applied fix as the route serves it: the new version without its matter, the findings with their keys. */
export interface AppliedFix extends Omit<ApplyFixResult, 'version' | 'applied'> {
  version: Omit<MatterVersion, 'matter'>;
  applied: Finding[];
}

/** What GET /api/analyze filters by (before paging) and which page it serves. */
export type AnalyzerQuery = {
  stage?: 'as_is' | 'to_be';
  department?: string;
  rule?: string;
  matter?: string;
  q?: string;
  decided?: 'hide' | 'include';
  decision?: 'all' | 'undecided' | DecisionState;
  /** At most 500; 0 = counts and groups only. */
  limit?: number;
  offset?: number;
};

export const analyzerApi = {
  run: (query: AnalyzerQuery, signal?: AbortSignal) => request<Analysis>('GET', `/api/analyze${queryString(query)}`, undefined, { signal }),
  /** Accept, reject (with a reason) or defer findings: a list, or in bulk by rule, department or matter; all or nothing. */
  decide: (body: DecideBody) => request<DecideResult>('POST', '/api/analyze/decisions', body),
  applyFix: (body: { matterCode: string; findings?: string[]; owner?: string; deadlineWorkdays?: number }) => request<AppliedFix>('POST', '/api/analyze/fixes', body),
};
