import { sql } from 'kysely';
import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/capabilities.js';
import { HttpError } from '../errors.js';
import { regionPattern } from '../../org/scope.js';
import { auditHead, verifyAuditTrail, verifyAuditTrailFor } from '../../audit/trail.js';
import { forbidden } from '../errors.js';
import type { Actor } from '../../org/model.js';
import { shanghaiIso } from '../../shared/time.js';
import type { TypedApp } from '../app-types.js';

export default async function auditRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  /**
   * A platform administrator: of a root region (no region above it), or the system. Only they
   * see the whole chain; a county administrator on a shared platform sees their regions' part.
   */
  async function platformAdmin(actor: Actor): Promise<boolean> {
    if (actor.regionCode === '') return true;
    const region = await deps.store.db.selectFrom('regions').select('parent_code').where('code', '=', actor.regionCode).executeTakeFirst();
    return !!region && region.parent_code === null;
  }

  app.get(
    '/api/audit',
    {
      config: { access: rolesOf('auditRead') },
      schema: {
        tags: ['audit'],
        summary: 'Audit trail rows of the caller’s regions, newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            offset: { type: 'integer', minimum: 0, default: 0 },
            entity: { type: 'string', maxLength: 64 },
            action: { type: 'string', maxLength: 64 },
            /** Who: the actor's login name. */
            actor: { type: 'string', maxLength: 64 },
            /** Which record. */
            entityId: { type: 'string', maxLength: 200 },
            /** When: civil dates in Asia/Shanghai, both included. */
            from: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
            to: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          },
        },
      },
    },
    async (request) => {
      const { limit, offset, entity, action, actor, entityId, from, to } = request.query;
      let q = deps.store.db.selectFrom('audit_log').where('region_code', 'like', regionPattern(request.actor));
      if (entity) q = q.where('entity', '=', entity);
      if (action) q = q.where('action', '=', action);
      if (actor) q = q.where('actor_name', '=', actor);
      if (entityId) q = q.where('entity_id', '=', entityId);
      for (const d of [from, to]) {
        if (d !== undefined && (Number.isNaN(Date.parse(d)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d)) {
          throw new HttpError(400, 'validation', { zh: `日期无效：${d}`, en: `not a date: ${d}` });
        }
      }
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
    },
  );

  app.get(
    '/api/audit/verify',
    {
      config: { access: rolesOf('auditVerify') },
      schema: {
        tags: ['audit'],
        summary:
          'Verify the whole hash chain (administrators); a county administrator below the platform’s root region learns the verdict, their rows and a break only within their regions; with an anchor from /api/audit/head (platform administrators), also detect rows removed from the end',
        querystring: {
          type: 'object',
          additionalProperties: false,
          dependencies: { anchorId: ['anchorHash'], anchorHash: ['anchorId'] },
          properties: { anchorId: { type: 'integer', minimum: 0 }, anchorHash: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
        },
      },
    },
    async (request) => {
      const { anchorId, anchorHash } = request.query;
      if (!(await platformAdmin(request.actor))) {
        if (anchorId !== undefined) throw forbidden({ zh: '只有平台管理员可以按锚点校验', en: 'only platform administrators verify against an anchor' });
        return verifyAuditTrailFor(deps.store.db, request.actor.regionCode);
      }
      return verifyAuditTrail(deps.store.db, { anchor: anchorId !== undefined && anchorHash !== undefined ? { id: anchorId, hash: anchorHash } : undefined });
    },
  );

  app.get(
    '/api/audit/head',
    {
      config: { access: rolesOf('auditVerify') },
      schema: {
        tags: ['audit'],
        summary: 'The newest audit row as an anchor to keep outside the database (platform administrators)',
        response: {
          200: {
            type: 'object',
            required: ['id', 'hash', 'at', 'anchor'],
            properties: { id: { type: 'integer' }, hash: { type: 'string' }, at: { type: ['string', 'null'] }, anchor: { type: 'string' } },
          },
        },
      },
    },
    async (request) => {
      if (!(await platformAdmin(request.actor))) throw forbidden({ zh: '只有平台管理员可以读取审计链头', en: 'only platform administrators read the head of the whole chain' });
      const head = await auditHead(deps.store.db);
      return { id: head.id, hash: head.hash, at: head.at ? shanghaiIso(head.at) : null, anchor: `${head.id}:${head.hash}` };
    },
  );
}
