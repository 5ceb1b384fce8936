// The reengineering analyzer (GET /api/analyze, POST /api/analyze/fixes), as the server's
// src/analyze serves it.
import { request } from './client.js';
import { queryString, type LedgerItem, type MatterFigures, type MatterVersion } from './catalogue.js';
import type { Bilingual } from './types.js';

export type Severity = 'error' | 'warning' | 'suggestion';
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'suggestion'];

export interface FindingLocation {
  matter: string;
  step?: string;
  material?: string;
  prerequisite?: string;
}

export interface Finding {
  /** What POST /api/analyze/fixes takes back to apply this finding's fix. */
  key: string;
  rule: string;
  severity: Severity;
  matter: string;
  departmentCode: string;
  location: FindingLocation;
  message: Bilingual;
  fix?: { matter: string; description: Bilingual; operations: Array<Record<string, unknown>> };
  details?: Record<string, unknown>;
}

export interface FindingGroup {
  count: number;
  bySeverity: Record<Severity, number>;
  /** Indexes into `findings`. */
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

export interface GroupFigures extends MatterFigures {
  matters: number;
}

export interface FiguresSet {
  catalogue: GroupFigures;
  departments: Record<string, GroupFigures>;
  matters: Record<string, MatterFigures>;
}

export interface Analysis {
  regionCode: string;
  stage: 'as_is' | 'to_be';
  summary: { findings: number; bySeverity: Record<Severity, number>; byRule: Record<string, number>; fixable: number; remainingErrors: number };
  findings: Finding[];
  byDepartment: DepartmentGroup[];
  byRule: RuleGroup[];
  /** asIs: the catalogue analysed; toBe: the same after every fix the analyzer proposes. */
  figures: { asIs: FiguresSet; toBe: FiguresSet };
}

export interface AppliedFix {
  version: Omit<MatterVersion, 'matter'>;
  ledgerItem: LedgerItem;
  applied: Finding[];
  figures: { before: MatterFigures; after: MatterFigures };
}

export const analyzeApi = {
  run: (query: { stage?: 'as_is' | 'to_be'; department?: string; rule?: string; matter?: string }, signal?: AbortSignal) =>
    request<Analysis>('GET', `/api/analyze${queryString(query)}`, undefined, { signal }),
  applyFix: (body: { matterCode: string; findings?: string[]; owner?: string; deadlineWorkdays?: number }) => request<AppliedFix>('POST', '/api/analyze/fixes', body),
};
