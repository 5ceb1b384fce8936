// The window's tables, the context every command runs in, and what all commands share:
// reading an application within the caller's scope, appending to its event log and to the
// outbox. Commands live in applications.ts (applicant), intake.ts (window clerk), work.ts
// (departments, decision, results), certificates.ts; reads in queries.ts.
import { sql, type Kysely } from 'kysely';
import type { WorkCalendar } from '../calendar/index.js';
import { defaultCalendar } from '../calendar/index.js';
import { EngineStore } from '../engine/store.js';
import type { Actor } from '../org/model.js';
import { departmentRestriction, isApplicant, outOfScopeMessage, regionPattern, regionVisible } from '../org/scope.js';
import { departmentCodeOf } from '../org/store.js';
import type { Database } from '../store/schema.js';
import { shanghaiIso } from '../shared/time.js';
import { WindowError, type ApplicationStatus, type HolderKind } from './model.js';

export interface WindowFilesTable {
  sha256: string;
  size: number;
  media_type: string;
  content: Uint8Array;
  created_at: import('kysely').Generated<Date>;
}

export interface WindowApplicationsTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  bundle_id: number;
  bundle_version: number;
  service_code: string;
  service_name: string;
  departments: unknown;
  applicant_id: number;
  applicant_name: string;
  holder_kind: HolderKind;
  holder_id: string;
  holder_name: string;
  form: unknown;
  status: ApplicationStatus;
  channel: 'online' | 'counter';
  receipt_no: string | null;
  query_code_hash: string | null;
  commitment: unknown;
  submitted_at: Date | null;
  intake_due: string | null;
  accepted_at: Date | null;
  promised_date: string | null;
  paused_workdays: import('kysely').Generated<number>;
  paused_since: Date | null;
  decided_at: Date | null;
  concluded_at: Date | null;
  rejection: unknown;
  deferred: import('kysely').Generated<unknown>;
  delivery: unknown;
  instance_id: string | null;
  supplement_rounds: import('kysely').Generated<number>;
  /** A supplement a department asked for during handling, while it is open. */
  handling_supplement: unknown;
  /** The promised-time clock's stops during handling (ClockPause[]). */
  handling_pauses: import('kysely').Generated<unknown>;
  created_at: import('kysely').Generated<Date>;
  updated_at: import('kysely').Generated<Date>;
}

export interface WindowApplicationMaterialsTable {
  application_id: number;
  material_code: string;
  region_code: string;
  source: 'upload' | 'counter' | 'shared';
  sha256: string | null;
  certificate_id: number | null;
  file_name: string;
  media_type: string;
  size: number;
  round: number;
  uploaded_by: string;
  uploaded_at: Date;
}

export interface WindowNoticesTable {
  id: import('kysely').Generated<number>;
  application_id: number;
  region_code: string;
  kind: 'acceptance' | 'supplement' | 'rejection';
  body: unknown;
  issued_by: string;
  issued_at: Date;
}

export interface WindowOutboxTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  /** Null for a notice about a grass-roots case (case_id). */
  application_id: number | null;
  case_id: import('kysely').Generated<number | null>;
  recipient_id: number;
  channel: string;
  subject: string;
  body: string;
  created_at: Date;
  sent_at: Date | null;
  /** A notice that invites a rating (src/rating/notice.ts): the occurrence, and until when its link is valid. */
  rating_kind: import('kysely').Generated<string | null>;
  rating_occurrence: import('kysely').Generated<string | null>;
  rating_link_expires_at: import('kysely').Generated<Date | null>;
}

export interface WindowCertificatesTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  holder_id: string;
  holder_name: string;
  type_code: string;
  type_name: string;
  number: string;
  issuer: string;
  issued_on: string;
  valid_until: string | null;
  source: 'zaizao' | 'import';
  source_system: string;
  application_id: number | null;
  verification_code: string | null;
  content_sha256: string | null;
  status: import('kysely').Generated<'valid' | 'revoked'>;
  data: unknown;
  created_at: import('kysely').Generated<Date>;
}

export interface WindowVerificationsTable {
  id: import('kysely').Generated<number>;
  application_id: number;
  region_code: string;
  material_code: string;
  material_name: string;
  kind: 'commitment' | 'checked_after_decision';
  department_code: string;
  due_date: string;
  status: import('kysely').Generated<'open' | 'confirmed' | 'false_commitment'>;
  finding: string | null;
  closed_by: string | null;
  closed_at: Date | null;
}

