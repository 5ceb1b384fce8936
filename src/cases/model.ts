// Closed-loop grass-roots cases (诉求案件): the vocabulary every part of src/cases and the
// web app share. Pure: no Node.js, no database.
import type { Text } from '../shared/text.js';
import { DomainError, type StatusTable } from '../shared/errors.js';

export type { Text };

/**
 * The GB/T 30428 stages on the seed's loop: 立案 (accepted) → 派遣 (assigned) → 处置
 * (handling, after the unit responds) → 反馈 (checking: the unit's feedback awaits the
 * on-site check) → 核查 (checked) → 结案 (closed) → 评价 (evaluated). A failed check sends
 * the case back to handling (reopened).
 */
export const CASE_STATUSES = ['accepted', 'assigned', 'handling', 'checking', 'checked', 'closed', 'evaluated'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, { zh: string; en: string }> = {
  accepted: { zh: '已立案', en: 'Accepted' },
  assigned: { zh: '已派遣', en: 'Assigned' },
  handling: { zh: '处置中', en: 'Handling' },
  checking: { zh: '待核查', en: 'Awaiting check' },
  checked: { zh: '已核查', en: 'Checked' },
  closed: { zh: '已结案', en: 'Closed' },
  evaluated: { zh: '已评价', en: 'Evaluated' },
};

/** A case is finished (for Open311 `closed`, ratings, figures) once it is closed or evaluated. */
export function isFinished(status: CaseStatus): boolean {
  return status === 'closed' || status === 'evaluated';
}

export const TIERS = ['village', 'township', 'department'] as const;
export type Tier = (typeof TIERS)[number];
export const TIER_LABELS: Record<Tier, { zh: string; en: string }> = {
  village: { zh: '村（社区）', en: 'Village' },
  township: { zh: '镇（街道）', en: 'Township' },
  department: { zh: '县级部门', en: 'County department' },
};

export const CHANNELS = ['grid', 'hotline', 'open311', 'enterprise'] as const;
export type Channel = (typeof CHANNELS)[number];
export const CHANNEL_LABELS: Record<Channel, { zh: string; en: string }> = {
  grid: { zh: '网格员上报', en: 'Grid worker' },
  hotline: { zh: '12345 热线', en: '12345 hotline' },
  open311: { zh: 'Open311', en: 'Open311' },
  enterprise: { zh: '企业诉求', en: 'Enterprise' },
};

export const URGENCIES = ['normal', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Satisfaction 1..5: 非常不满意 … 非常满意; 4 and 5 count as satisfied. */
export const SATISFIED_AT_LEAST = 4;
export const SATISFACTION_LABELS: Record<number, { zh: string; en: string }> = {
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  3: { zh: '基本满意', en: 'Fairly satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  5: { zh: '非常满意', en: 'Very satisfied' },
};

/** The unit a case is assigned to: a village or township office, or a county department. */
export interface CaseUnit {
  tier: Tier;
  /** The village or township; for a department, the department's region. */
  regionCode: string;
  departmentId: number | null;
  name: string;
}

/** The part of a case its lifecycle reads and changes. */
export interface CaseState {
  status: CaseStatus;
  unit: CaseUnit | null;
  transfers: number;
  bounced: boolean;
  reopened: number;
  escalations: number;
  leaderFlagged: boolean;
  satisfaction: number | null;
  statusNotes: string;
  assignedAt: Date | null;
  responseDue: Date | null;
  respondedAt: Date | null;
  respondedLate: boolean | null;
  handleDue: Date | null;
  handledAt: Date | null;
  handledLate: boolean | null;
  closedAt: Date | null;
  evaluatedAt: Date | null;
}

export interface Due {
  responseDue: Date;
  handleDue: Date;
}

/** Everything that moves a case. Deadlines are computed by the caller (src/cases/limits.ts). */
export type CaseAction =
  | { type: 'assign'; unit: CaseUnit; due: Due }
  | { type: 'respond' }
  | { type: 'return'; reason: string }
  | { type: 'escalate'; unit: CaseUnit; due: Due; reason: string; automatic: boolean }
  | { type: 'flag_leader'; reason: string }
  | { type: 'handle'; feedback: string }
  | { type: 'check'; passed: boolean; note: string; due?: Due }
  | { type: 'close'; note: string }
  | { type: 'evaluate'; satisfaction: number; comment: string };
export type CaseActionType = CaseAction['type'];

export const CASE_ERROR_STATUS: StatusTable<CaseErrorCode> = {
  invalid: 422,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_transition: 409,
  check_required: 409,
  too_large: 413,
};
export type CaseErrorCode = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'invalid_transition' | 'check_required' | 'too_large';

/** Bad input or a forbidden step: refused whole, with a reason in both languages. A `details.code` is the code callers see. */
export class CaseError extends DomainError {
  constructor(
    readonly code: CaseErrorCode,
    messages: Text,
    details?: unknown,
  ) {
    super(CASE_ERROR_STATUS[code], (details as { code?: string } | undefined)?.code ?? code, messages, details);
  }
}

/** Open311 and the responsibility list: how a category is described. */
export const ATTRIBUTE_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type AttributeDatatype = (typeof ATTRIBUTE_DATATYPES)[number];

export interface CategoryAttribute {
  code: string;
  datatype: AttributeDatatype;
  required: boolean;
  description: string;
  datatypeDescription?: string;
  order: number;
  values?: Array<{ key: string; name: string }>;
}

export interface Category {
  code: string;
  regionCode: string;
  name: Text;
  description: string;
  keywords: string;
  group: string;
  attributes: CategoryAttribute[];
  active: boolean;
}

export interface Weights {
  response: number;
  resolution: number;
  satisfaction: number;
}
export const DEFAULT_WEIGHTS: Weights = { response: 30, resolution: 35, satisfaction: 35 };

export interface CaseSettings {
  regionCode: string;
  whistleMinutes: number;
  bounceThreshold: number;
  duplicateMetres: number;
  duplicateHours: number;
  smallSample: number;
  weights: Weights;
  /** [minLng, minLat, maxLng, maxLat] */
  bbox: [number, number, number, number] | null;
}

export const DEFAULT_SETTINGS: Omit<CaseSettings, 'regionCode'> = {
  whistleMinutes: 30,
  bounceThreshold: 2,
  duplicateMetres: 200,
  duplicateHours: 72,
  smallSample: 5,
  weights: DEFAULT_WEIGHTS,
  bbox: null,
};
