// Sessions: an opaque token in an httpOnly SameSite=Strict cookie (only its hash is
// stored). CSRF: every state-changing request must echo the session's CSRF token in the
// x-csrf-token header, which a cross-site form or image cannot do.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Actor, sessionActor } from '../org/index.js';
import type { AppDeps } from './deps.js';
import { actorMayCall } from './access.js';
import { forbidden, HttpError } from './errors.js';

export const SESSION_COOKIE = 'zaizao_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    sessionToken: string | null;
    csrfToken: string | null;
  }
}

/** What a user signed in with a one-time password may do before changing it. */
const PASSWORD_CHANGE_ROUTES = new Set(['/api/auth/me', '/api/auth/logout', '/api/auth/password']);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installAuth(app: FastifyInstance, deps: AppDeps): void {
  app.decorateRequest('actor', null as unknown as Actor);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (request: FastifyRequest) => {
    // Decided from the matched route's declaration, never from the raw URL. No matched
    // route (404) has no declaration: the not-found handler answers without data.
    const access = request.routeOptions.config?.access;
    if (access === undefined || access === 'public') return;
    const token = request.cookies[SESSION_COOKIE];
    if (!token) throw new HttpError(401, 'unauthenticated', { zh: '请先登录', en: 'sign in first' });
    const session = await sessionActor(deps.store.db, token, deps.now());
    if (!session) throw new HttpError(401, 'session_expired', { zh: '登录已过期，请重新登录', en: 'your session has expired; sign in again' });
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf-token'] !== session.csrfToken) {
      throw new HttpError(403, 'csrf', { zh: '请求缺少有效的 CSRF 令牌', en: 'missing or wrong x-csrf-token header' });
    }
    if (!actorMayCall(access, session.actor)) throw forbidden();
    // A one-time password opens only the way to choosing one's own.
    if (session.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(request.routeOptions.url ?? '')) {
      throw new HttpError(403, 'password_change_required', { zh: '请先修改一次性密码', en: 'change your one-time password first' });
    }
    request.actor = session.actor;
    request.sessionToken = token;
    request.csrfToken = session.csrfToken;
  });
}

/**
 * The cookie lives as long as the session, as a relative Max-Age: the server's clock may be a
 * virtual one (ZAIZAO_CLOCK_START), and an absolute Expires from it would be wrong in the browser.
 */
export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, now: Date, secure: boolean): void {
  const maxAge = Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', maxAge, secure });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
