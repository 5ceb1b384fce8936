import type { AppDeps } from '../deps.js';
import { HttpError } from '../errors.js';
import { describeActor, signIn, signOut } from '../../org/index.js';
import { clearSessionCookie, setSessionCookie } from '../auth.js';
import type { TypedApp } from '../app-types.js';

const userSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    username: { type: 'string' },
    displayName: { type: 'string' },
    role: { type: 'string' },
    regionCode: { type: 'string' },
    regionName: { type: ['string', 'null'] },
    departmentId: { type: ['integer', 'null'] },
    departmentName: { type: ['string', 'null'] },
    mustChangePassword: { type: 'boolean' },
  },
} as const;
const sessionSchema = { type: 'object', properties: { user: userSchema, csrfToken: { type: 'string' } } } as const;

export default async function authRoutes(app: TypedApp, deps: AppDeps): Promise<void> {
  app.post(
    '/api/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a password',
        body: {
          type: 'object',
          required: ['username', 'password'],
          additionalProperties: false,
          properties: { username: { type: 'string', minLength: 1, maxLength: 64 }, password: { type: 'string', minLength: 1, maxLength: 256 } },
        },
        response: { 200: sessionSchema },
      },
    },
    async (request, reply) => {
      const now = deps.now();
      const result = await signIn(deps.store.db, request.body.username, request.body.password, now, request.ip);
      if (!result.ok) {
        // Neither answer says until when: that would tell a stranger when to come back.
        if (result.reason === 'locked') {
          throw new HttpError(423, 'locked', {
            zh: '登录失败次数过多，账户已暂时锁定，请稍后再试或联系系统管理员解锁',
            en: 'too many failed attempts; the account is locked for now: try again later or ask an administrator to unlock it',
          });
        }
        if (result.reason === 'throttled') {
          throw new HttpError(429, 'throttled', { zh: '该地址登录失败次数过多，请稍后再试', en: 'too many failed sign-ins from your address; try again later' });
        }
        throw new HttpError(401, 'invalid_credentials', { zh: '用户名或密码错误', en: 'wrong user name or password' });
      }
      setSessionCookie(reply, result.token, result.expiresAt, now, request.protocol === 'https');
      return { user: await describeActor(deps.store.db, result.actor), csrfToken: result.csrfToken };
    },
  );

  app.post('/api/auth/logout', { config: { access: 'signed-in' }, schema: { tags: ['auth'], summary: 'Sign out' } }, async (request, reply) => {
    await signOut(deps.store.db, request.sessionToken!, request.actor);
    clearSessionCookie(reply);
    return reply.status(204).send();
  });

  app.get('/api/auth/me', { config: { access: 'signed-in' }, schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: sessionSchema } } }, async (request) => {
    return { user: await describeActor(deps.store.db, request.actor), csrfToken: request.csrfToken ?? '' };
  });
}
