// The one-window service over HTTP, for applicants and the window taking applications in:
// services, applications (draft, form, materials, submit), the list and detail of applications,
// the caller's notices. The window's decisions, the departments' tasks, results and public
// tracking, and supervision are in the window-*.ts files beside this one. Thin: the work is in src/window.
import type { AppDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import {
  maxFileBytes,
  materialsToHandIn,
  APPLICATION_STATUSES,
  WindowError,
  addMaterial,
  createApplication,
  getApplication,
  listApplications,
  listServices,
  loadService,
  materialFile,
  messages,
  submitApplication,
  updateForm,
} from '../../window/index.js';
import { errors, id, idParams, formSchema, holderSchema, deliverySchema, anyObject, APPLY, windowScope } from '../schemas/window.js';
import type { TypedApp } from '../app-types.js';

export default async function windowRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  const ctx = await windowScope(app, deps);
  const limit = maxFileBytes();

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
}
