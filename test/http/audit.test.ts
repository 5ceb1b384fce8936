// The audit trail over HTTP: the head as an anchor, and verification against it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dbTargets } from '../support/db.js';
import { openTestApp, signInAs, type TestApp } from '../support/app.js';

const targets = await dbTargets();

describe.each(targets)('audit anchors over HTTP on $name', (target) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(target);
  });
  afterAll(async () => t.close());

  it('gives administrators the head, verifies against it, and reports rows later removed from the end', async () => {
    const admin = await signInAs(t.app, 'admin');
    const head = (await admin.inject({ method: 'GET', url: '/api/audit/head' })).json();
    expect(head.anchor).toBe(`${head.id}:${head.hash}`);
    expect(head.at).toMatch(/\+08:00$/);
    const verify = (q: string) => admin.inject({ method: 'GET', url: `/api/audit/verify${q}` });
    expect((await verify(`?anchorId=${head.id}&anchorHash=${head.hash}`)).json()).toMatchObject({ ok: true, firstBreak: null });

    await sql`delete from audit_log where id = ${head.id}`.execute(t.store.db);
    expect((await verify('')).json()).toMatchObject({ ok: true });
    const anchored = (await verify(`?anchorId=${head.id}&anchorHash=${head.hash}`)).json();
    expect(anchored).toMatchObject({ ok: false, firstBreak: { id: head.id } });
  });

  it('refuses half an anchor or a malformed hash, and other roles', async () => {
    const admin = await signInAs(t.app, 'admin');
    expect((await admin.inject({ method: 'GET', url: '/api/audit/verify?anchorId=3' })).statusCode).toBe(400);
    expect((await admin.inject({ method: 'GET', url: '/api/audit/verify?anchorId=3&anchorHash=xyz' })).statusCode).toBe(400);
    const leader = await signInAs(t.app, 'leader');
    expect((await leader.inject({ method: 'GET', url: '/api/audit/head' })).statusCode).toBe(403);
  });
});
