// 好差评: the vocabulary of ratings (国办发〔2019〕51号; GB/T 39734-2020 一次一评/一事一评,
// GB/T 39735-2020 the evaluation work). Pure: the web app imports it too.
import type { Text } from '../shared/text.js';
import { DomainError, type StatusTable } from '../shared/errors.js';

export type { Text };

/** The five levels, best first. The stored value is the score: 5 非常满意 … 1 非常不满意. */
export const LEVELS = [5, 4, 3, 2, 1] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABELS: Record<Level, Text> = {
  5: { zh: '非常满意', en: 'Very satisfied' },
  4: { zh: '满意', en: 'Satisfied' },
  3: { zh: '基本满意', en: 'Basically satisfied' },
  2: { zh: '不满意', en: 'Dissatisfied' },
  1: { zh: '非常不满意', en: 'Very dissatisfied' },
};

export function isLevel(value: unknown): value is Level {
  return typeof value === 'number' && (LEVELS as readonly number[]).includes(value);
}

/** 差评: the bottom two levels (不满意, 非常不满意). Every one opens a rectification case. */
export function isNegative(level: Level): boolean {
  return level <= 2;
}

/**
 * 好评: every level that is not 差评 (非常满意, 满意, 基本满意), as the national platform counts
 * 好评率 = (评价总数 − 差评数) / 评价总数.
 */
export function isPositive(level: Level): boolean {
  return level >= 3;
}

/** What is rated: a process instance now; the one-window service, cases and window visits plug in later. */
export const OCCURRENCE_KINDS = ['instance', 'application', 'case', 'window_visit', 'enterprise_request'] as const;
export type OccurrenceKind = (typeof OCCURRENCE_KINDS)[number];

/** 一次一评 rates one service occurrence; 一事一评 the whole matter once it is done. */
export const EVALUATIONS = ['occurrence', 'matter'] as const;
export type Evaluation = (typeof EVALUATIONS)[number];

export const EVALUATION_LABELS: Record<Evaluation, Text> = {
  occurrence: { zh: '一次一评', en: 'Per service occurrence' },
  matter: { zh: '一事一评', en: 'Per matter' },
};

/** Where a rating came from. `default` is the rating given after N days without one (where the rules say so). */
export const CHANNELS = ['portal', 'mobile', 'pad', 'notice_link', 'default'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, Text> = {
  portal: { zh: '网上办事大厅', en: 'Online portal' },
  mobile: { zh: '移动端', en: 'Phone' },
  pad: { zh: '窗口评价器', en: 'Window rating pad' },
  notice_link: { zh: '短信/通知链接', en: 'Notice link' },
  default: { zh: '默认评价', en: 'Default rating' },
};

/** Reasons a rater may tick, from the lists the provincial platforms use. */
export const REASONS = [
  'fast',
  'convenient',
  'courteous',
  'clear_guidance',
  'too_many_materials',
  'too_many_visits',
  'slow',
  'unclear_guidance',
  'poor_attitude',
  'online_unusable',
  'fees',
  'other',
] as const;
export type Reason = (typeof REASONS)[number];

export const REASON_LABELS: Record<Reason, Text> = {
  fast: { zh: '办理快捷', en: 'Quick' },
  convenient: { zh: '流程简便', en: 'Simple procedure' },
  courteous: { zh: '服务热情', en: 'Courteous service' },
  clear_guidance: { zh: '指引清楚', en: 'Clear guidance' },
  too_many_materials: { zh: '材料要求多', en: 'Too many materials' },
  too_many_visits: { zh: '多次跑动', en: 'Too many visits' },
  slow: { zh: '办理时间长', en: 'Took too long' },
  unclear_guidance: { zh: '政策解释不清', en: 'Unclear guidance' },
  poor_attitude: { zh: '服务态度差', en: 'Poor attitude' },
  online_unusable: { zh: '网上办理不便', en: 'Online service hard to use' },
  fees: { zh: '收费问题', en: 'Fees' },
  other: { zh: '其他', en: 'Other' },
};

export const MAX_REASONS = REASONS.length;
export const MAX_COMMENT = 500;

export const DIMENSIONS = ['department', 'officer', 'matter', 'township', 'window'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const DIMENSION_LABELS: Record<Dimension, Text> = {
  department: { zh: '部门', en: 'Department' },
  officer: { zh: '工作人员', en: 'Officer' },
  matter: { zh: '事项', en: 'Matter' },
  township: { zh: '乡镇（街道）', en: 'Township' },
  window: { zh: '窗口', en: 'Window' },
};

/** A rating as it leaves the API. */
export interface RatingView {
  id: number;
  regionCode: string;
  occurrenceKind: OccurrenceKind;
  occurrenceId: string;
  evaluation: Evaluation;
  rater: string;
  anonymous: boolean;
  channel: Channel;
  level: Level;
  reasons: Reason[];
  comment: string;
  ratedAt: string;
  departmentCode: string | null;
  officer: string | null;
  matterCode: string | null;
  matterName: string | null;
  windowCode: string | null;
  /** Excluded from scores because an appeal was upheld (the rating and both decisions are kept). */
  excluded: boolean;
  /** The rectification case of a 差评. */
  caseId: number | null;
  /** What the department told the rater after rectifying (shown to the rater). */
  feedback: string | null;
}

/** The county's rules for ratings; defaults apply where a county has set none. */
export interface RatingRules {
  /** Working days a department has to rectify a verified 差评 (commonly 5, or 15 for complex matters). */
  rectifyWorkdays: number;
  /** Working days after verification within which a department may appeal. */
  appealWorkdays: number;
  /** Days after a finished occurrence without a rating when a default rating is given; null = never (the default). */
  defaultAfterDays: number | null;
  /** Fewest ratings a unit needs to be ranked. */
  minSample: number;
}

export const DEFAULT_RULES: RatingRules = { rectifyWorkdays: 5, appealWorkdays: 3, defaultAfterDays: null, minSample: 30 };

/** Bounds on what a county may configure. */
export const RULE_BOUNDS = {
  rectifyWorkdays: { min: 1, max: 30 },
  appealWorkdays: { min: 1, max: 15 },
  defaultAfterDays: { min: 1, max: 90 },
  minSample: { min: 1, max: 1000 },
} as const;

export type RatingErrorCode =
  | 'invalid_level'
  | 'invalid_input'
  | 'not_found'
  | 'forbidden'
  | 'already_rated'
  | 'not_finished'
  | 'not_yours'
  | 'wrong_state'
  | 'appeal_deadline_passed'
  | 'evidence_required'
  | 'follow_up_required'
  | 'link_expired';

const RATING_ERROR_STATUS: StatusTable<RatingErrorCode> = {
  invalid_level: 422,
  invalid_input: 422,
  not_found: 404,
  forbidden: 403,
  already_rated: 409,
  not_finished: 409,
  not_yours: 403,
  wrong_state: 409,
  appeal_deadline_passed: 409,
  evidence_required: 422,
  follow_up_required: 409,
  link_expired: 410,
};

/** Answered as `rating_<code>` with a 4xx status; printed by the CLI. Thrown before anything is written. */
export class RatingError extends DomainError {
  constructor(
    readonly code: RatingErrorCode,
    messages: Text,
    details?: unknown,
  ) {
    super(RATING_ERROR_STATUS[code], `rating_${code}`, messages, details);
  }
}
