// The reengineering ledger (流程再造事项台账): its items, statuses and evidence. Types only.

export const LEDGER_STATUSES = ['planned', 'in_progress', 'done', 'verified'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

export const LEDGER_STATUS_LABELS: Record<LedgerStatus, { zh: string; en: string }> = {
  planned: { zh: '计划', en: 'Planned' },
  in_progress: { zh: '推进中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
  verified: { zh: '已验收', en: 'Verified' },
};

/** planned → in_progress → done → verified; a done item may go back to in_progress when verification fails. */
export const LEDGER_TRANSITIONS: Record<LedgerStatus, LedgerStatus[]> = {
  planned: ['in_progress'],
  in_progress: ['done'],
  done: ['verified', 'in_progress'],
  verified: [],
};

/** A matter the item reengineers, with the versions its before/after figures come from. */
export interface LedgerMatterRef {
  matterCode: string;
  /** The as-is version the item starts from (fixed when the item is created). */
  beforeVersion: number;
  /** The to-be version that delivers the item; null = the matter's latest to-be version, if any. */
  afterVersion: number | null;
}

export interface LedgerAttachment {
  id: number;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface LedgerItem {
  id: number;
  regionCode: string;
  /** Responsible unit (责任单位). */
  departmentCode: string;
  matters: LedgerMatterRef[];
  /** 发现问题 */
  problem: string;
  /** 再造措施 */
  measure: string;
  /** 责任人 */
  owner: string;
  /** 'YYYY-MM-DD' the clock starts. */
  startDate: string;
  /** 完成时限 in working days from startDate. */
  deadlineWorkdays: number;
  /** startDate + deadlineWorkdays working days, via src/calendar. */
  deadline: string;
  /** True when the deadline was computed on a provisional year (暂定); recomputed when the official year is loaded. */
  deadlineProvisional: boolean;
  status: LedgerStatus;
  attachments: LedgerAttachment[];
  createdAt: string;
  updatedAt: string;
}
