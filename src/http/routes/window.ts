// The one-window service over HTTP: services, applications (draft, materials, submit),
// the window's decisions (accept, supplement, reject) with printed notices, the departments'
// worklist and tasks, results and their public verification, public tracking, supervision,
// post-decision checks, the certificate import. Thin: the work is in src/window.
import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { maxFileBytes } from '../../window/files.js';
import { materialsToHandIn } from '../../window/applications.js';
import { publicBaseUrl } from '../../window/work.js';
import {
  APPLICATION_STATUSES,
  WindowError,
  acceptApplication,
  addMaterial,
  closeVerification,
  completeWork,
  createApplication,
  getApplication,
  importCertificates,
  listApplications,
  listServices,
  loadService,
  materialFile,
  messages,
  noticeOf,
  openVerifications,
  rejectApplication,
  renderNoticePdf,
  requestSupplement,
  resultFile,
  submitApplication,
  requestHandlingSupplement,
  supervision,
  taskDetail,
  track,
  updateForm,
  verifyCertificate,
  windowContext,
  worklist,
} from '../../window/index.js';
import { refusals } from '../schemas.js';
import type { TypedApp } from '../app-types.js';

const errors = refusals(400, 403, 404, 409, 413, 415, 422, 429);

/** A fixed-window limit per client address for the public routes (tracking, verification). */
export function rateLimiter(perMinute: number, now: () => number = Date.now) {
  const hits = new Map<string, { start: number; n: number }>();
  return (request: FastifyRequest) => {
    const t = now();
    if (hits.size > 10_000) for (const [k, v] of hits) if (t - v.start >= 60_000) hits.delete(k);
    const h = hits.get(request.ip);
    if (!h || t - h.start >= 60_000) hits.set(request.ip, { start: t, n: 1 });
    else if (++h.n > perMinute) throw new HttpError(429, 'rate_limited', { zh: '查询过于频繁，请稍后再试', en: 'too many requests; try again in a minute' });
  };
}

const id = { type: 'integer', minimum: 1 } as const;
const idParams = { type: 'object', required: ['id'], properties: { id } } as const;
const formSchema = { type: 'object', maxProperties: 500, additionalProperties: { type: ['string', 'number', 'boolean', 'null'] } } as const;
const holderSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'id', 'name'],
  properties: { kind: { type: 'string', enum: ['enterprise', 'person'] }, id: { type: 'string', maxLength: 18 }, name: { type: 'string', maxLength: 200 } },
} as const;
const deliverySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['method'],
  properties: { method: { type: 'string', enum: ['pickup', 'mail', 'electronic'] }, address: { type: 'string', maxLength: 300 }, trackingNo: { type: 'string', maxLength: 60 } },
} as const;
const anyObject = { type: 'object', additionalProperties: true } as const;
const CLERKS = ['window_clerk', 'admin'] as const;
const APPLY = ['applicant', 'window_clerk', 'admin'] as const;
const WORKERS = ['department_officer', 'window_clerk', 'admin'] as const;

