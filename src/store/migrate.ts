// Versioned migrations: plain SQL files in ./migrations named NNNN_name.sql, applied in
// order, each in its own transaction, recorded in schema_migrations. Plain SQL keeps the
// one dialect visible and lets each capability add its file without touching another's.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Store } from './database.js';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface Migration {
  id: string;
  script: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: f.replace(/\.sql$/, ''), script: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

/** Applies pending migrations; returns the ids applied now. */
export async function migrate(store: Store, migrations = listMigrations()): Promise<string[]> {
  await store.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const rows = await sql<{ id: string }>`select id from schema_migrations`.execute(store.db);
  const done = new Set(rows.rows.map((r) => r.id));
  const applied: string[] = [];
  for (const m of migrations) {
    if (done.has(m.id)) continue;
    // Scripts carry their own statements; wrap them so a failing migration leaves nothing behind.
    await store.exec(`BEGIN;\n${m.script}\n;INSERT INTO schema_migrations (id) VALUES ('${m.id}');\nCOMMIT;`).catch(async (err) => {
      await store.exec('ROLLBACK').catch(() => {});
      throw new Error(`migration ${m.id} failed: ${(err as Error).message}`);
    });
    applied.push(m.id);
  }
  return applied;
}
