// Reading the audit trail: the rows of a caller's regions, filtered and paged, and who may see
// the whole chain. The HTTP routes call these; they never query the trail themselves.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import { regionPattern } from '../org/scope.js';
import { shanghaiIso } from '../shared/time.js';

export interface AuditFilter {
  limit: number;
  offset: number;
  entity?: string;
  action?: string;
  /** Who: the actor's login name. */
  actor?: string;
  /** Which record. */
  entityId?: string;
  /** Civil dates (YYYY-MM-DD, already checked) in Asia/Shanghai, both included. */
  from?: string;
  to?: string;
}

/** Audit rows of the caller's regions, newest first, with the number of all that match. */
export async function listAudit(db: Kysely<Database>, caller: Actor, filter: AuditFilter) {
  const { limit, offset, entity, action, actor, entityId, from, to } = filter;
  let q = db.selectFrom('audit_log').where('region_code', 'like', regionPattern(caller));
  if (entity) q = q.where('entity', '=', entity);
  if (action) q = q.where('action', '=', action);
  if (actor) q = q.where('actor_name', '=', actor);
  if (entityId) q = q.where('entity_id', '=', entityId);
  if (from) q = q.where('at', '>=', new Date(`${from}T00:00:00+08:00`));
  if (to) q = q.where('at', '<', new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000));
  const total = (await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow()).n;
  const rows = await q.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
  return {
    total,
    items: rows.map((r) => ({
      id: r.id,
      at: shanghaiIso(r.at),
      actorName: r.actor_name,
      regionCode: r.region_code,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before,
      after: r.after,
      hash: r.hash,
    })),
  };
}

/** How many audit rows fall in the caller's regions (the home dashboard's figure). */
export async function countAudit(db: Kysely<Database>, caller: Actor): Promise<number> {
  const r = await db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)`.as('n'))
    .where('region_code', 'like', regionPattern(caller))
    .executeTakeFirstOrThrow();
  return r.n;
}

/**
 * A platform administrator: of a root region (no region above it), or the system. Only they
 * see the whole chain; a county administrator on a shared platform sees their regions' part.
 */
export async function isPlatformAdmin(db: Kysely<Database>, actor: Actor): Promise<boolean> {
  if (actor.regionCode === '') return true;
  const region = await db.selectFrom('regions').select('parent_code').where('code', '=', actor.regionCode).executeTakeFirst();
  return !!region && region.parent_code === null;
}