const pdf = (reply: FastifyReply, bytes: Buffer, name: string, download = false) =>
  reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `${download ? 'attachment' : 'inline'}; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(bytes);

export default async function windowRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const ctx = windowContext(deps.store.db, { now: deps.now });
  const limit = maxFileBytes();
  await app.register(multipart, { limits: { fileSize: limit, files: 1, fields: 5, fieldSize: 1000, parts: 6 } });
  const publicLimit = rateLimiter(Number(process.env.ZAIZAO_PUBLIC_RATE_PER_MINUTE ?? 30));

  app.get(
    '/api/window/services',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['window'],
        summary: 'Published services (one-thing bundles) the caller may apply for or take in',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: anyObject } } }, ...errors },
      },
    },
    async (request) => ({ items: await listServices(deps.store.db, request.actor) }),
  );

  app.get(
    '/api/window/services/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['window'],
        summary: 'One published service: its form schema and fields, material list, commitment letter; with holderId, which shared materials the certificate store holds',
        params: idParams,
        querystring: { type: 'object', additionalProperties: false, properties: { holderId: { type: 'string', maxLength: 18 } } },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => {
      const s = await loadService(deps.store.db, request.params.id);
      const services = await listServices(deps.store.db, request.actor);
      if (!services.some((x) => x.id === s.bundleId))
        throw new WindowError('not_found', { zh: `未找到已发布的服务 ${request.params.id}`, en: `published service ${request.params.id} not found` });
      const shared = request.query.holderId
        ? [...(await materialsToHandIn(ctx, s, request.query.holderId)).obtained.entries()].map(([code, c]) => ({
            materialCode: code,
            number: c.number,
            issuer: c.issuer,
            sourceSystem: c.sourceSystem,
          }))
        : undefined;
      return {
        id: s.bundleId,
        version: s.version,
        serviceCode: s.serviceCode,
        name: s.name,
        regionCode: s.regionCode,
        promisedWorkdays: s.promisedWorkdays,
        form: { title: s.draft.form.title, schema: s.draft.form.schema, fields: s.draft.form.fields },
        materials: s.materials,
        letter: s.draft.letter,
        resultPackage: s.draft.resultPackage,
        ...(shared ? { obtainedBySharing: shared } : {}),
      };
    },
  );

  app.post(
    '/api/window/applications',
    {
      config: { access: APPLY },
      schema: {
        tags: ['window'],
        summary: 'Start a draft application for a published service (applicants online; window clerks at the counter)',
        body: { type: 'object', additionalProperties: false, required: ['serviceId', 'form'], properties: { serviceId: id, form: formSchema, holder: holderSchema } },
        response: { 201: { type: 'object', properties: { id: { type: 'integer' }, status: { type: 'string' } } }, ...errors },
      },
    },
    async (request, reply) => {
      const r = await createApplication(ctx, request.actor, request.body);
      return reply.status(201).send({ id: r.id, status: 'draft' });
    },
  );

  app.put(
    '/api/window/applications/:id/form',
    {
      config: { access: APPLY },
      schema: {
        tags: ['window'],
        summary: 'Replace the form of a draft or of an application awaiting a supplement',
        params: idParams,
        body: { type: 'object', additionalProperties: false, required: ['form'], properties: { form: formSchema } },
        response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } }, ...errors },
      },
    },
    async (request) => (await updateForm(ctx, request.actor, request.params.id, request.body.form), { ok: true }),
  );

  app.post(
    '/api/window/applications/:id/materials',
    {
      config: { access: APPLY },
      schema: {
        tags: ['window'],
        summary: 'Upload one material (multipart: materialCode, file). PDF, OFD, JPEG or PNG by content; 20 MB by default (ZAIZAO_WINDOW_MAX_FILE_MB)',
        consumes: ['multipart/form-data'],
        params: idParams,
        response: {
          201: { type: 'object', properties: { materialCode: { type: 'string' }, sha256: { type: 'string' }, mediaType: { type: 'string' }, size: { type: 'integer' } } },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new HttpError(415, 'unsupported_media_type', { zh: '请以 multipart/form-data 上传材料', en: 'upload materials as multipart/form-data' });
      let materialCode: string | undefined;
      let file: { name: string; bytes: Buffer } | undefined;
      try {
        for await (const part of request.parts()) {
          if (part.type === 'file') {
            if (part.fieldname !== 'file' || file)
              throw new HttpError(400, 'bad_request', { zh: '只能上传一个名为 file 的文件', en: 'send exactly one file, in the field “file”' });
            file = { name: part.filename, bytes: await part.toBuffer() };
          } else if (part.fieldname === 'materialCode') materialCode = String(part.value);
        }
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE')
          throw new HttpError(
            413,
            'window_too_large',
            {
              zh: `材料 ${materialCode ?? ''} 的文件超过 ${Math.round(limit / 1048576)} MB`,
              en: `the file for material ${materialCode ?? ''} exceeds ${Math.round(limit / 1048576)} MB`,
            },
            { materialCode, limit },
          );
        if (err instanceof HttpError) throw err;
        if (code?.startsWith('FST_'))
          throw new HttpError(400, 'bad_request', { zh: `上传内容不正确：${(err as Error).message}`, en: `malformed upload: ${(err as Error).message}` });
        throw err;
      }
      if (!materialCode || materialCode.length > 200)
        throw new HttpError(
          400,
          'validation',
          { zh: '缺少字段 materialCode', en: 'materialCode is required' },
          { problems: [{ field: 'materialCode', message: { zh: '缺少字段 materialCode', en: 'materialCode is required' } }] },
        );
      if (!file)
        throw new HttpError(
          400,
          'validation',
          { zh: '缺少文件 file', en: 'file is required' },
          { problems: [{ field: 'file', message: { zh: '缺少文件 file', en: 'file is required' } }] },
        );
      const r = await addMaterial(ctx, request.actor, request.params.id, materialCode!, file!.name, file!.bytes, limit);
      return reply.status(201).send({ materialCode, ...r });
    },
  );

  app.get(
    '/api/window/applications/:id/materials/:code/file',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['window'],
        summary: 'A material’s file, for those who may see the application',
        params: { type: 'object', required: ['id', 'code'], properties: { id, code: { type: 'string', maxLength: 200 } } },
        response: errors,
      },
    },
    async (request, reply) => {
      const f = await materialFile(ctx, request.actor, request.params.id, request.params.code);
      return reply
        .header('content-type', f.mediaType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send(f.bytes);
    },
  );

  app.post(
    '/api/window/applications/:id/submit',
    {
      config: { access: APPLY },
      schema: {
        tags: ['window'],
        summary: 'Submit (or resubmit after a supplement notice) with the signed commitment letter; answers the receipt number and, the first time, the query code',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            commitment: {
              type: 'object',
              additionalProperties: false,
              required: ['signedName', 'agreed'],
              properties: { signedName: { type: 'string', maxLength: 100 }, agreed: { type: 'boolean' } },
            },
            delivery: deliverySchema,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: { receiptNo: { type: 'string' }, queryCode: { type: ['string', 'null'] }, status: { type: 'string' }, promisedDate: { type: 'string' } },
          },
          ...errors,
        },
      },
    },
    async (request) => submitApplication(ctx, request.actor, request.params.id, request.body ?? {}),
  );

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
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['items'],
          properties: {
            items: {
              type: 'array',
              minItems: 1,
              maxItems: 100,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['materialCode', 'reason'],
                properties: { materialCode: { type: 'string', maxLength: 200 }, reason: { type: 'string', maxLength: 500 } },
              },
            },
          },
        },
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
    '/api/window/applications',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['window'],
        summary: 'Applications the caller may see, newest first; page with before=<last id> (next in the answer)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { status: { type: 'string', enum: [...APPLICATION_STATUSES] }, before: id, limit: { type: 'integer', minimum: 1, maximum: 200 } },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: anyObject }, next: { type: ['integer', 'null'] } } }, ...errors },
      },
    },
    async (request) => listApplications(ctx, request.actor, request.query),
  );

  app.get(
    '/api/window/applications/:id',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['window'],
        summary:
          'One application: form, materials (submitted and obtained by sharing), notices, steps with their clocks, results, timeline; finished says whether nothing more will happen',
        params: idParams,
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => getApplication(ctx, request.actor, request.params.id),
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
    '/api/window/tasks',
    {
      config: { access: WORKERS },
      schema: {
        tags: ['window'],
        summary: 'The caller’s worklist of application tasks with their working-day clocks (green, yellow at 80 %, red overdue); page with after=<next>',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { after: { type: 'string', maxLength: 200 }, limit: { type: 'integer', minimum: 1, maximum: 200 } },
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: anyObject }, next: { type: ['string', 'null'] } } }, ...errors },
      },
    },
    async (request) => worklist(ctx, request.actor, request.query),
  );

  app.get(
    '/api/window/tasks/:taskId',
    {
      config: { access: WORKERS },
      schema: {
        tags: ['window'],
        summary: 'A task with exactly the form sections and materials its department needs, shared materials with their source',
        params: { type: 'object', required: ['taskId'], properties: { taskId: { type: 'string', maxLength: 64 } } },
        response: { 200: anyObject, ...errors },
      },
    },
    async (request) => taskDetail(ctx, request.actor, request.params.taskId),
  );

  app.post(
    '/api/window/tasks/:taskId/complete',
    {
      config: { access: WORKERS },
      schema: {
        tags: ['window'],
        summary: 'Complete a task; the joint decision issues the result package, the delivery concludes the application',
        params: { type: 'object', required: ['taskId'], properties: { taskId: { type: 'string', maxLength: 64 } } },
        body: { type: 'object', additionalProperties: false, properties: { opinion: { type: 'string', maxLength: 1000 }, delivery: deliverySchema } },
        response: { 200: { type: 'object', properties: { applicationStatus: { type: 'string' } } }, ...errors },
      },
    },
    async (request) => completeWork(ctx, request.actor, request.params.taskId, request.body ?? {}),
  );

  app.post(
    '/api/window/tasks/:taskId/supplement',
    {
      config: { access: WORKERS },
      schema: {
        tags: ['window'],
        summary:
          'Supplement during handling: the step asks the applicant, once, for materials of the published list its department examines; the promised-time clock stops until the applicant resubmits',
        params: { type: 'object', required: ['taskId'], properties: { taskId: { type: 'string', maxLength: 64 } } },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['items'],
          properties: {
            items: {
              type: 'array',
              minItems: 1,
              maxItems: 100,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['materialCode', 'reason'],
                properties: { materialCode: { type: 'string', maxLength: 200 }, reason: { type: 'string', maxLength: 500 } },
              },
            },
          },
        },
        response: { 200: { type: 'object', properties: { notice: { type: 'integer' }, applicationId: { type: 'integer' } } }, ...errors },
      },
    },
    async (request) => requestHandlingSupplement(ctx, request.actor, request.params.taskId, request.body.items),
  );

  app.get(
    '/api/window/supervision',
    {
      config: { access: ['admin', 'reform_office', 'leader'] },
      schema: { tags: ['window'], summary: 'Supervision board (效能监督): open, at-risk and overdue work by department', response: { 200: anyObject, ...errors } },
    },
    async (request) => supervision(ctx, request.actor),
  );

  app.get(
    '/api/window/verifications',
    {
      config: { access: ['department_officer', 'admin'] },
      schema: {
        tags: ['window'],
        summary: 'Open post-decision checks (事中事后核查) of the caller’s department',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: anyObject } } }, ...errors },
      },
    },
    async (request) => ({ items: await openVerifications(ctx, request.actor) }),
  );

  app.post(
    '/api/window/verifications/:id/close',
    {
      config: { access: ['department_officer', 'admin'] },
      schema: {
        tags: ['window'],
        summary: 'Close a check: confirmed, or a false commitment (results revoked, credit record)',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['outcome', 'finding'],
          properties: { outcome: { type: 'string', enum: ['confirmed', 'false_commitment'] }, finding: { type: 'string', minLength: 1, maxLength: 1000 } },
        },
        response: { 200: { type: 'object', properties: { revoked: { type: 'integer' } } }, ...errors },
      },
    },
    async (request) => closeVerification(ctx, request.actor, request.params.id, request.body),
  );

  app.post(
    '/api/window/certificates/import',
    {
      config: { access: ['admin'] },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ['window'],
        summary: 'Load certificates of other systems into the certificate store (all or nothing; problems by row)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['certificates'],
          properties: {
            regionCode: { type: 'string', pattern: '^\\d{2,12}$' },
            certificates: {
              type: 'array',
              maxItems: 10000,
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['holderId', 'holderName', 'typeCode', 'typeName', 'number', 'issuer', 'issuedOn', 'sourceSystem'],
                properties: {
                  holderId: { type: 'string', maxLength: 18 },
                  holderName: { type: 'string', maxLength: 200 },
                  typeCode: { type: 'string', maxLength: 200 },
                  typeName: { type: 'string', maxLength: 200 },
                  number: { type: 'string', maxLength: 100 },
                  issuer: { type: 'string', maxLength: 200 },
                  issuedOn: { type: 'string', maxLength: 10 },
                  validUntil: { type: ['string', 'null'], maxLength: 10 },
                  sourceSystem: { type: 'string', maxLength: 100 },
                },
              },
            },
          },
        },
        response: { 200: { type: 'object', properties: { imported: { type: 'integer' } } }, ...errors },
      },
    },
    async (request) => importCertificates(deps.store.db, request.actor, request.body.regionCode ?? request.actor.regionCode, request.body.certificates),
  );

  app.get(
    '/api/window/messages',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['window'],
        summary: 'The caller’s notices from the outbox (in-app), newest first',
        querystring: { type: 'object', additionalProperties: false, properties: { before: id } },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: anyObject } } }, ...errors },
      },
    },
    async (request) => ({ items: await messages(ctx, request.actor, request.query) }),
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
