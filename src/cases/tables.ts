// The cases' tables, declared for Kysely, and the transaction a command runs in (which tells
// the cache that what it holds is stale).
import { type Generated, type Kysely, type Transaction } from 'kysely';
import { casesChanged, configChanged, type CacheKind } from './cache.js';
import type { Database } from '../store/schema.js';
import type { CaseStatus, Channel, Tier, Urgency } from './model.js';

export interface CaseCategoriesTable {
  code: string;
  region_code: string;
  name_zh: string;
  name_en: string;
  description: string;
  keywords: string;
  group_name: string;
  attributes: unknown;
  active: boolean;
}
export interface CaseResponsibilitiesTable {
  id: Generated<number>;
  region_code: string;
  category_code: string;
  tier: Tier;
  department_id: number | null;
}
export interface CaseTimeLimitsTable {
  region_code: string;
  category_code: string;
  tier: Tier;
  response_hours: number;
  handle_workdays: number;
}
export interface CaseSettingsTable {
  region_code: string;
  whistle_minutes: number;
  bounce_threshold: number;
  duplicate_metres: number;
  duplicate_hours: number;
  small_sample: number;
  weights: unknown;
  bbox: unknown;
}
export interface CaseBoundariesTable {
  region_code: string;
  name: string;
  geometry: unknown;
  min_lng: number | null;
  min_lat: number | null;
  max_lng: number | null;
  max_lat: number | null;
}
export interface CasesTable {
  id: Generated<number>;
  region_code: string;
  category_code: string;
  channel: Channel;
  status: CaseStatus;
  urgency: Urgency;
  description: string;
  address: string;
  lat: number | null;
  lng: number | null;
  attributes: unknown;
  media_url: string | null;
  reporter_id: number | null;
  reporter_name: string;
  reporter_phone: string | null;
  tier: Tier | null;
  unit_region_code: string | null;
  unit_department_id: number | null;
  unit_name: string | null;
  transfers: number;
  bounced: boolean;
  reopened: number;
  escalations: number;
  leader_flagged: boolean;
  satisfaction: number | null;
  duplicate_of: number | null;
  status_notes: string;
  reported_at: Date;
  assigned_at: Date | null;
  response_due: Date | null;
  responded_at: Date | null;
  responded_late: boolean | null;
  handle_due: Date | null;
  handled_at: Date | null;
  handled_late: boolean | null;
  closed_at: Date | null;
  evaluated_at: Date | null;
  updated_at: Date;
  revision: number;
}
export interface CaseEventsTable {
  id: Generated<number>;
  case_id: number;
  region_code: string;
  at: Date;
  actor_id: number | null;
  actor_name: string;
  action: string;
  from_status: string | null;
  to_status: string;
  data: unknown;
}
export interface CasePhotosTable {
  id: Generated<number>;
  case_id: number;
  region_code: string;
  kind: 'report' | 'evidence' | 'checkin' | 'check';
  mime: string;
  bytes: Buffer;
  sha256: string;
  created_at: Date;
}
export interface CaseWhistlesTable {
  id: Generated<number>;
  case_id: number;
  region_code: string;
  department_id: number;
  whistled_by: string;
  whistled_at: Date;
  deadline: Date;
  acknowledged_at: Date | null;
  on_site_at: Date | null;
  checkin_lat: number | null;
  checkin_lng: number | null;
  checkin_photo_id: number | null;
  late: boolean | null;
  released_at: Date | null;
}
export interface Open311KeysTable {
  id: Generated<number>;
  region_code: string;
  name: string;
  key_hash: string;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
}
export interface CaseRewardsTable {
  id: Generated<number>;
  region_code: string;
  month: string;
  unit_kind: Tier;
  unit_key: string;
  kind: 'reward' | 'penalty';
  note: string;
  decided_by: string;
  decided_at: Date;
}

declare module '../store/schema.js' {
  interface Database {
    case_categories: CaseCategoriesTable;
    case_responsibilities: CaseResponsibilitiesTable;
    case_time_limits: CaseTimeLimitsTable;
    case_settings: CaseSettingsTable;
    case_boundaries: CaseBoundariesTable;
    cases: CasesTable;
    case_events: CaseEventsTable;
    case_photos: CasePhotosTable;
    case_whistles: CaseWhistlesTable;
    open311_keys: Open311KeysTable;
    case_rewards: CaseRewardsTable;
  }
}

export type Db = Kysely<Database>;

/** A command's transaction; once it has ended (committed or not), what the cache holds of that kind is stale. */
export function commandTransaction<T>(db: Db, kind: CacheKind, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db
    .transaction()
    .execute(fn)
    .finally(kind === 'cases' ? casesChanged : configChanged);
}
