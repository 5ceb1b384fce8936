// Enterprise service (企业服务): the vocabulary src/enterprise and the web app share. Pure.
import type { Text } from '../shared/text.js';
import { DomainError, type StatusTable } from '../shared/errors.js';

export type { Text };

/**
 * A tier rule (分级标准): every criterion given must hold (figures in 万元; designation such
 * as 专精特新 among the enterprise's designations). Rules are tried by position; the first
 * that holds gives the tier. Each tier sets its service targets in working days.
 */
export interface TierRule {
  tier: string;
  position: number;
  label: Text;
  minTax: number | null;
  minEmployees: number | null;
  minOutput: number | null;
  designation: string | null;
  /** First contact by the service officer within this many working days (0: the same working day). */
  firstContactWorkdays: number;
  /** The request answered within this many working days. */
  answerWorkdays: number;
}

/** The figures a tier is decided on. */
export interface EnterpriseFigures {
  taxPaid: number;
  employees: number;
  outputValue: number;
  designations: string[];
}

export interface Enterprise extends EnterpriseFigures {
  uscc: string;
  regionCode: string;
  name: string;
  industry: string;
  tier: string | null;
  officer: { id: number; name: string } | null;
  contactUser: string | null;
}

/** 诉求: submitted → contacted (first contact) → answered → closed (the enterprise accepts and may rate). */
export const REQUEST_STATUSES = ['submitted', 'contacted', 'answered', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Record<RequestStatus, Text> = {
  submitted: { zh: '待联系', en: 'Awaiting contact' },
  contacted: { zh: '办理中', en: 'In hand' },
  answered: { zh: '已答复', en: 'Answered' },
  closed: { zh: '已办结', en: 'Closed' },
};

export interface RequestState {
  status: RequestStatus;
  contactDue: Date;
  answerDue: Date;
  contactedAt: Date | null;
  contactedLate: boolean | null;
  answeredAt: Date | null;
  answeredLate: boolean | null;
  answer: string;
  closedAt: Date | null;
  escalated: boolean;
}

export type EnterpriseErrorCode = 'invalid' | 'forbidden' | 'not_found' | 'conflict' | 'too_large';
export const ENTERPRISE_ERROR_STATUS: StatusTable<EnterpriseErrorCode> = { invalid: 422, forbidden: 403, not_found: 404, conflict: 409, too_large: 413 };

/** Bad input or a forbidden step: refused whole, with the reason in both languages; answered as `enterprise_<code>`. */
export class EnterpriseError extends DomainError {
  constructor(
    readonly code: EnterpriseErrorCode,
    messages: Text,
    details?: unknown,
  ) {
    super(ENTERPRISE_ERROR_STATUS[code], `enterprise_${code}`, messages, details);
  }
}

/** The demo county's default rules when the administrator has set none: 规上 A, 专精特新 B, the rest C. */
export const DEFAULT_TIER_RULES: TierRule[] = [
  {
    tier: 'A',
    position: 1,
    label: { zh: 'A 类（重点企业）', en: 'Tier A (key enterprise)' },
    minTax: 500,
    minEmployees: null,
    minOutput: null,
    designation: null,
    firstContactWorkdays: 1,
    answerWorkdays: 3,
  },
  {
    tier: 'B',
    position: 2,
    label: { zh: 'B 类（专精特新）', en: 'Tier B (specialised SME)' },
    minTax: null,
    minEmployees: null,
    minOutput: null,
    designation: '专精特新',
    firstContactWorkdays: 2,
    answerWorkdays: 5,
  },
  {
    tier: 'C',
    position: 3,
    label: { zh: 'C 类（小微企业）', en: 'Tier C (small business)' },
    minTax: null,
    minEmployees: null,
    minOutput: null,
    designation: null,
    firstContactWorkdays: 3,
    answerWorkdays: 10,
  },
];
