// Who may call a route is decided from the route the router matched and its declared
// access, never from the raw URL. Generated from the registered routes: every route ×
// every role × path variants (percent-encoded, double slash, trailing slash, case).
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAccessDeclarations } from '../../src/http/access.js';
import { DEMO_USERS } from '../../src/org/demo.js';
import { ROLES, type Role } from '../../src/org/model.js';
import { dbTargets } from '../support/db.js';
import { openTestApp, signInAs, type Client, type TestApp } from '../support/app.js';

const targets = await dbTargets();

/** A concrete URL for a route pattern: every parameter gets a value that exists nowhere. */
function concrete(url: string): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => (/id$/i.test(name) ? '999999' : 'NO_SUCH')).replace(/\*$/, 'x');
}

/** Spellings of one path that the router may match to the same route. */
function variants(url: string): string[] {
  const encoded = url.replace(/^\/(\w)/, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`);
  return [url, encoded, url.replace(/^\/api\//, '/api//'), `${url}/`, url.replace(/^\/api\//, '/API/'), url.replace('/api/', '/api/%2e/')];
}

describe('route declarations', () => {
  it('refuses at start-up a route that does not declare who may call it', async () => {
    const app = Fastify();
    requireAccessDeclarations(app);
    expect(() => app.get('/api/things', async () => ({}))).toThrow(/GET \/api\/things does not declare its access/);
    await app.close();
  });

  it('accepts public, signed-in and role-list declarations', async () => {
    const app = Fastify();
    requireAccessDeclarations(app);
    app.get('/api/a', { config: { access: 'public' } }, async () => ({}));
    app.get('/api/b', { config: { access: 'signed-in' } }, async () => ({}));
    app.get('/api/c', { config: { access: ['admin'] } }, async () => ({}));
    await app.ready();
    expect(app.declaredRoutes.map((r) => `${r.method} ${r.url} ${JSON.stringify(r.access)}`)).toEqual(
      expect.arrayContaining(['GET /api/a "public"', 'GET /api/b "signed-in"', 'GET /api/c ["admin"]']),
    );
    await app.close();
  });
});

describe.each(targets)('access matrix on $name', (target) => {
  let t: TestApp;
  const clients = new Map<Role, Client>();
  let calls = 0;

  beforeAll(async () => {
    t = await openTestApp(target, { now: () => new Date('2026-06-01T02:00:00Z') });
    for (const role of ROLES) {
      const user = DEMO_USERS.find((u) => u.role === role);
      if (user) clients.set(role, await signInAs(t.app, user.username));
    }
  });
  afterAll(async () => {
    console.log(`access matrix (${target.name}): ${calls} calls, 0 leaks`);
    await t?.close();
  });

  it('declares access on every API route', () => {
    const apiRoutes = t.app.declaredRoutes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'));
    expect(apiRoutes.length).toBeGreaterThan(50);
  });

  it('answers 401 without a session on every non-public route, however its path is spelt', async () => {
    const leaks: string[] = [];
    for (const route of t.app.declaredRoutes) {
      if (route.access === 'public' || route.method === 'HEAD') continue;
      for (const url of variants(concrete(route.url))) {
        const res = await t.app.inject({ method: route.method as 'GET', url, payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
        calls++;
        // 401: refused; 404: the spelling matches no route. Anything else reached a handler.
        if (res.statusCode !== 401 && res.statusCode !== 404) leaks.push(`${route.method} ${url} → ${res.statusCode}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('answers 403 to every role a route does not list, before its handler runs, however its path is spelt', async () => {
    const leaks: string[] = [];
    for (const route of t.app.declaredRoutes) {
      if (!Array.isArray(route.access) || route.method === 'HEAD') continue;
      for (const role of ROLES) {
        if (route.access.includes(role)) continue;
        const client = clients.get(role)!;
        for (const url of variants(concrete(route.url))) {
          const res = await client.inject({ method: route.method as 'GET', url, payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
          calls++;
          if (res.statusCode !== 403 && res.statusCode !== 404) leaks.push(`${role}: ${route.method} ${url} → ${res.statusCode}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it('never answers 500 to any role on any route with unknown ids', async () => {
    const failures: string[] = [];
    for (const route of t.app.declaredRoutes) {
      if (route.method === 'HEAD' || !route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) continue;
      if (route.url === '/api/auth/logout') continue; // would end the session the next calls use
      for (const role of ROLES) {
        const client = clients.get(role)!;
        const res = await client.inject({ method: route.method as 'GET', url: concrete(route.url), payload: route.method === 'GET' || route.method === 'DELETE' ? undefined : {} });
        calls++;
        if (res.statusCode >= 500) failures.push(`${role}: ${route.method} ${route.url} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
