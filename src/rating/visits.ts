// Window visits (一次一评 of a visit to the window): the clerk opens a visit when someone comes
// to the window (or an application's acceptance at the counter opens one), ends it when they
// leave, and turns the pad to them: one rating per visit and rater (the visitor's own name
// when they have an account, else anonymous). Every command is audited.
import type { Kysely, Selectable } from 'kysely';
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { regionPattern, regionVisible } from '../org/scope.js';
import { departmentCodeOf } from '../org/store.js';
import { shanghaiIso } from '../shared/time.js';
import type { Database } from '../store/schema.js';
import { RatingError } from './model.js';

export interface RatingVisitsTable {
  id: import('kysely').Generated<number>;
  region_code: string;
  window_code: string;
  clerk: string;
  department_code: string | null;
  matter_code: string | null;
  matter_name: string | null;
  application_id: number | null;
  visitor: string | null;
  visitor_name: string;
  started_at: Date;
  ended_at: Date | null;
}

declare module '../store/schema.js' {
  interface Database {
    rating_visits: RatingVisitsTable;
  }
}

type Db = Kysely<Database>;

export interface VisitView {
  id: number;
  regionCode: string;
  windowCode: string;
  clerk: string;
  departmentCode: string | null;
  matterCode: string | null;
  matterName: string | null;
  applicationId: number | null;
  visitor: string | null;
  visitorName: string;
  startedAt: string;
  endedAt: string | null;
  /** Ratings given for the visit (0 or 1 per visitor). */
  rated: boolean;
}

export interface VisitInput {
  /** The window's number in the hall (e.g. "A03"); the clerk's user name when not given. */
  windowCode?: string;
  matterName?: string;
  matterCode?: string;
  /** The visitor's user name, when they have an account: their rating is then real-name. */
  visitor?: string;
  visitorName?: string;
}

const VISIT_ROLES = new Set(['window_clerk', 'admin']);
const WINDOW_CODE = /^[\p{L}\p{N}_-]{1,32}$/u;

function toView(v: Selectable<RatingVisitsTable>, rated: boolean): VisitView {
  return {
    id: v.id,
    regionCode: v.region_code,
    windowCode: v.window_code,
    clerk: v.clerk,
    departmentCode: v.department_code,
    matterCode: v.matter_code,
    matterName: v.matter_name,
    applicationId: v.application_id === null ? null : Number(v.application_id),
    visitor: v.visitor,
    visitorName: v.visitor_name,
    startedAt: shanghaiIso(new Date(v.started_at)),
    endedAt: v.ended_at ? shanghaiIso(new Date(v.ended_at)) : null,
    rated,
  };
}

function checkClerk(actor: Actor): void {
  if (!VISIT_ROLES.has(actor.role)) throw new RatingError('forbidden', { zh: '只有窗口工作人员可以登记来访', en: 'only window clerks record visits' });
}

function text(value: unknown, field: string, max: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string' || value.trim().length > max)
    throw new RatingError('invalid_input', { zh: `${field} 须为不超过 ${max} 字的文字`, en: `${field} is text of at most ${max} characters` }, { field });
  return value.trim();
}

/** The clerk opens a visit at their window (in their own region). */
export async function openVisit(db: Db, actor: Actor, input: VisitInput, now: Date): Promise<VisitView> {
  checkClerk(actor);
  const windowCode = text(input.windowCode, 'windowCode', 32) || actor.username;
  if (!WINDOW_CODE.test(windowCode))
    throw new RatingError('invalid_input', { zh: '窗口编号只能含字母、数字、-、_', en: 'a window code has letters, digits, - and _ only' }, { field: 'windowCode' });
  const visitorName = text(input.visitorName, 'visitorName', 50);
  const matterName = text(input.matterName, 'matterName', 200) || null;
  const matterCode = text(input.matterCode, 'matterCode', 64) || null;
  let visitor: string | null = text(input.visitor, 'visitor', 64) || null;
  if (visitor) {
    const user = await db.selectFrom('users').select(['username', 'role']).where('username', '=', visitor).executeTakeFirst();
    if (!user || user.role !== 'applicant')
      throw new RatingError('invalid_input', { zh: `没有这个办事人账号：${visitor}`, en: `no applicant account named ${visitor}` }, { field: 'visitor' });
    visitor = user.username;
  }
  const department = await departmentCodeOf(db, actor.departmentId);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('rating_visits')
      .values({
        region_code: actor.regionCode,
        window_code: windowCode,
        clerk: actor.username,
        department_code: department,
        matter_code: matterCode,
        matter_name: matterName,
        application_id: null,
        visitor,
        visitor_name: visitorName,
        started_at: now,
        ended_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { actor, action: 'rating.visit.open', entity: 'rating_visit', entityId: row.id, regionCode: row.region_code, after: toView(row, false) });
    return toView(row, false);
  });
}

