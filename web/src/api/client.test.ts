// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, errorText, onUnauthorized, request, setCsrfToken } from './client.js';
import { apiError, mockApi } from '../test-support.js';

const session = {
  user: { id: 2, username: 'reform', displayName: '改革办 王主任', role: 'reform_office', regionCode: '370883', regionName: '邹城市', departmentId: null, departmentName: null },
  csrfToken: 'token-123',
};

describe('API client', () => {
  beforeEach(() => setCsrfToken(null));
  afterEach(() => {
    vi.unstubAllGlobals();
    onUnauthorized(null);
  });

  it('sends the session cookie and the CSRF token from sign-in on every non-GET request, never on GET', async () => {
    const calls = mockApi({
      'POST /api/auth/login': { status: 200, body: session },
      'GET /api/dashboard': { status: 200, body: { region: { code: '370883', name: '邹城市' }, counts: { users: 10 } } },
      'POST /api/auth/logout': { status: 204 },
    });
    const signedIn = await api.login('reform', 'secret');
    setCsrfToken(signedIn.csrfToken);
    await api.dashboard();
    await expect(api.logout()).resolves.toBeUndefined();

    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/auth/login', 'GET /api/dashboard', 'POST /api/auth/logout']);
    expect(calls.every((c) => c.credentials === 'same-origin')).toBe(true);
    expect(calls[0].body).toEqual({ username: 'reform', password: 'secret' });
    expect(calls[0].headers['content-type']).toBe('application/json');
    expect(calls[1].headers['x-csrf-token']).toBeUndefined();
    expect(calls[2].headers['x-csrf-token']).toBe('token-123');
  });

  it('turns the error shape into an ApiError that speaks the current language', async () => {
    mockApi({ 'POST /api/auth/login': apiError(423, 'locked', '账户已锁定，请15分钟后再试', 'account locked, try again in 15 minutes', { retryAfterSeconds: 900 }) });
    const error = await api.login('reform', 'wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const apiErr = error as ApiError;
    expect(apiErr.status).toBe(423);
    expect(apiErr.code).toBe('locked');
    expect(apiErr.details).toEqual({ retryAfterSeconds: 900 });
    expect(apiErr.text('zh-CN')).toBe('账户已锁定，请15分钟后再试');
    expect(errorText(apiErr, 'en')).toBe('account locked, try again in 15 minutes');
  });

  it('reports an answer without the error shape, and an unreachable server, in both languages', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>Bad gateway</html>', { status: 502 }));
    const badGateway = (await api.dashboard().catch((e: unknown) => e)) as ApiError;
    expect(badGateway.status).toBe(502);
    expect(badGateway.text('zh-CN')).toContain('HTTP 502');

    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    const offline = (await api.dashboard().catch((e: unknown) => e)) as ApiError;
    expect(offline.status).toBe(0);
    expect(offline.text('zh-CN')).toBe('无法连接服务器，请检查网络后重试。');
    expect(offline.text('en')).toMatch(/Cannot reach the server/);
  });

  it('a 401 while signed in ends the session; a 401 from sign-in or the session probe does not', async () => {
    const lost = vi.fn();
    onUnauthorized(lost);
    setCsrfToken('token-123');
    mockApi({
      'POST /api/auth/login': apiError(401, 'unauthorized', '用户名或密码错误', 'wrong username or password'),
      'GET /api/auth/me': apiError(401, 'unauthorized', '未登录', 'not signed in'),
      'GET /api/dashboard': apiError(401, 'unauthorized', '登录已过期', 'session expired'),
    });
    await expect(api.login('reform', 'nope')).rejects.toMatchObject({ status: 401 });
    await expect(api.me()).rejects.toMatchObject({ status: 401 });
    expect(lost).not.toHaveBeenCalled();

    await expect(request('GET', '/api/dashboard')).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
    expect(lost).toHaveBeenCalledTimes(1);
  });
});
