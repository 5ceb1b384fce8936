// The rating tables (declared on the Kysely database from here) and a rating row as the view
// every reader returns.
import type { Kysely, Selectable } from 'kysely';
import { shanghaiIso } from '../../shared/time.js';
import type { Database } from '../../store/schema.js';
import type { Channel, Evaluation, Level, OccurrenceKind, RatingView, Reason } from '../model.js';
import type { CaseStatus } from '../rectification.js';
import type { Occurrence } from '../occurrence.js';

export interface RatingsTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  occurrence_kind: OccurrenceKind;
  occurrence_id: string;
  evaluation: Evaluation;
  rater: string;
  anonymous: boolean;
  channel: Channel;
  level: number;
  reasons: unknown;
  comment: string;
  rated_at: Date;
  department_code: string | null;
  officer: string | null;
  matter_code: string | null;
  matter_name: string | null;
  window_code: string | null;
  excluded: import('kysely').Generated<boolean>;
}

export interface RatingCasesTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  rating_id: number;
  department_code: string | null;
  status: CaseStatus;
  anonymous: boolean;
  facts: unknown;
  opened_at: Date;
  rectify_due: string | null;
  appeal_due: string | null;
  rectified_at: Date | null;
  rectified_on_time: boolean | null;
  followed_up: import('kysely').Generated<boolean>;
  feedback: string | null;
  closed_at: Date | null;
  updated_at: Date;
}

export interface RatingCaseEventsTable {
  id: import('kysely').Generated<number>;
  case_id: number;
  region_code: string;
  at: Date;
  actor: string;
  action: string;
  from_status: string;
  to_status: string;
  data: unknown;
}

export interface RatingRulesTable {
  region_code: string;
  rectify_workdays: number;
  appeal_workdays: number;
  default_after_days: number | null;
  min_sample: number;
  updated_by: string;
  updated_at: Date;
}

declare module '../../store/schema.js' {
  interface Database {
    ratings: RatingsTable;
    rating_cases: RatingCasesTable;
    rating_case_events: RatingCaseEventsTable;
    rating_rules: RatingRulesTable;
    rating_link_keys: { id: number; secret: string; created_at: Date };
  }
}

export type Db = Kysely<Database>;

export const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
/** The county a region belongs to: its first six digits (the rules are a county's). */
export const countyOf = (regionCode: string) => regionCode.slice(0, 6);

/** The columns of a rating that come from the occurrence rated (who served, for which matter, at which window). */
export function occurrenceColumns(occ: Occurrence) {
  return {
    region_code: occ.regionCode,
    occurrence_kind: occ.kind,
    occurrence_id: occ.id,
    department_code: occ.departmentCode,
    officer: occ.officer,
    matter_code: occ.matterCode,
    matter_name: occ.matterName,
    window_code: occ.windowCode,
  };
}

export function toView(r: Selectable<RatingsTable>, caseId: number | null, feedback: string | null): RatingView {
  return {
    id: r.id,
    regionCode: r.region_code,
    occurrenceKind: r.occurrence_kind,
    occurrenceId: r.occurrence_id,
    evaluation: r.evaluation,
    rater: r.rater,
    anonymous: r.anonymous,
    channel: r.channel,
    level: r.level as Level,
    reasons: json(r.reasons) as Reason[],
    comment: r.comment,
    ratedAt: shanghaiIso(new Date(r.rated_at)),
    departmentCode: r.department_code,
    officer: r.officer,
    matterCode: r.matter_code,
    matterName: r.matter_name,
    windowCode: r.window_code,
    excluded: r.excluded,
    caseId,
    feedback,
  };
}
