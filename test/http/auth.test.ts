import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dbTargets } from '../support/db.js';
import { DEMO_PASSWORD, openTestApp, signInAs, type TestApp } from '../support/app.js';
import { LOCKOUT_THRESHOLD } from '../../src/org/store.js';

const targets = await dbTargets();

describe.each(targets)('sign-in and sessions on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(async () => t.close());

  it('signs in with the demo password and sets an httpOnly SameSite=Strict cookie', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'reform', password: DEMO_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/zaizao_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    // relative lifetime (12 h), never an absolute Expires: the server's clock may be a virtual one
    expect(cookie).toMatch(/Max-Age=43200/);
    expect(cookie).not.toMatch(/Expires=/);
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'reform', role: 'reform_office', regionCode: '370883', regionName: '邹城市' });
    expect(body.csrfToken).toBeTruthy();
  });

  it('never stores a password in plain text', async () => {
    const rows = await t.store.db.selectFrom('users').select('password_hash').execute();
    for (const r of rows) {
      expect(r.password_hash).toMatch(/^scrypt\$/);
      expect(r.password_hash).not.toContain(DEMO_PASSWORD);
    }
  });

  it('answers 401 without a session and after sign-out', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const c = await signInAs(t.app, 'leader');
    expect((await c.inject({ method: 'GET', url: '/api/auth/me' })).json().user.username).toBe('leader');
    expect((await c.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    const after = await c.inject({ method: 'GET', url: '/api/auth/me' });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.message.zh).toBeTruthy();
  });

  it('refuses a state-changing request without the CSRF token', async () => {
    const c = await signInAs(t.app, 'admin');
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: c.cookie } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf');
    expect((await c.inject({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200); // still signed in
  });

  it('expires sessions', async () => {
    const c = await signInAs(t.app, 'clerk');
    await t.store.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', c.user.id)
      .execute();
    const res = await c.inject({ method: 'GET', url: '/api/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('session_expired');
  });

  it(`locks the account after ${LOCKOUT_THRESHOLD} wrong passwords, even for the right one`, async () => {
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'grid', password: 'wrong' } });
      expect(res.statusCode).toBe(401);
    }
    const last = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'grid', password: 'wrong' } });
    expect(last.statusCode).toBe(423);
    const right = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'grid', password: DEMO_PASSWORD } });
    expect(right.statusCode).toBe(423);
    expect(right.json().error.message.en).toMatch(/locked/);
  });

  it('counts parallel guesses one by one: of 300 at once at most the threshold are checked, and the right password then is refused', async () => {
    const auditRows = async () =>
      Number(
        (
          await sql<{ n: number }>`select count(*)::int as n from audit_log where action in ('auth.failed', 'auth.locked') and after->>'username' = 'dispatcher'`.execute(
            t.store.db,
          )
        ).rows[0].n,
      );
    const wrong = Array.from({ length: 299 }, () => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dispatcher', password: 'guess' } }));
    const right = t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dispatcher', password: DEMO_PASSWORD } });
    const answers = await Promise.all([...wrong, right]);
    const checked = await auditRows();
    console.log(`lockout: 300 parallel sign-ins, ${checked} passwords checked, the right one answered ${answers[299].statusCode}`);
    expect(checked).toBeLessThanOrEqual(LOCKOUT_THRESHOLD);
    expect(answers[299].statusCode).toBe(423);
    expect(answers.filter((a) => a.statusCode === 401).length).toBeLessThan(LOCKOUT_THRESHOLD);
    const again = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'dispatcher', password: DEMO_PASSWORD } });
    expect(again.statusCode).toBe(423);
  });

  it('never tells when a lock ends', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'grid', password: 'wrong' } });
    expect(res.statusCode).toBe(423);
    const { zh, en } = res.json().error.message as { zh: string; en: string };
    expect(`${zh} ${en}`).not.toMatch(/\d{1,2}:\d{2}|\d{4}-\d{2}|until/);
  });

  it('a stranger guessing from another address locks out that address, not the account', async () => {
    const stranger = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '203.0.113.9', payload: { username: 'admin', password } });
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i++) expect((await stranger('wrong')).statusCode).toBe(401);
    expect((await stranger('wrong')).statusCode).toBe(423);
    expect((await stranger(DEMO_PASSWORD)).statusCode).toBe(423);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: DEMO_PASSWORD } })).statusCode).toBe(200);
  });

  it('an administrator unlocks an account (audited); other roles may not', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'grid', password: DEMO_PASSWORD } })).statusCode).toBe(423);
    const reform = await signInAs(t.app, 'reform');
    expect((await reform.inject({ method: 'POST', url: '/api/org/users/grid/unlock' })).statusCode).toBe(403);
    const admin = await signInAs(t.app, 'admin');
    expect((await admin.inject({ method: 'POST', url: '/api/org/users/nobody/unlock' })).statusCode).toBe(404);
    const res = await admin.inject({ method: 'POST', url: '/api/org/users/grid/unlock' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: 'grid' });
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'grid', password: DEMO_PASSWORD } })).statusCode).toBe(200);
    const audit = await t.store.db.selectFrom('audit_log').select(['actor_name', 'action']).where('action', '=', 'user.unlock').execute();
    expect(audit).toEqual([{ actor_name: 'admin', action: 'user.unlock' }]);
  });

  it('gives the same answer for an unknown user as for a wrong password', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'x' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('invalid_credentials');
  });
});

describe.each(targets)('bad input on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(target, { bodyLimit: 4096 });
  });
  afterAll(async () => t.close());

  const auditCount = async () => (await sql<{ n: number }>`select count(*) as n from audit_log`.execute(t.store.db)).rows[0].n;

  it('rejects malformed JSON with 400 and writes nothing', async () => {
    const before = await auditCount();
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username": "admin",' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('malformed_json');
    expect(await auditCount()).toBe(before);
  });

  it('rejects wrong types and unknown fields field by field, in Chinese and English', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 42, role: 'admin' } });
    expect(res.statusCode).toBe(400);
    const problems = res.json().error.details.problems as Array<{ field: string; message: { zh: string; en: string } }>;
    expect(problems.map((p) => p.field).sort()).toEqual(['password', 'role']);
    expect(problems.find((p) => p.field === 'password')!.message.zh).toContain('字符串');
    expect(problems.find((p) => p.field === 'role')!.message.en).toContain('unknown field');
  });

  it('rejects a missing field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.problems[0]).toMatchObject({ field: 'password' });
  });

  it('rejects an oversize body with 413', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'x'.repeat(10_000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('body_too_large');
  });

  it('answers 404 with a message for an unknown endpoint', async () => {
    const c = await signInAs(t.app, 'admin');
    const res = await c.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message.en).toContain('/api/no-such-thing');
  });

  it('serves health, readiness and the OpenAPI document', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/ready' })).json()).toEqual({ status: 'ready' });
    const spec = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(spec.statusCode).toBe(200);
    expect(Object.keys(spec.json().paths)).toContain('/api/auth/login');
  });
});
