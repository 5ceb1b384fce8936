// Migration 0031 on a database that already holds requests: each request filed before it is
// given its case in the closed loop (channel enterprise, the tier's deadlines, dispatched to
// its officer's department, its status carried over), and an escalated one its rung.
import crypto from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TEST_PG_URL, dbTargets } from '../../test/support/db.js';
import { seedDemoOrganisation } from '../org/seed.js';
import { openStore, type Store } from '../store/database.js';
import { listMigrations, migrate } from '../store/migrate.js';

const targets = await dbTargets();

async function openUnmigrated(name: 'pglite' | 'postgres'): Promise<{ store: Store; drop: () => Promise<void> }> {
  if (name === 'pglite') return { store: await openStore({ kind: 'pglite', dataDir: null }, { migrate: false }), drop: async () => {} };
  const schema = `zt_${crypto.randomBytes(6).toString('hex')}`;
  const store = await openStore({ kind: 'postgres', url: TEST_PG_URL, schema }, { migrate: false });
  return {
    store,
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    },
  };
}

describe.each(targets)('migration 0031 on $name', ({ name }) => {
  it('gives the requests filed before it their cases, and an escalated one its rung', async () => {
    const { store, drop } = await openUnmigrated(name);
    try {
      await migrate(
        store,
        listMigrations().filter((m) => m.id < '0031'),
      );
      await seedDemoOrganisation(store.db, 'pw-0031-test');
      const db = store.db;
      const user = (username: string) => db.selectFrom('users').select(['id', 'department_id']).where('username', '=', username).executeTakeFirstOrThrow();
      const [officer, applicant] = await Promise.all([user('officer.fgj'), user('applicant')]);
      await db
        .insertInto('enterprises')
        .values({
          uscc: '91370883MA3C00000A',
          region_code: '370883',
          name: '邹城甲制造有限公司',
          industry: '',
          tax_paid: 600,
          employees: 300,
          output_value: 1,
          designations: '[]',
          tier: 'A',
          officer_id: officer.id,
          contact_user_id: applicant.id,
          updated_at: new Date(),
        } as never)
        .execute();
      const at = (s: string) => new Date(s);
      const base = {
        uscc: '91370883MA3C00000A',
        region_code: '370883',
        tier: 'A',
        description: '说明',
        officer_id: officer.id,
        filed_by: 'applicant',
        contact_due: at('2026-03-17T17:30:00+08:00'),
        answer_due: at('2026-03-19T17:30:00+08:00'),
        created_at: at('2026-03-16T10:00:00+08:00'),
        updated_at: at('2026-03-16T10:00:00+08:00'),
        answer: '',
        contacted_at: null,
        contacted_late: null,
        answered_at: null,
        answered_late: null,
        closed_at: null,
        escalated_at: null,
      };
      await db
        .insertInto('enterprise_requests')
        .values([
          {
            ...base,
            title: '用电增容',
            status: 'answered',
            contacted_at: at('2026-03-16T11:00:00+08:00'),
            contacted_late: false,
            answered_at: at('2026-03-17T11:00:00+08:00'),
            answered_late: false,
            answer: '已协调',
            escalated: false,
          },
          { ...base, title: '招工', status: 'submitted', escalated: true, escalated_at: at('2026-03-18T09:00:00+08:00') },
        ] as never)
        .execute();

      expect(await migrate(store)).toEqual(expect.arrayContaining(['0031_projects_cases']));
      const requests = await db.selectFrom('enterprise_requests').select(['title', 'case_id', 'rung']).orderBy('id').execute();
      expect(requests.map((r) => [r.title, r.rung])).toEqual([
        ['用电增容', 'officer'],
        ['招工', 'department'],
      ]);
      const cases = await db
        .selectFrom('cases')
        .selectAll()
        .where(
          'id',
          'in',
          requests.map((r) => r.case_id!),
        )
        .orderBy('id')
        .execute();
      expect(cases.map((c) => [c.channel, c.status, c.category_code, c.unit_department_id, c.reporter_id, c.escalations])).toEqual([
        ['enterprise', 'checking', 'ent-370883', officer.department_id, applicant.id, 0],
        ['enterprise', 'assigned', 'ent-370883', officer.department_id, applicant.id, 1],
      ]);
      expect(new Date(cases[0].handle_due!).toISOString()).toBe(at('2026-03-19T17:30:00+08:00').toISOString());
      const category = await db.selectFrom('case_categories').select(['active', 'region_code']).where('code', '=', 'ent-370883').executeTakeFirstOrThrow();
      expect(category).toEqual({ active: false, region_code: '370883' });
      expect(
        await db
          .selectFrom('case_events')
          .select('action')
          .where(
            'case_id',
            'in',
            requests.map((r) => r.case_id!),
          )
          .execute(),
      ).toHaveLength(2);
    } finally {
      await store.close();
      await drop();
    }
  }, 120_000);
});
