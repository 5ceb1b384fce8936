import type { AppDeps } from '../deps.js';
import { rolesOf } from '../../org/index.js';
import { HttpError } from '../errors.js';
import { auditHead, verifyAuditTrail, verifyAuditTrailFor, isPlatformAdmin, listAudit } from '../../audit/index.js';
import { forbidden } from '../errors.js';
import { shanghaiIso } from '../../shared/time.js';
import type { TypedApp } from '../app-types.js';

export default async function auditRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
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
      const { from, to } = request.query;
      for (const d of [from, to]) {
        if (d !== undefined && (Number.isNaN(Date.parse(d)) || new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10) !== d)) {
          throw new HttpError(400, 'validation', { zh: `日期无效：${d}`, en: `not a date: ${d}` });
        }
      }
      return listAudit(deps.store.db, request.actor, request.query);
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
      if (!(await isPlatformAdmin(deps.store.db, request.actor))) {
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
      if (!(await isPlatformAdmin(deps.store.db, request.actor)))
        throw forbidden({ zh: '只有平台管理员可以读取审计链头', en: 'only platform administrators read the head of the whole chain' });
      const head = await auditHead(deps.store.db);
      return { id: head.id, hash: head.hash, at: head.at ? shanghaiIso(head.at) : null, anchor: `${head.id}:${head.hash}` };
    },
  );
}
