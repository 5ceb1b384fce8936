// Open311 GeoReport v2 under /open311/v2/: discovery, services, a service's definition,
// requests (query and POST), one request, tokens — each as .json and .xml. Public, except
// that POST needs an API key the administrator issued. Errors are the spec's
// [{code, description}] with 400, 403 (api_key) or 404. Thin: the work is in src/cases/open311.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  apiKeyCounty,
  Open311Error,
  parseForm,
  CONTENT_TYPES,
  errorBody,
  toDefinition,
  toService,
  xmlList,
  xmlObject,
  type Format,
  jurisdiction,
  postRequest,
  queryRequests,
  services,
  type RequestQuery,
} from '../../cases/index.js';
import type { AppDeps } from '../deps.js';
import { HttpError } from '../errors.js';

const BASE = '/open311/v2';
const FORMATS: Format[] = ['json', 'xml'];
const FORM_LIMIT = 64 * 1024;

function formatOf(url: string): Format {
  return /\.xml(\?|$)/.test(url) ? 'xml' : 'json';
}

/** `ROAD-DAMAGE.json` → code and format; anything else is not found. */
function splitFile(file: string): { id: string; format: Format } {
  const m = /^([^.]{1,64})\.(json|xml)$/.exec(file);
  if (!m) throw new Open311Error(404, `not found: ${file} (use .json or .xml)`);
  return { id: m[1], format: m[2] as Format };
}

function send(reply: FastifyReply, format: Format, json: unknown, xml: () => string) {
  return reply.header('content-type', CONTENT_TYPES[format]).send(format === 'json' ? JSON.stringify(json) : xml());
}

type Query = RequestQuery & { jurisdiction_id?: string };

