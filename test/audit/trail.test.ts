import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { dbTargets } from '../support/db.js';
import { recordAudit, verifyAuditTrail } from '../../src/audit/trail.js';
import { SYSTEM_ACTOR } from '../../src/org/model.js';
import type { Store } from '../../src/store/database.js';

const targets = await dbTargets();

async function appendThree(store: Store) {
  for (const n of [1, 2, 3]) {
    await store.db.transaction().execute((trx) =>
      recordAudit(trx, { actor: SYSTEM_ACTOR, action: 'test.change', entity: 'thing', entityId: n, regionCode: '370883', before: { n: n - 1 }, after: { n, nested: { b: 1, a: [1.5, '是'] } } }),
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
});
