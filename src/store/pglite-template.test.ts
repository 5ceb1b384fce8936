// A new embedded database starts from the templates prepared on install; what it holds must
// be what running initdb and the migrations would have made.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openStore, type Store } from './database.js';
import { listMigrations, migrate } from './migrate.js';
import { migratedTemplatePath } from './pglite-template.js';

const dirs: string[] = [];
function newDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-template-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function appliedIds(store: Store): Promise<string[]> {
  const rows = await sql<{ id: string }>`select id from schema_migrations order by id`.execute(store.db);
  return rows.rows.map((r) => r.id);
}

/** Tables, columns, defaults, constraints and indexes of the public schema. */
async function schemaOf(store: Store): Promise<unknown[]> {
  const columns = await sql`select table_name, column_name, data_type, column_default, is_nullable
    from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position`.execute(store.db);
  const constraints = await sql`select conrelid::regclass::text as tbl, conname, pg_get_constraintdef(oid) as def
    from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`.execute(store.db);
  const indexes = await sql`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by 1, 2`.execute(store.db);
  return [columns.rows, constraints.rows, indexes.rows];
}

describe('the embedded database templates', () => {
  it('a new data directory starts with every migration applied, and opens again with nothing to apply', async () => {
    const dir = newDir();
    const store = await openStore({ kind: 'pglite', dataDir: dir });
    try {
      expect(await appliedIds(store)).toEqual(listMigrations().map((m) => m.id));
      expect(await migrate(store)).toEqual([]);
    } finally {
      await store.close();
    }
    const again = await openStore({ kind: 'pglite', dataDir: dir });
    try {
      expect(await appliedIds(again)).toEqual(listMigrations().map((m) => m.id));
    } finally {
      await again.close();
    }
  });

  it('holds the same schema as a database migrated one migration after another', async () => {
    const fromTemplate = await openStore({ kind: 'pglite', dataDir: null });
    const stepwise = await openStore({ kind: 'pglite', dataDir: null }, { migrate: false });
    try {
      expect(await migrate(stepwise)).toEqual(listMigrations().map((m) => m.id));
      expect(await schemaOf(fromTemplate)).toEqual(await schemaOf(stepwise));
    } finally {
      await fromTemplate.close();
      await stepwise.close();
    }
  });

  it('a new data directory opened without migrations has none, so `db migrate` reports each one it applies', async () => {
    const store = await openStore({ kind: 'pglite', dataDir: newDir() }, { migrate: false });
    try {
      const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(store.db);
      expect(tables.rows[0].n).toBe(0);
      expect(await migrate(store)).toEqual(listMigrations().map((m) => m.id));
    } finally {
      await store.close();
    }
  });

  it('copies the template again into a directory whose first copy was cut short', async () => {
    const dir = newDir();
    // A copy stopped before its last file: data files, but no PG_VERSION.
    fs.mkdirSync(path.join(dir, 'base'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'postgresql.conf'), 'half-written');
    const store = await openStore({ kind: 'pglite', dataDir: dir });
    try {
      expect(await appliedIds(store)).toEqual(listMigrations().map((m) => m.id));
    } finally {
      await store.close();
    }
  });

  it('is named after the migrations it holds, so a changed migration never meets a stale template', () => {
    const migrations = listMigrations();
    const changed = migrations.map((m, i) => (i === migrations.length - 1 ? { ...m, script: `${m.script}\n-- changed` } : m));
    expect(migratedTemplatePath(migrations)).toBe(migratedTemplatePath());
    expect(migratedTemplatePath(changed)).not.toBe(migratedTemplatePath(migrations));
    expect(migratedTemplatePath([...migrations, { id: '9999_next', script: 'SELECT 1;' }])).not.toBe(migratedTemplatePath(migrations));
  });
});
