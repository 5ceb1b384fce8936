// The window clerk's decisions over HTTP: accept, ask for supplements, reject, and the printed
// notices of those decisions. Thin: the work is in src/window.
import type { AppDeps } from '../deps.js';
import { acceptApplication, noticeOf, rejectApplication, renderNoticePdf, requestSupplement } from '../../window/index.js';
import { errors, id, idParams, CLERKS, pdf, supplementBody, windowScope } from '../schemas/window.js';
import type { TypedApp } from '../app-types.js';

export default async function windowDecisionRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const ctx = await windowScope(app, deps);

  app.post(
    '/api/window/applications/:id/accept',
    {
      config: { access: CLERKS },
      schema: {
        tags: ['window'],
        summary: 'Accept (受理): completeness against the published list; with deferred, accept with named non-key items missing (容缺受理). Starts the service’s process',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            deferred: {
              type: 'array',
              maxItems: 50,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['materialCode', 'dueDate'],
                properties: { materialCode: { type: 'string', maxLength: 200 }, dueDate: { type: 'string', format: 'date' } },
              },
            },
          },
        },
        response: { 200: { type: 'object', properties: { promisedDate: { type: 'string' }, instanceId: { type: 'string' }, notice: { type: 'integer' } } }, ...errors },
      },
    },
    async (request) => acceptApplication(ctx, request.actor, request.params.id, request.body ?? {}),
  );

  app.post(
    '/api/window/applications/:id/supplement',
    {
      config: { access: CLERKS },
      schema: {
        tags: ['window'],
        summary: 'One supplement notice (一次性告知): every missing or defective item at once, only items of the published list',
        params: idParams,
        body: supplementBody,
        response: { 200: { type: 'object', properties: { notice: { type: 'integer' }, changedSinceLastNotice: { type: 'array', items: { type: 'string' } } } }, ...errors },
      },
    },
    async (request) => requestSupplement(ctx, request.actor, request.params.id, request.body.items),
  );

  app.post(
    '/api/window/applications/:id/reject',
    {
      config: { access: CLERKS },
      schema: {
        tags: ['window'],
        summary: 'Reject on intake (不予受理) with the reason and its legal basis',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['reason', 'legalBasis'],
          properties: { reason: { type: 'string', minLength: 1, maxLength: 1000 }, legalBasis: { type: 'string', minLength: 1, maxLength: 500 } },
        },
        response: { 200: { type: 'object', properties: { notice: { type: 'integer' } } }, ...errors },
      },
    },
    async (request) => rejectApplication(ctx, request.actor, request.params.id, request.body),
  );

  app.get(
    '/api/window/applications/:id/notices/:noticeId/pdf',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['window'],
        summary: 'A notice of the window as PDF (受理通知书, 补正材料通知书, 不予受理通知书)',
        params: { type: 'object', required: ['id', 'noticeId'], properties: { id, noticeId: id } },
        response: errors,
      },
    },
    async (request, reply) => {
      const n = await noticeOf(ctx, request.actor, request.params.id, request.params.noticeId);
      return pdf(reply, await renderNoticePdf(n), `notice-${request.params.noticeId}.pdf`);
    },
  );
}
