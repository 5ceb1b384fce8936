// Cases in the database: the tables (declared for Kysely), reading configuration (categories,
// responsibility list, time limits, settings, boundaries) and reading cases as the API shows
// them. Commands that change cases are in service.ts.
import { type Generated, type Kysely, type Selectable, type Transaction } from 'kysely';
import { casesChanged, configChanged, type CacheKind } from './cache.js';
import type { Database } from '../store/schema.js';
import { shanghaiIso } from '../shared/time.js';
import { defaultCalendar } from '../calendar/index.js';
import type { Geometry } from './geo.js';
import type { TimeLimit } from './limits.js';
import {
  DEFAULT_SETTINGS,
  isFinished,
  type CaseSettings,
  type CaseState,
  type CaseStatus,
  type Category,
  type CategoryAttribute,
  type Channel,
  type Tier,
  type Urgency,
  type Weights,
} from './model.js';
import type { Responsibility } from './responsibility.js';

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

export const toCategory = (r: Selectable<CaseCategoriesTable>): Category => ({
  code: r.code,
  regionCode: r.region_code,
  name: { zh: r.name_zh, en: r.name_en },
  description: r.description,
  keywords: r.keywords,
  group: r.group_name,
  attributes: r.attributes as CategoryAttribute[],
  active: r.active,
});

export async function listCategories(db: Db, countyCode: string | null, includeInactive = false): Promise<Category[]> {
  let q = db.selectFrom('case_categories').selectAll();
  if (countyCode) q = q.where('region_code', '=', countyCode);
  if (!includeInactive) q = q.where('active', '=', true);
  return (await q.orderBy('code').execute()).map(toCategory);
}

export async function getCategory(db: Db, code: string): Promise<Category | null> {
  const r = await db.selectFrom('case_categories').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? toCategory(r) : null;
}

export async function loadResponsibilities(db: Db, countyCode: string): Promise<Responsibility[]> {
  const rows = await db.selectFrom('case_responsibilities').selectAll().where('region_code', 'like', `${countyCode}%`).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, regionCode: r.region_code, categoryCode: r.category_code, tier: r.tier, departmentId: r.department_id }));
}

export async function loadTimeLimits(db: Db, countyCode: string): Promise<TimeLimit[]> {
  const rows = await db.selectFrom('case_time_limits').selectAll().where('region_code', 'like', `${countyCode}%`).execute();
  return rows.map((r) => ({ regionCode: r.region_code, categoryCode: r.category_code, tier: r.tier, responseHours: Number(r.response_hours), handleWorkdays: r.handle_workdays }));
}

export async function loadSettings(db: Db, countyCode: string): Promise<CaseSettings> {
  const r = await db.selectFrom('case_settings').selectAll().where('region_code', '=', countyCode).executeTakeFirst();
  if (!r) return { regionCode: countyCode, ...DEFAULT_SETTINGS };
  return {
    regionCode: r.region_code,
    whistleMinutes: r.whistle_minutes,
    bounceThreshold: r.bounce_threshold,
    duplicateMetres: r.duplicate_metres,
    duplicateHours: r.duplicate_hours,
    smallSample: r.small_sample,
    weights: r.weights as Weights,
    bbox: (r.bbox as CaseSettings['bbox']) ?? null,
  };
}

export async function loadBoundaries(db: Db, countyCode: string): Promise<Array<{ regionCode: string; name: string; geometry: Geometry }>> {
  const rows = await db.selectFrom('case_boundaries').select(['region_code', 'name', 'geometry']).where('region_code', 'like', `${countyCode}%`).orderBy('region_code').execute();
  return rows.map((r) => ({ regionCode: r.region_code, name: r.name, geometry: r.geometry as Geometry }));
}

/**
 * The loaded boundaries whose box holds a point (a box is kept per boundary, migration 0023):
 * all a report's location is tested against, so a county's file of hundreds of villages is
 * not parsed on every report. `countyOutline` says whether the county loaded its own outline
 * and whether the point is at least in its box.
 */
