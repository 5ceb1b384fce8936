// The databases every storage test runs on: embedded PGlite always, and a PostgreSQL
// server too. With CI=true the server is required; locally it is used when reachable.
// Each opened store lives in its own schema so parallel runs never collide.
import crypto from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/database.js';

export const TEST_PG_URL = process.env.ZAIZAO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface DbTarget {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database. Close it when done (dropSchema for postgres). */
  open(): Promise<Store>;
}

let pgReachable: Promise<boolean> | undefined;
function postgresReachable(): Promise<boolean> {
  pgReachable ??= (async () => {
    const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return pgReachable;
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

const pgliteTarget: DbTarget = {
  name: 'pglite',
  open: () => openStore({ kind: 'pglite', dataDir: null }),
};

const postgresTarget: DbTarget = {
  name: 'postgres',
  async open() {
    const schema = `zt_${crypto.randomBytes(6).toString('hex')}`;
    const store = await openStore({ kind: 'postgres', url: TEST_PG_URL, schema });
    const close = store.close;
    store.close = async () => {
      await close();
      await dropSchema(schema);
    };
    return store;
  },
};

/**
 * The targets to run on. Call at module top level (top-level await) and loop with
 * describe.each. Without CI=true and no server, postgres is left out with a note.
 */
export async function dbTargets(): Promise<DbTarget[]> {
  if (await postgresReachable()) return [pgliteTarget, postgresTarget];
  if (process.env.CI === 'true') throw new Error(`CI=true requires PostgreSQL at ${TEST_PG_URL}, and it is not reachable`);
  console.warn(`PostgreSQL at ${TEST_PG_URL} not reachable: database tests run on PGlite only`);
  return [pgliteTarget];
}
