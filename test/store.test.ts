import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { dbTargets } from './support/db.js';
import { openStore } from '../src/store/database.js';
import { DataDirInUseError, acquireDataDir } from '../src/store/lock.js';
import { listMigrations } from '../src/store/migrate.js';

const targets = await dbTargets();

describe.each(targets)('store on $name', (target) => {
  it('applies every migration once and normalises types the same way', async () => {
    const store = await target.open();
    try {
      const rows = await sql<{ id: string }>`select id from schema_migrations order by id`.execute(store.db);
      expect(rows.rows.map((r) => r.id)).toEqual(listMigrations().map((m) => m.id));
      const r = await sql<{ big: number; num: number; d: string; c: number; t: Date }>`
        select 9007199254740::bigint as big, 1.5::numeric as num, date '2025-10-01' as d,
               (select count(*) from schema_migrations) as c, timestamptz '2025-10-01T00:00:00+08:00' as t`.execute(store.db);
      const row = r.rows[0];
      expect(row.big).toBe(9007199254740);
      expect(row.num).toBe(1.5);
      expect(row.d).toBe('2025-10-01');
      expect(typeof row.c).toBe('number');
      expect(row.t).toBeInstanceOf(Date);
      expect(row.t.toISOString()).toBe('2025-09-30T16:00:00.000Z');
    } finally {
      await store.close();
    }
  });
});

describe('embedded data directory ownership', () => {
  it('refuses a second owner of the same directory and frees it on close', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-lock-'));
    const store = await openStore({ kind: 'pglite', dataDir: dir });
    try {
      expect(() => acquireDataDir(dir)).toThrow(DataDirInUseError);
      await expect(openStore({ kind: 'pglite', dataDir: dir })).rejects.toThrow(/in use/);
    } finally {
      await store.close();
    }
    const again = await openStore({ kind: 'pglite', dataDir: dir });
    await again.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes over a directory whose owner died', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-lock-'));
    fs.writeFileSync(path.join(dir, 'zaizao.owner.pid'), '999999');
    const release = acquireDataDir(dir);
    release();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
