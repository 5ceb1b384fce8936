// The caller's notices inside the platform (a deadline recounted when an official holiday year
// was loaded): addressed to them, or to their department within their region.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../deps.js';
import { listNotices } from '../../org/notices.js';

export default async function noticeRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get(
    '/api/notices',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['org'],
        summary: 'The caller’s notices (to them or their department), newest first, at most 50',
        response: {
          200: {
            type: 'object',
            properties: {
              items: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, subject: { type: 'string' }, body: { type: 'string' }, entity: { type: 'string' }, entityId: { type: ['string', 'null'] }, createdAt: { type: 'string' } } } },
            },
          },
        },
      },
    },
    async (request) => ({ items: await listNotices(deps.store.db, request.actor) }),
  );
}
