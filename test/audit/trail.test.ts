import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dbTargets } from '../support/db.js';
import { auditHead, parseAnchor, recordAudit, verifyAuditTrail } from '../../src/audit/trail.js';
import { GENESIS_HASH, chainHash } from '../../src/audit/chain.js';
import { SYSTEM_ACTOR } from '../../src/org/model.js';
import type { Store } from '../../src/store/database.js';

const targets = await dbTargets();

async function appendThree(store: Store) {
  for (const n of [1, 2, 3]) {
    await store.db.transaction().execute((trx) =>
      recordAudit(trx, {
        actor: SYSTEM_ACTOR,
        action: 'test.change',
        entity: 'thing',
        entityId: n,
        regionCode: '370883',
        before: { n: n - 1 },
        after: { n, nested: { b: 1, a: [1.5, '是'] } },
      }),
    );
  }
}

describe.each(targets)('audit trail on $name', (target) => {
  it('chains rows and verifies an untouched trail', async () => {
    const store = await target.open();
    try {
      await appendThree(store);
      const result = await verifyAuditTrail(store.db);
      expect(result).toEqual({ ok: true, rows: 3, firstBreak: null });
    } finally {
      await store.close();
    }
  });

  it('reports the first altered row', async () => {
    const store = await target.open();
    try {
      await appendThree(store);
      await sql`update audit_log set after = '{"n": 99}'::jsonb where id = 2`.execute(store.db);
      const result = await verifyAuditTrail(store.db);
      expect(result.ok).toBe(false);
      expect(result.firstBreak?.id).toBe(2);
      expect(result.firstBreak?.reason).toMatch(/altered/);
    } finally {
      await store.close();
    }
  });

  it('reports a removed row', async () => {
    const store = await target.open();
    try {
      await appendThree(store);
      await sql`delete from audit_log where id = 2`.execute(store.db);
      const result = await verifyAuditTrail(store.db);
      expect(result.ok).toBe(false);
      expect(result.firstBreak?.id).toBe(2);
      expect(result.firstBreak?.reason).toMatch(/missing/);
    } finally {
      await store.close();
    }
  });

  it('leaves no audit row and no gap when the transaction rolls back', async () => {
    const store = await target.open();
    try {
      await appendThree(store);
      await expect(
        store.db.transaction().execute(async (trx) => {
          await recordAudit(trx, { actor: SYSTEM_ACTOR, action: 'test.rolled-back', entity: 'thing' });
          throw new Error('business rule failed');
        }),
      ).rejects.toThrow('business rule failed');
      await appendThree(store);
      const result = await verifyAuditTrail(store.db);
      expect(result).toMatchObject({ ok: true, rows: 6 });
    } finally {
      await store.close();
    }
  });
  it('links concurrent writers at commit: consecutive ids, a transaction’s rows together, the chain intact', async () => {
    const store = await target.open();
    try {
      await Promise.all(
        Array.from({ length: 12 }, (_, n) =>
          store.db.transaction().execute(async (trx) => {
            await recordAudit(trx, { actor: SYSTEM_ACTOR, action: 'test.first', entity: 'writer', entityId: n });
            await recordAudit(trx, { actor: SYSTEM_ACTOR, action: 'test.second', entity: 'writer', entityId: n });
          }),
        ),
      );
      expect(await verifyAuditTrail(store.db)).toEqual({ ok: true, rows: 24, firstBreak: null });
      const rows = await store.db.selectFrom('audit_log').select(['id', 'action', 'entity_id']).orderBy('id').execute();
      expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
      for (let i = 0; i < 24; i += 2) expect([rows[i].action, rows[i + 1].action, rows[i + 1].entity_id]).toEqual(['test.first', 'test.second', rows[i].entity_id]);
    } finally {
      await store.close();
    }
  });

  it('verifies rows written before the database linked them (their own hash formula) followed by new ones', async () => {
    const store = await target.open();
    try {
      const at = new Date('2026-03-02T01:30:00Z');
      const record = { id: 1, at, actorId: null, actorName: 'system', regionCode: '370883', action: 'test.legacy', entity: 'thing', entityId: '1', before: null, after: { n: 1 } };
      await store.db
        .insertInto('audit_log')
        .values({
          id: 1,
          at,
          actor_id: null,
          actor_name: 'system',
          region_code: '370883',
          action: 'test.legacy',
          entity: 'thing',
          entity_id: '1',
          before: null,
          after: JSON.stringify({ n: 1 }),
          prev_hash: GENESIS_HASH,
          hash: chainHash(GENESIS_HASH, record),
          content_hash: null,
        })
        .execute();
      await appendThree(store);
      expect(await verifyAuditTrail(store.db)).toEqual({ ok: true, rows: 4, firstBreak: null });
      await sql`update audit_log set after = '{"n": 2}'::jsonb where id = 1`.execute(store.db);
      expect((await verifyAuditTrail(store.db)).firstBreak).toMatchObject({ id: 1 });
    } finally {
      await store.close();
    }
  });

  it('cannot see rows removed from the end by itself, but an anchor kept outside the database does', async () => {
    const store = await target.open();
    try {
      await appendThree(store);
      const head = await auditHead(store.db);
      expect(head).toMatchObject({ id: 3 });
      expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(await verifyAuditTrail(store.db, { anchor: head })).toMatchObject({ ok: true, rows: 3 });

      await sql`delete from audit_log where id = 3`.execute(store.db);
      expect(await verifyAuditTrail(store.db)).toMatchObject({ ok: true, rows: 2 });
      const anchored = await verifyAuditTrail(store.db, { anchor: head });
      expect(anchored.ok).toBe(false);
      expect(anchored.firstBreak).toMatchObject({ id: 3 });
      expect(anchored.firstBreak?.reason).toMatch(/missing.*removed from the end/);
    } finally {
      await store.close();
    }
  });

  it('an anchor detects a chain rewritten consistently from an earlier row', async () => {
    const store = await target.open();
    try {
      await appendThree(store);
      const head = await auditHead(store.db);
      // Rewrite the whole tail so that every link and hash is consistent again.
      await sql`delete from audit_log where id >= 2`.execute(store.db);
      await store.db.transaction().execute((trx) => recordAudit(trx, { actor: SYSTEM_ACTOR, action: 'test.forged', entity: 'thing', entityId: 2 }));
      await store.db.transaction().execute((trx) => recordAudit(trx, { actor: SYSTEM_ACTOR, action: 'test.forged', entity: 'thing', entityId: 3 }));
      expect(await verifyAuditTrail(store.db)).toMatchObject({ ok: true, rows: 3 });
      const anchored = await verifyAuditTrail(store.db, { anchor: head });
      expect(anchored).toMatchObject({ ok: false, firstBreak: { id: 3 } });
      expect(anchored.firstBreak?.reason).toMatch(/anchored hash/);
    } finally {
      await store.close();
    }
  });
});

describe('audit anchors as text', () => {
  it('reads ID:HASH and refuses anything else', () => {
    const hash = 'a'.repeat(64);
    expect(parseAnchor(` 12:${hash}\n`)).toEqual({ id: 12, hash });
    expect(() => parseAnchor('12')).toThrow(/ID:HASH/);
    expect(() => parseAnchor(`x:${hash}`)).toThrow(/ID:HASH/);
    expect(() => parseAnchor(`12:${'g'.repeat(64)}`)).toThrow(/ID:HASH/);
  });
});
