// Results and what the public may check over HTTP: a result's PDF, public tracking by receipt
// number and query code, and the verification of a certificate's code (both rate-limited).
import type { AppDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { publicBaseUrl, resultFile, track, verifyCertificate } from '../../window/index.js';
import { errors, id, anyObject, pdf, rateLimiter, windowScope } from '../schemas/window.js';
import type { TypedApp } from '../app-types.js';

export default async function windowResultRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const ctx = await windowScope(app, deps);
  const publicLimit = rateLimiter(Number(process.env.ZAIZAO_PUBLIC_RATE_PER_MINUTE ?? 30));

  app.get(
    '/api/window/applications/:id/results/:certificateId/pdf',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['window'],
        summary: 'A result certificate as PDF, with its verification code and QR code',
        params: { type: 'object', required: ['id', 'certificateId'], properties: { id, certificateId: id } },
        response: errors,
      },
    },
    async (request, reply) => {
      const f = await resultFile(ctx, request.actor, request.params.id, request.params.certificateId);
      return pdf(reply, f.bytes, f.fileName, true);
    },
  );

  app.get(
    '/api/public/track',
    {
      config: { access: 'public' },
      schema: {
        tags: ['window'],
        summary: 'Public tracking by receipt number and query code: status and steps, no personal data; a wrong query code answers like an unknown receipt; rate-limited',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['receiptNo', 'queryCode'],
          properties: { receiptNo: { type: 'string', maxLength: 40 }, queryCode: { type: 'string', maxLength: 32 } },
        },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      publicLimit(request);
      return track(ctx, request.query.receiptNo, request.query.queryCode);
    },
  );

  app.get(
    '/api/public/verify/:code',
    {
      config: { access: 'public' },
      schema: {
        tags: ['window'],
        summary: 'What a result’s verification code certifies; an unknown or altered code is refused; rate-limited',
        params: { type: 'object', required: ['code'], properties: { code: { type: 'string', maxLength: 40 } } },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      publicLimit(request);
      const r = await verifyCertificate(deps.store.db, request.params.code);
      if (!r)
        throw new HttpError(404, 'window_unknown_code', {
          zh: '验证码无效：查无此证照，或验证码被改动',
          en: 'unknown verification code: no such certificate, or the code was altered',
        });
      return { ...r, verifiedAt: new Date(deps.now()).toISOString(), verifyUrl: `${publicBaseUrl()}/verify/${request.params.code}` };
    },
  );
}
