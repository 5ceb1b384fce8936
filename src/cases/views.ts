// Cases as the API shows them: the summary a list reads (overdue and 暂定 deadlines worked out
// at read time), the detail with photos, whistles and history, and whether a case is finished.
import type { Selectable } from 'kysely';
import { defaultCalendar } from '../calendar/index.js';
import { shanghaiIso } from '../shared/time.js';
import { isFinished, type CaseStatus, type Channel, type Tier, type Urgency } from './model.js';
import type { CasesTable, Db } from './tables.js';

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
