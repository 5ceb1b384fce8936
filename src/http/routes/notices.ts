// The caller's notices inside the platform (a deadline recounted when an official holiday year
// was loaded): addressed to them, or to their department within their region. Read state is
// the caller's own: marking a notice read changes nothing for the colleagues it also reached.
import type { TypedApp } from '../app-types.js';
import type { AppDeps } from '../deps.js';
import { countUnread, listNotices, markAllNoticesRead, markNoticeRead } from '../../org/index.js';
import { notFound, outOfScope } from '../errors.js';

const NOTICE = { zh: '通知', en: 'notice' };
const notice = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    subject: { type: 'string' },
    body: { type: 'string' },
    entity: { type: 'string' },
    entityId: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    read: { type: 'boolean' },
  },
} as const;

export default async function noticeRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const db = deps.store.db;
  app.get(
    '/api/notices',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['org'],
        summary: 'The caller’s notices (to them or their department), newest first, at most 50, with the number unread',
        querystring: { type: 'object', additionalProperties: false, properties: { unread: { type: 'boolean', description: 'only the unread ones' } } },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: notice }, unread: { type: 'integer' } } } },
      },
    },
    async (request) => listNotices(db, request.actor, { unreadOnly: request.query.unread === true }),
  );

  app.get(
    '/api/notices/unread-count',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['org'],
        summary: 'How many of the caller’s notices are unread (the header’s badge)',
        response: { 200: { type: 'object', properties: { unread: { type: 'integer' } } } },
      },
    },
    async (request) => ({ unread: await countUnread(db, request.actor) }),
  );

  app.post(
    '/api/notices/:id/read',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['org'],
        summary: 'Marks one of the caller’s notices read (403 for a notice addressed to someone else)',
        params: { type: 'object', required: ['id'], additionalProperties: false, properties: { id: { type: 'integer', minimum: 1 } } },
        response: { 200: { type: 'object', properties: { unread: { type: 'integer' } } } },
      },
    },
    async (request) => {
      const result = await markNoticeRead(db, request.actor, request.params.id);
      if (result === 'not_found') throw notFound('通知', request.params.id);
      if (result === 'out_of_scope') throw outOfScope(NOTICE, request.params.id);
      return { unread: await countUnread(db, request.actor) };
    },
  );

  app.post(
    '/api/notices/read-all',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['org'],
        summary: 'Marks every notice of the caller read',
        response: { 200: { type: 'object', properties: { marked: { type: 'integer' }, unread: { type: 'integer' } } } },
      },
    },
    async (request) => ({ marked: await markAllNoticesRead(db, request.actor), unread: 0 }),
  );
}
