// The one-window service (一窗受理、一次办好): types and vocabularies. An application is made
// for a published bundle (a service), filled with its one form, its materials and its signed
// commitment letter; the window accepts it, asks once for what is missing, or rejects it;
// accepted, it runs as an instance of the bundle's process; the decision issues the result
// package. Pure: no I/O here.
import type { Text } from '../bundle/model.js';
import { DomainError, type StatusTable } from '../shared/errors.js';

export type { Text };

export const APPLICATION_STATUSES = ['draft', 'submitted', 'supplementing', 'accepted', 'rejected', 'decided', 'concluded'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const STATUS_LABELS: Record<ApplicationStatus, Text> = {
  draft: { zh: '草稿', en: 'Draft' },
  submitted: { zh: '待受理', en: 'Awaiting intake' },
  supplementing: { zh: '待补正', en: 'Awaiting supplement' },
  accepted: { zh: '办理中', en: 'In progress' },
  rejected: { zh: '不予受理', en: 'Not accepted' },
  decided: { zh: '已决定，待出件', en: 'Decided, results being delivered' },
  concluded: { zh: '已办结', en: 'Concluded' },
};

/** Statuses after which nothing more happens to an application (ratings may rate it). */
export const FINISHED_STATUSES: ReadonlySet<ApplicationStatus> = new Set(['rejected', 'concluded']);
export const isFinished = (s: ApplicationStatus): boolean => FINISHED_STATUSES.has(s);

export type HolderKind = 'enterprise' | 'person';

export interface Holder {
  kind: HolderKind;
  /** Unified social credit code (GB 32100) or resident ID number (GB 11643). */
  id: string;
  name: string;
}

export type MaterialSource = 'upload' | 'counter' | 'shared';

/**
 * A material of a service as the window handles it: `submit` the applicant hands in;
 * `shared` is obtained from the certificate store (never uploaded); `commitment` is replaced
 * by the letter (checked after the decision).
 */
export interface ServiceMaterial {
  code: string;
  name: string;
  handling: 'submit' | 'shared' | 'commitment';
  required: boolean;
  /** Key materials cannot be deferred (容缺): anything examined before the decision. */
  key: boolean;
  /** For `submit` materials received now and checked after the decision (收件备查). */
  checkedAfterDecision: boolean;
  /** For `shared`: the issuing authority named by the service. */
  issuer: string;
  /** Department that checks it after the decision, when it is checked afterwards. */
  checkDepartment: string | null;
}

export interface MaterialRecord {
  code: string;
  name: string;
  source: MaterialSource;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string | null;
  round: number;
  uploadedBy: string;
  uploadedAt: string;
  /** For shared materials: the certificate in the store, and where it came from. */
  certificate?: { id: number; number: string; issuer: string; sourceSystem: string; issuedOn: string };
}

export interface SupplementItem {
  materialCode: string;
  reason: string;
}

export interface DeferredItem {
  materialCode: string;
  name: string;
  /** Date by which it must be supplied; the result is held until then. */
  dueDate: string;
  suppliedAt: string | null;
}

export interface CommitmentSignature {
  signedName: string;
  agreed: true;
  /** The letter as shown, so the trail keeps what was signed. */
  letterTitle: string;
  letterSha256: string;
  signedAt: string;
}

export type DeliveryMethod = 'pickup' | 'mail' | 'electronic';

export interface Delivery {
  method: DeliveryMethod;
  trackingNo?: string;
  at: string;
}

export type WindowErrorCode = 'forbidden' | 'not_found' | 'conflict' | 'invalid' | 'too_large' | 'unsupported_type' | 'rate_limited';

const WINDOW_ERROR_STATUS: StatusTable<WindowErrorCode> = { forbidden: 403, not_found: 404, conflict: 409, invalid: 422, too_large: 413, unsupported_type: 415, rate_limited: 429 };

/** Answered as `window_<code>` with its status (403, 404, 409, 422, 413, 415, 429). */
export class WindowError extends DomainError {
  constructor(
    readonly code: WindowErrorCode,
    messages: Text,
    details?: unknown,
  ) {
    super(WINDOW_ERROR_STATUS[code], `window_${code}`, messages, details);
  }
}

/** What each event of an application's log means, for timelines (the public one shows some). */
export const EVENT_LABELS: Record<string, Text> = {
  'application.created': { zh: '创建申请', en: 'Application started' },
  'form.updated': { zh: '修改申请表', en: 'Form changed' },
  'material.added': { zh: '提交材料', en: 'Material added' },
  'application.submitted': { zh: '申请已提交', en: 'Submitted' },
  'commitment.signed': { zh: '签署告知承诺书', en: 'Commitment letter signed' },
  'supplement.requested': { zh: '一次性告知补正', en: 'Supplement requested' },
  'application.resubmitted': { zh: '补正材料已提交', en: 'Supplement submitted' },
  'application.accepted': { zh: '已受理', en: 'Accepted' },
  'deferred.supplied': { zh: '容缺材料已补交', en: 'Deferred material supplied' },
  'handling.supplement.requested': { zh: '办理中要求补正（计时暂停）', en: 'Supplement requested during handling (clock stopped)' },
  'handling.supplement.answered': { zh: '补正已提交（计时恢复）', en: 'Supplement handed in (clock resumed)' },
  'task.completed': { zh: '审批环节办结', en: 'Step completed' },
  'application.decided': { zh: '已作出决定', en: 'Decided' },
  'application.concluded': { zh: '已办结', en: 'Concluded' },
  'application.rejected': { zh: '不予受理', en: 'Not accepted' },
  'verification.confirmed': { zh: '事后核查：承诺属实', en: 'Check: commitment confirmed' },
  'verification.false_commitment': { zh: '事后核查：承诺不实，撤销许可', en: 'Check: false commitment, revoked' },
  'deadline.recomputed': { zh: '期限按正式放假安排重算', en: 'Deadline recounted on the official holiday year' },
};

export const NOTICE_LABELS: Record<'acceptance' | 'supplement' | 'rejection', Text> = {
  acceptance: { zh: '受理通知书', en: 'Acceptance notice' },
  supplement: { zh: '补正材料通知书（一次性告知）', en: 'Supplement notice' },
  rejection: { zh: '不予受理通知书', en: 'Rejection notice' },
};

export const DELIVERY_LABELS: Record<DeliveryMethod, Text> = {
  pickup: { zh: '窗口领取', en: 'Window pickup' },
  mail: { zh: '邮寄送达', en: 'Mail' },
  electronic: { zh: '电子证照下载', en: 'Electronic download' },
};