/** A loaded boundary's box ([minLng, minLat, maxLng, maxLat]; null for rows loaded before boxes were kept: a candidate for every point). */
export interface BoundaryBox {
  regionCode: string;
  box: [number, number, number, number] | null;
}

export async function loadBoundaryBoxes(db: Db, countyCode: string): Promise<BoundaryBox[]> {
  const rows = await db.selectFrom('case_boundaries').select(['region_code', 'min_lng', 'min_lat', 'max_lng', 'max_lat']).where('region_code', 'like', `${countyCode}%`).execute();
  return rows.map((r) => ({
    regionCode: r.region_code,
    box: r.min_lng === null || r.min_lat === null || r.max_lng === null || r.max_lat === null ? null : [r.min_lng, r.min_lat, r.max_lng, r.max_lat],
  }));
}

/**
 * The loaded boundaries whose box holds a point, with their polygons, and whether the point is
 * within the county outline's box; only the candidates' polygons are read (a county's file may
 * hold hundreds of villages), and none at all when no box holds the point.
 */
export async function boundariesAt(
  db: Db,
  countyCode: string,
  lat: number,
  lng: number,
  boxes: BoundaryBox[],
): Promise<{ candidates: Array<{ regionCode: string; name: string; geometry: Geometry }>; countyOutline: 'none' | 'outside' | 'candidate' }> {
  const holds = (b: BoundaryBox) => b.box === null || (b.box[0] <= lng && b.box[2] >= lng && b.box[1] <= lat && b.box[3] >= lat);
  const county = boxes.find((b) => b.regionCode === countyCode);
  const codes = boxes.filter(holds).map((b) => b.regionCode);
  const rows = codes.length ? await db.selectFrom('case_boundaries').select(['region_code', 'name', 'geometry']).where('region_code', 'in', codes).execute() : [];
  return {
    candidates: rows.map((r) => ({ regionCode: r.region_code, name: r.name, geometry: r.geometry as Geometry })),
    countyOutline: !county ? 'none' : holds(county) ? 'candidate' : 'outside',
  };
}

export function stateOf(r: Selectable<CasesTable>): CaseState {
  return {
    status: r.status,
    unit: r.tier ? { tier: r.tier, regionCode: r.unit_region_code ?? '', departmentId: r.unit_department_id, name: r.unit_name ?? '' } : null,
    transfers: r.transfers,
    bounced: r.bounced,
    reopened: r.reopened,
    escalations: r.escalations,
    leaderFlagged: r.leader_flagged,
    satisfaction: r.satisfaction,
    statusNotes: r.status_notes,
    assignedAt: r.assigned_at,
    responseDue: r.response_due,
    respondedAt: r.responded_at,
    respondedLate: r.responded_late,
    handleDue: r.handle_due,
    handledAt: r.handled_at,
    handledLate: r.handled_late,
    closedAt: r.closed_at,
    evaluatedAt: r.evaluated_at,
  };
}

/** The columns a state writes back. */
export function stateColumns(s: CaseState) {
  return {
    status: s.status,
    tier: s.unit?.tier ?? null,
    unit_region_code: s.unit?.regionCode ?? null,
    unit_department_id: s.unit?.departmentId ?? null,
    unit_name: s.unit?.name ?? null,
    transfers: s.transfers,
    bounced: s.bounced,
    reopened: s.reopened,
    escalations: s.escalations,
    leader_flagged: s.leaderFlagged,
    satisfaction: s.satisfaction,
    status_notes: s.statusNotes,
    assigned_at: s.assignedAt,
    response_due: s.responseDue,
    responded_at: s.respondedAt,
    responded_late: s.respondedLate,
    handle_due: s.handleDue,
    handled_at: s.handledAt,
    handled_late: s.handledLate,
    closed_at: s.closedAt,
    evaluated_at: s.evaluatedAt,
  };
}

const iso = (d: Date | null) => (d ? shanghaiIso(d) : null);

