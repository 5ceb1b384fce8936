// Who may call a route is decided from the route the router matched and its declared
// access, never from the raw URL. Generated from the registered routes: every route ×
// every role × path variants (percent-encoded, double slash, trailing slash, case).
import crypto from 'node:crypto';
import fs from 'node:fs';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireAccessDeclarations } from '../../src/http/access.js';
import { accessTableMarkdown } from '../../src/http/access-table.js';
import { DEMO_USERS } from '../../src/org/demo.js';
import { ROLES, SYSTEM_ACTOR, type Role } from '../../src/org/model.js';
import { addUser } from '../../src/org/store.js';
import { EngineStore } from '../../src/engine/store.js';
import { chain, definitions, processXml } from '../../src/engine/testing/bpmn.js';
import { dbTargets } from '../support/db.js';
import { DEMO_PASSWORD, openTestApp, signInAs, type Client, type TestApp } from '../support/app.js';

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

  it('docs/security.md prints the declarations as they are', () => {
    const doc = fs.readFileSync(new URL('../../docs/security.md', import.meta.url), 'utf8');
    const printed = /<!-- access-table -->\n([\s\S]*?)\n<!-- \/access-table -->/.exec(doc)?.[1];
    // After adding or changing a route: `npm run docs:access` rewrites the table.
    expect(printed).toBe(accessTableMarkdown(t.app.declaredRoutes));
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
    // Every route × every role: a few thousand calls, slow on a loaded two-core machine.
  }, 240_000);

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
    // Every route × every role: a few thousand calls, slow on a loaded two-core machine.
  }, 240_000);
});

// Records the caller may and may not reach by their region, department or person: another
// county's instance, ledger item and audit rows; another department's task, ledger evidence
// and waiting instance; another applicant's task. Each detail and command route is called
// in scope (it works) and out of scope (403 or 404, nothing changes).
const PERMIT = definitions(
  processXml(
    'scoped',
    `<startEvent id="s"/><userTask id="review" name="审查" zaizao:candidateDepartments="ZJJ"/>` +
      `<boundaryEvent id="paid" attachedToRef="review"><messageEventDefinition messageRef="m" zaizao:correlationKey="= orderNo"/></boundaryEvent>` +
      `<endEvent id="e"/><endEvent id="e2"/>${chain('s', 'review', 'e')}${chain('paid', 'e2')}`,
  ),
  `<message id="m" name="fee-paid"/>`,
);
const APPLICANT_STEP = definitions(
  processXml('supplement', `<startEvent id="s"/><userTask id="supply" name="补正材料" zaizao:candidateRoles="applicant"/><endEvent id="e"/>${chain('s', 'supply', 'e')}`),
);
const CLAIMABLE = definitions(processXml('claimable', `<startEvent id="s"/><userTask id="t" zaizao:candidateRoles="window_clerk"/><endEvent id="e"/>${chain('s', 't', 'e')}`));