export default async function open311Routes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const db = deps.store.db;

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_req, body, done) => {
    try {
      done(null, parseForm(body as string));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.setErrorHandler((err, request, reply) => {
    const format = formatOf(request.url);
    let status = 400;
    let description = 'bad request';
    if (err instanceof Open311Error) {
      status = err.status;
      description = err.message;
    } else if (err instanceof HttpError) {
      status = err.statusCode === 403 || err.statusCode === 404 ? err.statusCode : 400;
      description = err.messages.en;
    } else {
      const e = err as { statusCode?: number; code?: string; message: string };
      if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') description = `the request body is larger than ${FORM_LIMIT} bytes`;
      else if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') description = 'POST a form: Content-Type: application/x-www-form-urlencoded; charset=utf-8';
      else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) description = e.message;
      else {
        request.log.error({ err }, 'open311 request failed');
        status = 500;
        description = 'internal error';
      }
    }
    return reply
      .status(status)
      .header('content-type', CONTENT_TYPES[format])
      .send(errorBody(format, [{ code: status, description }]));
  });

  const origin = (request: FastifyRequest) => `${request.protocol}://${request.headers.host ?? 'localhost'}${BASE}`;

  for (const format of FORMATS) {
    app.get(
      `${BASE}/discovery.${format}`,
      { config: { access: 'public' }, schema: { tags: ['open311'], summary: `Open311 service discovery (${format})` } },
      async (request, reply) => {
        const changeset = '2026-12-01T00:00:00+08:00';
        const discovery = {
          changeset,
          contact: '12345 政务服务便民热线',
          key_service: 'API keys are issued by the county administrator (系统管理员): 案件设置 → Open311 密钥',
          endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url: origin(request), changeset, type: 'production', formats: ['text/xml', 'application/json'] }],
        };
        return send(reply, format, discovery, () => xmlObject('discovery', discovery));
      },
    );

    app.get<{ Querystring: Query }>(
      `${BASE}/services.${format}`,
      { config: { access: 'public' }, schema: { tags: ['open311'], summary: `Open311 service list = case categories (${format})` } },
      async (request, reply) => {
        const county = await jurisdiction(db, request.query.jurisdiction_id || undefined);
        const list = [...(await services(db, county)).values()].map(toService);
        return send(reply, format, list, () => xmlList('services', 'service', list));
      },
    );

    app.get<{ Querystring: Query }>(
      `${BASE}/requests.${format}`,
      {
        config: { access: 'public' },
        schema: { tags: ['open311'], summary: `Open311 service requests: service_request_id, service_code, start_date, end_date, status (${format})` },
      },
      async (request, reply) => {
        const q = request.query;
        const county = await jurisdiction(db, q.jurisdiction_id || undefined);
        const list = await queryRequests(db, county, q, deps.now());
        return send(reply, format, list, () => xmlList('service_requests', 'request', list));
      },
    );

    app.post<{ Body: { fields: Record<string, string>; attributes: Record<string, string | string[]> }; Querystring: { api_key?: string; jurisdiction_id?: string } }>(
      `${BASE}/requests.${format}`,
      {
        config: { access: 'public' },
        bodyLimit: FORM_LIMIT,
        schema: { tags: ['open311'], summary: `Open311 POST service request (form-encoded, api_key) — becomes a case (${format})` },
      },
      async (request, reply) => {
        const form = request.body;
        if (!form || typeof form !== 'object' || !('fields' in form)) throw new Open311Error(400, 'POST a form: Content-Type: application/x-www-form-urlencoded; charset=utf-8');
        // api_key and jurisdiction_id may also come in the query string: the community's
        // API description puts api_key there, and clients (node-open311) send jurisdiction_id so.
        const apiKey = form.fields.api_key || request.query.api_key;
        const jurisdictionId = form.fields.jurisdiction_id || request.query.jurisdiction_id;
        const keyCounty = await apiKeyCounty(db, apiKey);
        if (!keyCounty) throw new Open311Error(403, apiKey ? 'Invalid api_key' : 'api_key was not provided');
        if (jurisdictionId && jurisdictionId !== keyCounty) {
          await jurisdiction(db, jurisdictionId); // 404 when unknown
          throw new Open311Error(403, 'the api_key is not valid for this jurisdiction_id');
        }
        const created = await postRequest(db, keyCounty, form, deps.now());
        const body = [{ service_request_id: String(created.id), service_notice: created.notice, account_id: null }];
        return send(reply, format, body, () => xmlList('service_requests', 'request', body));
      },
    );
  }

  app.get<{ Params: { file: string }; Querystring: Query }>(
    `${BASE}/services/:file`,
    { config: { access: 'public' }, schema: { tags: ['open311'], summary: 'Open311 service definition: SERVICE_CODE.json or .xml' } },
    async (request, reply) => {
      const { id, format } = splitFile(request.params.file);
      const county = await jurisdiction(db, request.query.jurisdiction_id || undefined);
      const category = (await services(db, county)).get(id);
      if (!category) throw new Open311Error(404, `service_code not found: ${id}`);
      const definition = toDefinition(category);
      return send(reply, format, definition, () => xmlObject('service_definition', definition));
    },
  );

  app.get<{ Params: { file: string }; Querystring: Query }>(
    `${BASE}/requests/:file`,
    { config: { access: 'public' }, schema: { tags: ['open311'], summary: 'Open311 one service request: ID.json or .xml' } },
    async (request, reply) => {
      const { id, format } = splitFile(request.params.file);
      if (!/^\d{1,15}$/.test(id)) throw new Open311Error(404, `service_request_id not found: ${id}`);
      const county = await jurisdiction(db, request.query.jurisdiction_id || undefined);
      const list = await queryRequests(db, county, { service_request_id: id }, deps.now());
      if (!list.length) throw new Open311Error(404, `service_request_id not found: ${id}`);
      return send(reply, format, list, () => xmlList('service_requests', 'request', list));
    },
  );

  app.get<{ Params: { file: string } }>(
    `${BASE}/tokens/:file`,
    { config: { access: 'public' }, schema: { tags: ['open311'], summary: 'Open311 token lookup: every service here is realtime, so no token is ever issued' } },
    async (request) => {
      const { id } = splitFile(request.params.file);
      // Every service is `realtime`: POST answers with the service_request_id itself and never
      // issues a token, so no token can be found.
      throw new Open311Error(404, `token not found: ${id} (services here are realtime: POST returns the service_request_id)`);
    },
  );
}