export interface CaseSummary {
  id: number;
  regionCode: string;
  categoryCode: string;
  channel: Channel;
  status: CaseStatus;
  finished: boolean;
  urgency: Urgency;
  description: string;
  address: string;
  lat: number | null;
  lng: number | null;
  reporterName: string;
  tier: Tier | null;
  unitName: string | null;
  unitRegionCode: string | null;
  unitDepartmentId: number | null;
  transfers: number;
  bounced: boolean;
  reopened: number;
  escalations: number;
  leaderFlagged: boolean;
  overdue: boolean;
  satisfaction: number | null;
  statusNotes: string;
  reportedAt: string;
  assignedAt: string | null;
  responseDue: string | null;
  respondedAt: string | null;
  handleDue: string | null;
  handledAt: string | null;
  closedAt: string | null;
  evaluatedAt: string | null;
  updatedAt: string;
  /** Deadlines counted across a holiday year without its official arrangement (暂定); absent when none. */
  provisional?: { responseDue?: true; handleDue?: true };
}

/** Which of a case's deadlines were counted on a provisional holiday year (from assignment to the due instant). */
function provisionalDues(assignedAt: Date | null, responseDue: Date | null, handleDue: Date | null): CaseSummary['provisional'] {
  if (!assignedAt) return undefined;
  const calendar = defaultCalendar();
  const out: NonNullable<CaseSummary['provisional']> = {};
  if (responseDue && calendar.provisionalIn(new Date(assignedAt), new Date(responseDue)) !== null) out.responseDue = true;
  if (handleDue && calendar.provisionalIn(new Date(assignedAt), new Date(handleDue)) !== null) out.handleDue = true;
  return out.responseDue || out.handleDue ? out : undefined;
}

/** The columns a case list shows: a list reads these, never the attributes, photos or phone. */
export const SUMMARY_COLUMNS = [
  'cases.id',
  'cases.region_code',
  'cases.category_code',
  'cases.channel',
  'cases.status',
  'cases.urgency',
  'cases.description',
  'cases.address',
  'cases.lat',
  'cases.lng',
  'cases.reporter_name',
  'cases.tier',
  'cases.unit_name',
  'cases.unit_region_code',
  'cases.unit_department_id',
  'cases.transfers',
  'cases.bounced',
  'cases.reopened',
  'cases.escalations',
  'cases.leader_flagged',
  'cases.satisfaction',
  'cases.status_notes',
  'cases.reported_at',
  'cases.assigned_at',
  'cases.response_due',
  'cases.responded_at',
  'cases.handle_due',
  'cases.handled_at',
  'cases.handled_late',
  'cases.closed_at',
  'cases.evaluated_at',
  'cases.updated_at',
] as const;

type SummaryColumn = (typeof SUMMARY_COLUMNS)[number] extends `cases.${infer C}` ? C : never;
export type SummaryRow = Pick<Selectable<CasesTable>, SummaryColumn & keyof CasesTable>;

export function toSummary(r: SummaryRow, now: Date): CaseSummary {
  const open = !isFinished(r.status);
  const overdue =
    r.handled_late === true ||
    (open && r.handled_at === null && r.handle_due !== null && now > r.handle_due) ||
    (r.status === 'assigned' && r.response_due !== null && now > r.response_due);
  return {
    id: r.id,
    regionCode: r.region_code,
    categoryCode: r.category_code,
    channel: r.channel,
    status: r.status,
    finished: !open,
    urgency: r.urgency,
    description: r.description,
    address: r.address,
    lat: r.lat,
    lng: r.lng,
    reporterName: r.reporter_name,
    tier: r.tier,
    unitName: r.unit_name,
    unitRegionCode: r.unit_region_code,
    unitDepartmentId: r.unit_department_id,
    transfers: r.transfers,
    bounced: r.bounced,
    reopened: r.reopened,
    escalations: r.escalations,
    leaderFlagged: r.leader_flagged,
    overdue,
    satisfaction: r.satisfaction,
    statusNotes: r.status_notes,
    reportedAt: shanghaiIso(r.reported_at),
    assignedAt: iso(r.assigned_at),
    responseDue: iso(r.response_due),
    respondedAt: iso(r.responded_at),
    handleDue: iso(r.handle_due),
    handledAt: iso(r.handled_at),
    closedAt: iso(r.closed_at),
    evaluatedAt: iso(r.evaluated_at),
    updatedAt: shanghaiIso(r.updated_at),
    ...(open ? { provisional: provisionalDues(r.assigned_at, r.response_due, r.handle_due) } : {}),
  };
}

