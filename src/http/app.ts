// The Fastify application: validation, errors, auth, OpenAPI, the web shell, and every
// capability's routes (one file each in ./routes, loaded in name order).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify, { type FastifyInstance, type FastifySchemaCompiler, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { Store } from '../store/database.js';
import { ping } from '../store/database.js';
import { requireAccessDeclarations } from './access.js';
import { installAuth } from './auth.js';
import { installSecurityHeaders } from './headers.js';
import type { AppDeps } from './deps.js';
import { HttpError } from './errors.js';
import { bodyAjv, describeAjvError, textAjv } from './validation.js';
import { lazySerializerFactory, lazyValidatorCompiler } from './lazy-schemas.js';
import { boundIntegers, installJsonDepthLimit, installTextChecks } from './bounds.js';
import { DomainError, refusalBody } from '../shared/errors.js';
import { addSharedSchemas } from './schemas.js';
import type { SchemaTypes, TypedApp } from './app-types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROUTES_DIR = path.join(HERE, 'routes');
export const WEB_DIST = path.resolve(HERE, '../../web/dist');

type RouteModule = { default?: (app: TypedApp, deps: AppDeps) => Promise<void> };
let routeModules: Promise<RouteModule[]> | undefined;

/**
 * Imports the route files (and through them every capability) once per process. The server
 * starts this while it opens the database, so the two overlap (PGlite compiles its
 * WebAssembly on other threads).
 */
export function loadRouteModules(): Promise<RouteModule[]> {
  routeModules ??= (async () => {
    const files = fs
      .readdirSync(ROUTES_DIR)
      .filter((f) => /\.(ts|js)$/.test(f) && !/\.test\./.test(f))
      .sort();
    const modules: RouteModule[] = [];
    // One after another, in name order, as they are registered.
    for (const file of files) modules.push((await import(pathToFileURL(path.join(ROUTES_DIR, file)).href)) as RouteModule);
    return modules;
  })();
  return routeModules;
}

export interface AppOptions {
  store: Store;
  logger?: FastifyServerOptions['logger'];
  now?: () => Date;
  /** Default request body limit in bytes (import routes raise their own). */
  bodyLimit?: number;
  webDist?: string | null;
  secureCookies?: boolean;
  /** Reverse proxies whose X-Forwarded-* headers count (see trustProxyFromEnv); default none. */
  trustProxy?: false | string;
  /** Compile each route's schemas on its first request (default true; see lazy-schemas.ts). */
  lazySchemas?: boolean;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const lazy = options.lazySchemas !== false;
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    ...(lazy ? { schemaController: { compilersFactory: { buildSerializer: lazySerializerFactory() } } } : {}),
  });
  installSecurityHeaders(app);
  const deps: AppDeps = { store: options.store, now: options.now ?? (() => new Date()) };

  installJsonDepthLimit(app);
  installTextChecks(app);
  app.addHook('onRoute', (route) => boundIntegers(route.schema));
  const compileValidator: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object);
  app.setValidatorCompiler(lazy ? lazyValidatorCompiler(compileValidator) : compileValidator);
  app.setSchemaErrorFormatter((errors, dataVar) => {
    const problems = errors.map((e) => describeAjvError(e as never, dataVar));
    return new HttpError(
      400,
      'validation',
      { zh: `请求不合法：${problems.map((p) => p.message.zh).join('；')}`, en: `invalid request: ${problems.map((p) => p.message.en).join('; ')}` },
      { problems },
    );
  });

  app.setErrorHandler((err, request, reply) => {
    // Every refusal of every capability, and the HTTP layer's own: one base, one answer shape.
    if (err instanceof DomainError) return reply.status(err.status).send(refusalBody(err));
    const e = err as { statusCode?: number; code?: string; message: string };
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send({ error: { code: 'body_too_large', message: { zh: '请求体过大', en: 'request body too large' } } });
    if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || (e.statusCode === 400 && /JSON/i.test(e.message))) {
      return reply.status(400).send({ error: { code: 'malformed_json', message: { zh: `JSON 格式错误：${e.message}`, en: `malformed JSON: ${e.message}` } } });
    }
    if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
      return reply.status(415).send({ error: { code: 'unsupported_media_type', message: { zh: '不支持的内容类型', en: 'unsupported content type' } } });
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500)
      return reply.status(e.statusCode).send({ error: { code: e.code ?? 'bad_request', message: { zh: e.message, en: e.message } } });
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: { zh: '服务器内部错误', en: 'internal server error' } } });
  });

  requireAccessDeclarations(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Zaizao API', description: 'Zaizao (再造) process reengineering platform', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'zaizao_session' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  installAuth(app, deps);
  addSharedSchemas(app);

  app.get('/health', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/ready', { config: { access: 'public' }, schema: { hide: true } }, async (_req, reply) => {
    const ok = await ping(deps.store);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'database unreachable' });
  });

  for (const mod of await loadRouteModules()) {
    if (typeof mod.default === 'function') {
      const plugin = mod.default;
      await app.register(async (scope) => plugin(scope.withTypeProvider<SchemaTypes>(), deps));
    }
  }

  const webDist = options.webDist === undefined ? WEB_DIST : options.webDist;
  const hasWeb = webDist !== null && fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist!, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !request.url.startsWith('/api/') && hasWeb) return reply.sendFile('index.html');
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: { zh: `未找到：${request.method} ${request.url}`, en: `no such endpoint: ${request.method} ${request.url}` } } });
  });
  return app;
}