/**
 * The visit an application's acceptance at the window makes (called in the acceptance's
 * transaction): ended at once, so the pad can be turned to the applicant.
 */
export async function visitForApplication(
  trx: Db,
  actor: Actor,
  app: { id: number; region_code: string; service_code: string; service_name: string; applicant_id: number | null; applicant_name: string },
  now: Date,
): Promise<number> {
  const visitor = app.applicant_id ? await trx.selectFrom('users').select('username').where('id', '=', app.applicant_id).executeTakeFirst() : undefined;
  const department = await departmentCodeOf(trx, actor.departmentId);
  const row = await trx
    .insertInto('rating_visits')
    .values({
      region_code: app.region_code,
      window_code: actor.username,
      clerk: actor.username,
      department_code: department,
      matter_code: app.service_code,
      matter_name: app.service_name,
      application_id: app.id,
      visitor: visitor?.username ?? null,
      visitor_name: app.applicant_name,
      started_at: now,
      ended_at: now,
    })
    .onConflict((oc) => oc.column('application_id').where('application_id', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row)
    await recordAudit(trx, {
      actor,
      action: 'rating.visit.open',
      entity: 'rating_visit',
      entityId: row.id,
      regionCode: app.region_code,
      after: { applicationId: app.id, ended: true },
    });
  return row ? Number(row.id) : 0;
}

async function loadVisit(db: Db, actor: Actor, id: number): Promise<Selectable<RatingVisitsTable>> {
  const v = Number.isSafeInteger(id) ? await db.selectFrom('rating_visits').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!v || !regionVisible(actor, v.region_code)) throw new RatingError('not_found', { zh: `未找到来访记录：${id}`, en: `visit not found: ${id}` });
  return v;
}

/** The clerk ends the visit: from now on it can be rated on the pad. */
export async function endVisit(db: Db, actor: Actor, id: number, now: Date): Promise<VisitView> {
  checkClerk(actor);
  return db.transaction().execute(async (trx) => {
    const v = await loadVisit(trx, actor, id);
    if (v.ended_at) throw new RatingError('wrong_state', { zh: `来访 ${id} 已结束`, en: `visit ${id} has already ended` });
    const row = await trx.updateTable('rating_visits').set({ ended_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await recordAudit(trx, {
      actor,
      action: 'rating.visit.end',
      entity: 'rating_visit',
      entityId: id,
      regionCode: v.region_code,
      before: { endedAt: null },
      after: { endedAt: shanghaiIso(now) },
    });
    return toView(row, false);
  });
}

async function ratedVisits(db: Db, ids: number[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('ratings').select('occurrence_id').where('occurrence_kind', '=', 'window_visit').where('occurrence_id', 'in', ids.map(String)).execute();
  return new Set(rows.map((r) => r.occurrence_id));
}

export async function getVisit(db: Db, actor: Actor, id: number): Promise<VisitView> {
  checkClerk(actor);
  const v = await loadVisit(db, actor, id);
  return toView(v, (await ratedVisits(db, [v.id])).has(String(v.id)));
}

/** The clerk's own recent visits (their window's queue), newest first. */
export async function listVisits(db: Db, actor: Actor, limit = 20): Promise<VisitView[]> {
  checkClerk(actor);
  const rows = await db
    .selectFrom('rating_visits')
    .selectAll()
    .where('region_code', 'like', regionPattern(actor))
    .where('clerk', '=', actor.username)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(1, limit), 100))
    .execute();
  const rated = await ratedVisits(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toView(r, rated.has(String(r.id))));
}