export interface WindowCreditRecordsTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  holder_id: string;
  holder_name: string;
  application_id: number;
  reason: string;
  recorded_by: string;
  recorded_at: Date;
}

export interface WindowEscalationsTable {
  task_id: string;
  application_id: number;
  region_code: string;
  step_name: string;
  departments: unknown;
  heads: unknown;
  due_at: Date;
  escalated_at: Date;
}

export interface WindowEventsTable {
  id: import('kysely').Generated<number>;
  application_id: number;
  region_code: string;
  type: string;
  at: Date;
  actor: string | null;
  role: string | null;
  data: unknown;
}

declare module '../store/schema.js' {
  interface Database {
    window_files: WindowFilesTable;
    window_applications: WindowApplicationsTable;
    window_application_materials: WindowApplicationMaterialsTable;
    window_notices: WindowNoticesTable;
    window_outbox: WindowOutboxTable;
    window_certificates: WindowCertificatesTable;
    window_verifications: WindowVerificationsTable;
    window_credit_records: WindowCreditRecordsTable;
    window_events: WindowEventsTable;
    window_escalations: WindowEscalationsTable;
  }
}

export type Db = Kysely<Database>;
export type ApplicationRow = import('kysely').Selectable<WindowApplicationsTable>;

/** What every window command runs with: the database, the clock, the calendar, the engine. */
export interface WindowContext {
  db: Db;
  now: () => Date;
  calendar: WorkCalendar;
  engine: EngineStore;
}

export function windowContext(db: Db, options: { now?: () => Date; calendar?: WorkCalendar; engine?: EngineStore } = {}): WindowContext {
  const now = options.now ?? (() => new Date());
  const engine = options.engine ?? new EngineStore(db, { now });
  const fixed = options.calendar;
  // The platform calendar is read at each use: a year loaded while the server runs counts at once.
  return {
    db,
    now,
    engine,
    get calendar() {
      return fixed ?? defaultCalendar();
    },
  };
}

export const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
export const iso = (d: Date | string | null): string | null => (d === null ? null : shanghaiIso(new Date(d)));

export const notFound = (id: number | string) => new WindowError('not_found', { zh: `未找到申请 ${id}`, en: `application ${id} not found` });

/** Roles that work with applications of their region subtree (the window, offices, leaders). */
const REGION_ROLES = new Set(['admin', 'reform_office', 'leader', 'window_clerk']);

/** Department codes by id, per database: a code never changes (only a department's name does). */
const departmentCodes = new WeakMap<Db, Map<number, string>>();

/** The department code a department officer works for, or null (one query per department and database, then none). */
export async function actorDepartmentCode(db: Db, actor: Actor): Promise<string | null> {
  if (actor.departmentId === null) return null;
  const known = departmentCodes.get(db)?.get(Number(actor.departmentId));
  if (known) return known;
  const code = await departmentCodeOf(db, actor.departmentId);
  if (code === null) return null;
  if (!departmentCodes.has(db)) departmentCodes.set(db, new Map());
  departmentCodes.get(db)!.set(Number(actor.departmentId), code);
  return code;
}

/**
 * Applications the actor may see: applicants their own; window clerks, the reform office,
 * leaders and administrators their region subtree; department officers those of their
 * region subtree in which their department has work. Null: none at all.
 */
export async function visibleApplications(db: Db, actor: Actor) {
  const q = db.selectFrom('window_applications');
  if (isApplicant(actor)) return q.where('applicant_id', '=', actor.userId);
  if (REGION_ROLES.has(actor.role)) return q.where('region_code', 'like', regionPattern(actor));
  if (actor.role === 'department_officer' && departmentRestriction(actor) !== null) {
    const code = await actorDepartmentCode(db, actor);
    if (!code) return null;
    return q.where('region_code', 'like', regionPattern(actor)).where(sql<boolean>`departments @> ${JSON.stringify([code])}::jsonb`);
  }
  return null;
}

/** One application the actor may see; one that exists outside their scope is said to be so (403). */
export async function loadApplication(db: Db, actor: Actor, id: number, options: { forUpdate?: boolean } = {}): Promise<ApplicationRow> {
  const q = await visibleApplications(db, actor);
  const row = q ? await (options.forUpdate ? q.selectAll().where('id', '=', id).forUpdate() : q.selectAll().where('id', '=', id)).executeTakeFirst() : undefined;
  if (!row) {
    const exists = await db.selectFrom('window_applications').select('id').where('id', '=', id).executeTakeFirst();
    if (exists) throw new WindowError('forbidden', outOfScopeMessage({ zh: '申请', en: 'application' }, id));
    throw notFound(id);
  }
  return row;
}