export interface WhistleView {
  id: number;
  departmentId: number;
  departmentName: string;
  whistledBy: string;
  whistledAt: string;
  deadline: string;
  acknowledgedAt: string | null;
  onSiteAt: string | null;
  checkinLat: number | null;
  checkinLng: number | null;
  checkinPhotoId: number | null;
  late: boolean | null;
  releasedAt: string | null;
}

export interface CaseEventView {
  id: number;
  at: string;
  actorName: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  data: unknown;
}

export interface CaseDetail extends CaseSummary {
  attributes: Record<string, unknown>;
  mediaUrl: string | null;
  reporterId: number | null;
  photos: Array<{ id: number; kind: string; mime: string; createdAt: string }>;
  whistles: WhistleView[];
  events: CaseEventView[];
}

export async function loadWhistles(db: Db, caseId: number): Promise<WhistleView[]> {
  const rows = await db
    .selectFrom('case_whistles as w')
    .innerJoin('departments as d', 'd.id', 'w.department_id')
    .selectAll('w')
    .select('d.name as department_name')
    .where('w.case_id', '=', caseId)
    .orderBy('w.id')
    .execute();
  return rows.map((w) => ({
    id: w.id,
    departmentId: w.department_id,
    departmentName: w.department_name,
    whistledBy: w.whistled_by,
    whistledAt: shanghaiIso(w.whistled_at),
    deadline: shanghaiIso(w.deadline),
    acknowledgedAt: iso(w.acknowledged_at),
    onSiteAt: iso(w.on_site_at),
    checkinLat: w.checkin_lat,
    checkinLng: w.checkin_lng,
    checkinPhotoId: w.checkin_photo_id,
    late: w.late,
    releasedAt: iso(w.released_at),
  }));
}

export async function loadDetail(db: Db, row: Selectable<CasesTable>, now: Date): Promise<CaseDetail> {
  const [photos, whistles, events] = await Promise.all([
    db.selectFrom('case_photos').select(['id', 'kind', 'mime', 'created_at']).where('case_id', '=', row.id).orderBy('id').execute(),
    loadWhistles(db, row.id),
    db.selectFrom('case_events').selectAll().where('case_id', '=', row.id).orderBy('id').execute(),
  ]);
  return {
    ...toSummary(row, now),
    attributes: (row.attributes ?? {}) as Record<string, unknown>,
    mediaUrl: row.media_url,
    reporterId: row.reporter_id,
    photos: photos.map((p) => ({ id: p.id, kind: p.kind, mime: p.mime, createdAt: shanghaiIso(p.created_at) })),
    whistles,
    events: events.map((e) => ({ id: e.id, at: shanghaiIso(e.at), actorName: e.actor_name, action: e.action, fromStatus: e.from_status, toStatus: e.to_status, data: e.data })),
  };
}

/** For other capabilities (ratings): whether a case exists and is finished (closed or evaluated). */
export async function caseFinished(db: Db, caseId: number): Promise<{ finished: boolean; status: CaseStatus; regionCode: string; closedAt: string | null } | null> {
  const r = await db.selectFrom('cases').select(['status', 'region_code', 'closed_at']).where('id', '=', caseId).executeTakeFirst();
  return r ? { finished: isFinished(r.status), status: r.status, regionCode: r.region_code, closedAt: iso(r.closed_at) } : null;
}