describe.each(targets)('scoped records on $name', (target) => {
  let t: TestApp;
  let engine: EngineStore;
  const as = new Map<string, Client>();
  let calls = 0;
  const leaks: string[] = [];
  const now = new Date('2026-06-01T02:00:00Z');

  /** Out of scope: refused or not found, never a success. */
  async function refused(who: string, method: 'GET' | 'POST', url: string, payload?: object) {
    const res = await as.get(who)!.inject({ method, url, payload });
    calls++;
    if (res.statusCode !== 403 && res.statusCode !== 404) leaks.push(`${who}: ${method} ${url} → ${res.statusCode}`);
    return res;
  }
  /** In scope: it works. */
  async function allowed(who: string, method: 'GET' | 'POST', url: string, payload?: object) {
    const res = await as.get(who)!.inject({ method, url, payload });
    calls++;
    expect(res.statusCode, `${who}: ${method} ${url} ${res.body.slice(0, 200)}`).toBeLessThan(300);
    return res;
  }

  beforeAll(async () => {
    t = await openTestApp(target, { now: () => now });
    engine = new EngineStore(t.store.db, { now: () => now });
    const db = t.store.db;
    // A prefecture above Zoucheng with a second county, 任城区, its department and staff.
    await db
      .insertInto('regions')
      .values({ code: '3708', name: '济宁市', level: 'prefecture', parent_code: null } as never)
      .execute();
    await db.updateTable('regions').set({ parent_code: '3708' }).where('code', '=', '370883').execute();
    await db
      .insertInto('regions')
      .values({ code: '370811', name: '任城区', level: 'city', parent_code: '3708' } as never)
      .execute();
    await db
      .insertInto('departments')
      .values({ code: 'RC-ZJJ', name: '任城区住建局', region_code: '370811' } as never)
      .execute();
    const add = (username: string, role: Role, regionCode: string, departmentCode?: string) =>
      addUser(db, SYSTEM_ACTOR, { username, displayName: username, role, regionCode, departmentCode, password: DEMO_PASSWORD });
    await add('jn.admin', 'admin', '3708');
    await add('rc.admin', 'admin', '370811');
    await add('rc.officer', 'department_officer', '370811', 'RC-ZJJ');
    for (const u of ['admin', 'reform', 'clerk', 'officer', 'officer.sjj', 'grid', 'leader', 'applicant', 'applicant2', 'jn.admin', 'rc.admin', 'rc.officer'])
      as.set(u, await signInAs(t.app, u));
  });
  afterAll(async () => {
    console.log(`scoped records (${target.name}): ${calls} calls, ${leaks.length} leaks`);
    await t?.close();
  });

  it('another county’s instance, task and history are not found in Zoucheng', async () => {
    expect((await as.get('rc.admin')!.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml: PERMIT } })).statusCode).toBe(201);
    const id = (await allowed('rc.admin', 'POST', '/api/engine/instances', { processKey: 'scoped', variables: { orderNo: 'RC-1' } })).json().id as string;
    const task = (await engine.openTasks(id))[0];
    await allowed('rc.admin', 'GET', `/api/engine/instances/${id}`);
    for (const who of ['admin', 'reform', 'leader', 'officer', 'clerk']) {
      await refused(who, 'GET', `/api/engine/instances/${id}`);
      await refused(who, 'GET', `/api/engine/instances/${id}/history`);
      await refused(who, 'POST', `/api/engine/instances/${id}/cancel`, {});
      await refused(who, 'POST', `/api/engine/tasks/${task.id}/claim`);
      await refused(who, 'POST', `/api/engine/tasks/${task.id}/complete`, {});
    }
    expect(leaks).toEqual([]);
    expect((await engine.instance(id))!.state.status).toBe('active');
  });

  it('another department’s task and instance: officer.sjj may not claim, complete, read or message it; the ZJJ officer may', async () => {
    expect((await as.get('admin')!.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml: PERMIT } })).statusCode).toBe(201);
    const id = (await allowed('clerk', 'POST', '/api/engine/instances', { processKey: 'scoped', variables: { orderNo: 'ORD-AP1' } })).json().id as string;
    const task = (await engine.openTasks(id))[0];
    await refused('officer.sjj', 'GET', `/api/engine/instances/${id}`);
    await refused('officer.sjj', 'POST', `/api/engine/tasks/${task.id}/claim`);
    await refused('officer.sjj', 'POST', `/api/engine/tasks/${task.id}/complete`, { variables: { injected: 'x' } });
    // The message of the issue: another department's officer reaches nothing, and nothing is recorded.
    const auditBefore = await t.store.db.selectFrom('audit_log').select('id').where('action', '=', 'engine.message').execute();
    const sjj = await allowed('officer.sjj', 'POST', '/api/engine/messages', { name: 'fee-paid', correlationKey: 'ORD-AP1', variables: { injected: 'x' } });
    expect(sjj.json().instances).toEqual([]);
    expect((await engine.instance(id))!.state).toMatchObject({ status: 'active', variables: { orderNo: 'ORD-AP1' } });
    expect((await engine.instance(id))!.state.variables).not.toHaveProperty('injected');
    await refused('grid', 'POST', '/api/engine/messages', { name: 'fee-paid', correlationKey: 'ORD-AP1' });
    await refused('applicant', 'POST', '/api/engine/messages', { name: 'fee-paid', correlationKey: 'ORD-AP1' });
    // The ZJJ officer's message reaches it: audited, with the officer in the instance's history.
    await allowed('officer', 'GET', `/api/engine/instances/${id}`);
    const zjj = await allowed('officer', 'POST', '/api/engine/messages', { name: 'fee-paid', correlationKey: 'ORD-AP1', variables: { paid: true } });
    expect(zjj.json().instances).toEqual([id]);
    expect((await engine.instance(id))!.state.status).toBe('completed');
    const audit = await t.store.db.selectFrom('audit_log').select(['actor_name', 'after']).where('action', '=', 'engine.message').execute();
    expect(audit.length - auditBefore.length).toBe(2); // both messages, the one that reached nothing too
    expect(audit.at(-1)).toMatchObject({ actor_name: 'officer', after: { name: 'fee-paid', correlationKey: 'ORD-AP1', instances: [id] } });
    const history = await engine.history({ instanceId: id });
    expect(history.find((h) => h.type === 'message.correlated')).toMatchObject({ actor: 'officer', department: 'ZJJ' });
    expect(leaks).toEqual([]);
  });

  it('an applicant’s task belongs to the applicant of its instance: not in another applicant’s worklist, not claimable, completable or readable by them', async () => {
    expect((await as.get('admin')!.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml: APPLICANT_STEP } })).statusCode).toBe(201);
    const applicant = as.get('applicant')!.user;
    const id = await engine.start('supplement', { regionCode: '370883', actor: { userId: applicant.id, username: 'applicant', role: 'applicant' } });
    const task = (await engine.openTasks(id))[0];
    const worklist = async (who: string) => ((await allowed(who, 'GET', '/api/engine/tasks')).json() as Array<{ id: string }>).map((x) => x.id);
    expect(await worklist('applicant2')).not.toContain(task.id);
    expect(await worklist('applicant')).toContain(task.id);
    await refused('applicant2', 'GET', `/api/engine/instances/${id}`);
    await refused('applicant2', 'POST', `/api/engine/tasks/${task.id}/claim`);
    await refused('applicant2', 'POST', `/api/engine/tasks/${task.id}/complete`, { variables: { injected: 'x' } });
    expect((await engine.instance(id))!.state).toMatchObject({ status: 'active' });
    expect((await engine.instance(id))!.state.variables).not.toHaveProperty('injected');
    await allowed('applicant', 'GET', `/api/engine/instances/${id}`);
    await allowed('applicant', 'POST', `/api/engine/tasks/${task.id}/complete`, { variables: { supplied: true } });
    expect((await engine.instance(id))!.state.status).toBe('completed');
    expect(leaks).toEqual([]);
  });

  it('ledger evidence: the department’s officer and the reform office read it; another department, another county, applicants and grid workers do not', async () => {
    const created = await allowed('officer', 'POST', '/api/catalog/ledger', {
      departmentCode: 'ZJJ',
      matterCodes: ['370883-JS-001'],
      problem: '材料重复',
      measure: '共享核验',
      owner: '张伟',
      startDate: '2026-06-01',
      deadlineWorkdays: 10,
    });
    const item = created.json().id as number;
    const attached = await allowed('officer', 'POST', `/api/catalog/ledger/${item}/attachments`, { fileName: '佐证.txt', content: Buffer.from('内部佐证').toString('base64') });
    const file = attached.json().id as number;
    for (const who of ['officer', 'reform', 'leader']) {
      await allowed(who, 'GET', `/api/catalog/ledger/${item}`);
      await allowed(who, 'GET', `/api/catalog/ledger/${item}/attachments/${file}`);
    }
    for (const who of ['officer.sjj', 'rc.admin', 'rc.officer', 'applicant', 'grid']) {
      await refused(who, 'GET', `/api/catalog/ledger/${item}`);
      await refused(who, 'GET', `/api/catalog/ledger/${item}/attachments/${file}`);
      await refused(who, 'POST', `/api/catalog/ledger/${item}/status`, { status: 'in_progress' });
    }
    expect(leaks).toEqual([]);
  });

  it('audit: a county administrator below the platform’s root reads and verifies only their county’s rows; the head is the platform administrator’s', async () => {
    const total = Number((await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(t.store.db)).rows[0].n);
    const rc = (await allowed('rc.admin', 'GET', '/api/audit?limit=500')).json() as { total: number; items: Array<{ regionCode: string }> };
    expect(rc.total).toBeGreaterThan(0);
    expect(rc.total).toBeLessThan(total);
    expect(rc.items.every((r) => r.regionCode.startsWith('370811'))).toBe(true);
    const verified = (await allowed('rc.admin', 'GET', '/api/audit/verify')).json();
    expect(verified).toMatchObject({ ok: true, rows: rc.total, firstBreak: null });
    await refused('rc.admin', 'GET', '/api/audit/head');
    await refused('rc.admin', 'GET', `/api/audit/verify?anchorId=1&anchorHash=${'0'.repeat(64)}`);
    await refused('admin', 'GET', '/api/audit/head'); // Zoucheng's administrator is a county administrator here
    const head = (await allowed('jn.admin', 'GET', '/api/audit/head')).json();
    expect(head.id).toBe(total);
    expect((await allowed('jn.admin', 'GET', '/api/audit/verify')).json()).toMatchObject({ ok: true, rows: total });
    // A break in Zoucheng's rows: Zoucheng's administrator sees where; 任城区's only that the chain is broken.
    const row = await t.store.db.selectFrom('audit_log').select('id').where('region_code', '=', '370883').orderBy('id').limit(1).executeTakeFirstOrThrow();
    await sql`update audit_log set action = 'tampered' where id = ${row.id}`.execute(t.store.db);
    expect((await allowed('admin', 'GET', '/api/audit/verify')).json()).toMatchObject({ ok: false, firstBreak: { id: row.id } });
    expect((await allowed('rc.admin', 'GET', '/api/audit/verify')).json()).toMatchObject({
      ok: false,
      firstBreak: { id: 0, reason: expect.stringMatching(/outside your regions/) },
    });
    expect(leaks).toEqual([]);
  });

  it('100 concurrent claims of one task by 100 clerks: exactly one 200, the rest 409', async () => {
    expect((await as.get('admin')!.inject({ method: 'POST', url: '/api/engine/deployments', payload: { xml: CLAIMABLE } })).statusCode).toBe(201);
    const id = await engine.start('claimable', { regionCode: '370883' });
    const task = (await engine.openTasks(id))[0];
    // 100 clerks with sessions made directly (100 password checks would only slow the test).
    const hash = (await t.store.db.selectFrom('users').select('password_hash').where('username', '=', 'clerk').executeTakeFirstOrThrow()).password_hash;
    const cookies: Array<{ cookie: string; csrf: string }> = [];
    for (let i = 0; i < 100; i++) {
      const u = await t.store.db
        .insertInto('users')
        .values({ username: `clerk${i}`, display_name: `clerk${i}`, role: 'window_clerk', region_code: '370883', department_id: null, password_hash: hash } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      const token = crypto.randomBytes(32).toString('base64url');
      const csrf = crypto.randomBytes(24).toString('base64url');
      await t.store.db
        .insertInto('sessions')
        .values({
          token_hash: crypto.createHash('sha256').update(token).digest('hex'),
          user_id: u.id,
          region_code: '370883',
          csrf_token: csrf,
          expires_at: new Date(now.getTime() + 3600_000),
        } as never)
        .execute();
      cookies.push({ cookie: `zaizao_session=${token}`, csrf });
    }
    // Spread over ~100 ms as requests arrive over a network: some read the task before the
    // winning claim commits, some after (those were answered 403 instead of 409).
    const answers = await Promise.all(
      cookies.map(async (c, i) => {
        await new Promise((r) => setTimeout(r, i));
        return t.app.inject({ method: 'POST', url: `/api/engine/tasks/${task.id}/claim`, headers: { cookie: c.cookie, 'x-csrf-token': c.csrf } });
      }),
    );
    calls += answers.length;
    const codes = answers.reduce<Record<number, number>>((m, a) => ({ ...m, [a.statusCode]: (m[a.statusCode] ?? 0) + 1 }), {});
    console.log(`claim race (${target.name}): ${JSON.stringify(codes)}`);
    expect(codes).toEqual({ 200: 1, 409: 99 });
  });
});
