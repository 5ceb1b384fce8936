// Reading ratings within the caller's scope, and an applicant's finished work to rate.
import { sql } from 'kysely';
import type { Actor } from '../../org/model.js';
import { regionPattern } from '../../org/scope.js';
// Named apart from this file's departmentCodeOf, which answers the restriction of an officer.
import { departmentCodeOf as codeOfDepartment } from '../../org/store.js';
import { shanghaiIso } from '../../shared/time.js';
import { RatingError, type OccurrenceKind, type RatingView } from '../model.js';
import { toView, type Db } from './tables.js';

export interface RatingQuery {
  occurrenceKind?: OccurrenceKind;
  occurrenceId?: string;
  negativeOnly?: boolean;
  limit?: number;
  offset?: number;
}

/** Ratings the caller may see: an applicant their own; offices their region (department officers their department). */
export async function listRatings(db: Db, actor: Actor, q: RatingQuery = {}): Promise<{ items: RatingView[]; total: number }> {
  let query = db.selectFrom('ratings as r').leftJoin('rating_cases as c', 'c.rating_id', 'r.id').where('r.region_code', 'like', regionPattern(actor));
  if (actor.role === 'applicant') query = query.where('r.rater', '=', actor.username);
  const dept = await departmentCodeOf(db, actor);
  if (dept !== null) query = query.where('r.department_code', '=', dept);
  if (q.occurrenceKind) query = query.where('r.occurrence_kind', '=', q.occurrenceKind);
  if (q.occurrenceId) query = query.where('r.occurrence_id', '=', q.occurrenceId);
  if (q.negativeOnly) query = query.where('r.level', '<=', 2);
  const [rows, total] = await Promise.all([
    query
      .selectAll('r')
      .select(['c.id as case_id', 'c.feedback'])
      .orderBy('r.rated_at', 'desc')
      .orderBy('r.id', 'desc')
      .limit(Math.min(q.limit ?? 50, 500))
      .offset(q.offset ?? 0)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('n')).executeTakeFirst(),
  ]);
  return { total: Number(total?.n ?? 0), items: rows.map((r) => toView(r, r.case_id, r.feedback)) };
}

export interface RateableItem {
  occurrenceKind: OccurrenceKind;
  occurrenceId: string;
  name: string;
  regionCode: string;
  endedAt: string | null;
  ratings: RatingView[];
}

/**
 * An applicant's finished work, newest first, with their ratings of it: one-window
 * applications, grass-roots cases they reported, window visits, and process instances they
 * started that are not an application's process (those are rated as the application).
 */
export async function myRateable(db: Db, actor: Actor, limit = 50): Promise<RateableItem[]> {
  if (actor.role !== 'applicant') throw new RatingError('forbidden', { zh: '只有办事人有待评价的办件', en: 'only applicants have work to rate' });
  const n = Math.min(limit, 200);
  const pattern = regionPattern(actor);
  const [instances, applications, cases, visits] = await Promise.all([
    db
      .selectFrom('engine_instances as i')
      .innerJoin('engine_deployments as d', 'd.id', 'i.deployment_id')
      .select(['i.id', 'i.region_code', 'i.ended_at', 'i.process_key', 'd.name'])
      .where('i.started_by', '=', actor.username)
      .where('i.status', '=', 'completed')
      .where('i.region_code', 'like', pattern)
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('window_applications as a').select('a.id').whereRef('a.instance_id', '=', 'i.id'))))
      .orderBy('i.ended_at', 'desc')
      .limit(n)
      .execute(),
    db
      .selectFrom('window_applications')
      .select(['id', 'region_code', 'service_name', 'status', 'concluded_at', 'updated_at'])
      .where('applicant_id', '=', actor.userId)
      .where('status', 'in', ['concluded', 'rejected'])
      .orderBy('updated_at', 'desc')
      .limit(n)
      .execute(),
    db
      .selectFrom('cases')
      .select(['id', 'region_code', 'description', 'closed_at'])
      .where('reporter_id', '=', actor.userId)
      .where('status', 'in', ['closed', 'evaluated'])
      .orderBy('closed_at', 'desc')
      .limit(n)
      .execute(),
    db
      .selectFrom('rating_visits')
      .select(['id', 'region_code', 'matter_name', 'window_code', 'ended_at'])
      .where('visitor', '=', actor.username)
      .where('ended_at', 'is not', null)
      .orderBy('ended_at', 'desc')
      .limit(n)
      .execute(),
  ]);
  const at = (d: Date | string | null) => (d ? shanghaiIso(new Date(d)) : null);
  const items: Array<Omit<RateableItem, 'ratings'>> = [
    ...instances.map((r) => ({ occurrenceKind: 'instance' as const, occurrenceId: r.id, name: r.name ?? r.process_key, regionCode: r.region_code, endedAt: at(r.ended_at) })),
    ...applications.map((r) => ({
      occurrenceKind: 'application' as const,
      occurrenceId: String(r.id),
      name: r.service_name,
      regionCode: r.region_code,
      endedAt: at(r.status === 'concluded' ? r.concluded_at : r.updated_at),
    })),
    ...cases.map((r) => ({ occurrenceKind: 'case' as const, occurrenceId: String(r.id), name: r.description.slice(0, 40), regionCode: r.region_code, endedAt: at(r.closed_at) })),
    ...visits.map((r) => ({
      occurrenceKind: 'window_visit' as const,
      occurrenceId: String(r.id),
      name: `${r.matter_name ?? '窗口服务'}（${r.window_code}）`,
      regionCode: r.region_code,
      endedAt: at(r.ended_at),
    })),
  ];
  items.sort((a, b) => (b.endedAt ?? '').localeCompare(a.endedAt ?? ''));
  const shown = items.slice(0, n);
  const ratings = shown.length
    ? await listRatingsOf(
        db,
        actor.username,
        shown.map((i) => i.occurrenceId),
      )
    : [];
  return shown.map((i) => ({ ...i, ratings: ratings.filter((x) => x.occurrenceKind === i.occurrenceKind && x.occurrenceId === i.occurrenceId) }));
}

async function listRatingsOf(db: Db, rater: string, occurrenceIds: string[]): Promise<RatingView[]> {
  const rows = await db
    .selectFrom('ratings as r')
    .leftJoin('rating_cases as c', 'c.rating_id', 'r.id')
    .selectAll('r')
    .select(['c.id as case_id', 'c.feedback'])
    .where('r.occurrence_id', 'in', occurrenceIds)
    .where('r.rater', '=', rater)
    .execute();
  return rows.map((r) => toView(r, r.case_id, r.feedback));
}

const departmentCodes = new WeakMap<Db, Map<number, string | null>>();

/** The department code a department officer is limited to; null for roles that see every department. */
export async function departmentCodeOf(db: Db, actor: Actor): Promise<string | null> {
  if (actor.role !== 'department_officer') return null;
  if (actor.departmentId == null) return '\u0000none'; // an officer without a department sees nothing
  let cache = departmentCodes.get(db);
  if (!cache) departmentCodes.set(db, (cache = new Map()));
  if (!cache.has(actor.departmentId)) {
    cache.set(actor.departmentId, await codeOfDepartment(db, actor.departmentId));
  }
  return cache.get(actor.departmentId) ?? '\u0000none';
}
