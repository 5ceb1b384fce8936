// Security headers on every answer, and Secure session cookies behind a trusted HTTPS proxy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { trustProxyFromEnv } from '../../src/http/headers.js';
import { seedDemoData } from '../../src/server/seed.js';
import type { Store } from '../../src/store/database.js';
import { DEMO_PASSWORD } from '../support/app.js';
import { dbTargets } from '../support/db.js';

const [pglite] = await dbTargets();

describe('security headers and proxies', () => {
  let store: Store;
  beforeAll(async () => {
    store = await pglite.open();
    await seedDemoData(store, DEMO_PASSWORD);
  });
  afterAll(async () => store?.close());

  it('sends CSP with frame-ancestors, nosniff and a frame policy on every answer: health, API, errors, 404, documentation', async () => {
    const app = await buildApp({ store, webDist: null });
    for (const url of ['/health', '/api/auth/me', '/api/no-such-thing', '/api/docs/json']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy'], url).toMatch(/default-src 'self'.*style-src 'self' 'unsafe-inline'.*frame-ancestors 'self'/);
      expect(res.headers['content-security-policy'], url).not.toMatch(/script-src[^;]*unsafe/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
    }
    await app.close();
  });

  const login = (app: Awaited<ReturnType<typeof buildApp>>, username: string, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '127.0.0.1', headers, payload: { username, password: DEMO_PASSWORD } });

  it('makes the session cookie Secure only when a trusted proxy says the client came over https', async () => {
    const untrusted = await buildApp({ store, webDist: null });
    expect(String((await login(untrusted, 'reform', { 'x-forwarded-proto': 'https' })).headers['set-cookie'])).not.toMatch(/Secure/);
    await untrusted.close();
    const behindProxy = await buildApp({ store, webDist: null, trustProxy: trustProxyFromEnv('127.0.0.1') });
    expect(String((await login(behindProxy, 'reform', { 'x-forwarded-proto': 'https' })).headers['set-cookie'])).toMatch(/; Secure/);
    expect(String((await login(behindProxy, 'reform', {})).headers['set-cookie'])).not.toMatch(/Secure/);
    await behindProxy.close();
  });

  it('reads ZAIZAO_TRUST_PROXY as addresses or ranges, and refuses to trust everyone', () => {
    expect(trustProxyFromEnv(undefined)).toBe(false);
    expect(trustProxyFromEnv('')).toBe(false);
    expect(trustProxyFromEnv('127.0.0.1, 10.0.0.0/8')).toBe('127.0.0.1,10.0.0.0/8');
    expect(() => trustProxyFromEnv('true')).toThrow(/not an address/);
  });
});
