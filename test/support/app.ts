// An app on a fresh database with the demo organisation, and signed-in clients for it.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import type { Store } from '../../src/store/database.js';
import { seedDemoData } from '../../src/server/seed.js';
import type { DbTarget } from './db.js';

export const DEMO_PASSWORD = 'demo-password-for-tests';

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  close(): Promise<void>;
}

export async function openTestApp(target: DbTarget, options: { now?: () => Date; bodyLimit?: number } = {}): Promise<TestApp> {
  const store = await target.open();
  await seedDemoData(store, DEMO_PASSWORD);
  const app = await buildApp({ store, webDist: null, ...options });
  return {
    app,
    store,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export interface Client {
  cookie: string;
  csrfToken: string;
  user: { id: number; username: string; role: string; regionCode: string; departmentId: number | null };
  inject(opts: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function signInAs(app: FastifyInstance, username: string, password = DEMO_PASSWORD): Promise<Client> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${username} failed: ${res.statusCode} ${res.body}`);
  const setCookie = res.headers['set-cookie'];
  const cookie = (Array.isArray(setCookie) ? setCookie : [setCookie!]).map((c) => c.split(';')[0]).join('; ');
  const body = res.json() as { user: Client['user']; csrfToken: string };
  return {
    cookie,
    csrfToken: body.csrfToken,
    user: body.user,
    inject: (opts) => app.inject({ ...opts, headers: { cookie, ...(opts.method && opts.method !== 'GET' ? { 'x-csrf-token': body.csrfToken } : {}), ...(opts.headers ?? {}) } }),
  };
}