/** Window clerks (and administrators) decide on intake, in their own region subtree. */
export function assertClerk(actor: Actor, row: ApplicationRow): void {
  if (actor.role !== 'window_clerk' && actor.role !== 'admin')
    throw new WindowError('forbidden', { zh: '只有窗口受理人员可以作出受理决定', en: 'only window clerks decide on intake' });
  if (!regionVisible(actor, row.region_code)) throw new WindowError('forbidden', { zh: `申请 ${row.id} 不属于您的区划`, en: `application ${row.id} belongs to another region` });
}

export function assertStatus(row: ApplicationRow, allowed: ApplicationStatus[], action: { zh: string; en: string }): void {
  if (!allowed.includes(row.status)) {
    throw new WindowError(
      'conflict',
      { zh: `申请 ${row.id} 当前状态为「${row.status}」，不能${action.zh}`, en: `application ${row.id} is ${row.status}; cannot ${action.en}` },
      { status: row.status },
    );
  }
}

/** Appends to the applications' event log (what the mining pages read). */
export async function logEvent(trx: Db, row: Pick<ApplicationRow, 'id' | 'region_code'>, type: string, at: Date, actor: Actor | null, data?: unknown): Promise<void> {
  await logEvents(trx, row, at, actor, [{ type, data }]);
}

/** Appends several events of one moment in one statement, in the order given. */
export async function logEvents(
  trx: Db,
  row: Pick<ApplicationRow, 'id' | 'region_code'>,
  at: Date,
  actor: Actor | null,
  events: Array<{ type: string; data?: unknown }>,
): Promise<void> {
  if (events.length === 0) return;
  await trx
    .insertInto('window_events')
    .values(eventRows(row, at, actor, events))
    .execute();
}

/** The rows of window_events for events of one application at one moment. */
export function eventRows(row: Pick<ApplicationRow, 'id' | 'region_code'>, at: Date, actor: Actor | null, events: Array<{ type: string; data?: unknown }>) {
  return events.map(({ type, data }) => ({
    application_id: row.id,
    region_code: row.region_code,
    type,
    at,
    actor: actor?.username ?? null,
    role: actor?.role ?? null,
    data: data === undefined ? null : JSON.stringify(data),
  })) as never;
}

/**
 * Keeps a file's bytes once, addressed by their SHA-256, in a statement of its own: outside
 * the transaction of the command that refers to them, so that a large file never holds a
 * connection (PGlite's only one) while the command's rows are written, and not sent again
 * when the bytes are kept already. Should the command then fail, the file stays unreferenced:
 * harmless, as nothing reads a file but through a reference, and the same bytes uploaded
 * again use it.
 */
export async function keepFiles(db: Db, files: Array<{ sha256: string; mediaType: string; bytes: Uint8Array }>): Promise<void> {
  if (files.length === 0) return;
  const kept = new Set(
    (
      await db
        .selectFrom('window_files')
        .select('sha256')
        .where(
          'sha256',
          'in',
          files.map((f) => f.sha256),
        )
        .execute()
    ).map((r) => r.sha256),
  );
  const missing = [...new Map(files.filter((f) => !kept.has(f.sha256)).map((f) => [f.sha256, f])).values()];
  if (missing.length === 0) return;
  await db
    .insertInto('window_files')
    .values(missing.map((f) => ({ sha256: f.sha256, size: f.bytes.length, media_type: f.mediaType, content: f.bytes })) as never)
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}

/** Queues a notice to the applicant (in-app now; an SMS adapter later sends the same rows). */
export async function notify(trx: Db, row: Pick<ApplicationRow, 'id' | 'region_code' | 'applicant_id'>, subject: string, body: string, at: Date): Promise<void> {
  if (!row.applicant_id) return; // an application taken at the counter without an account: printed notices only
  await trx
    .insertInto('window_outbox')
    .values({ region_code: row.region_code, application_id: row.id, recipient_id: row.applicant_id, channel: 'in_app', subject, body, created_at: at, sent_at: at } as never)
    .execute();
}
