// One schema and one query set over two drivers: embedded PGlite (default) and a
// PostgreSQL server (DATABASE_URL). What the drivers return differently is normalised
// here: bigint and numeric come back as numbers, `date` as 'YYYY-MM-DD' strings,
// timestamptz as Date objects (shown in Asia/Shanghai by the HTTP layer).
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from './schema.js';
import type { StoreConfig } from './config.js';
import { acquireDataDir } from './lock.js';
import { migrate } from './migrate.js';
import { copyMigratedTemplate, templateBlob } from './pglite-template.js';

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const BYTEA = 17;

// PGlite's own bytea conversion walks a file byte by byte through JS arrays and strings: a
// 1 MB material held the event loop (and PGlite's one connection) for about a second each way.
// Node's hex codec does the same conversion natively.
function byteaToHex(v: unknown): string {
  if (!(v instanceof Uint8Array)) throw new Error('Invalid input for bytea type');
  return `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
}
function hexToBytea(text: string): Uint8Array {
  const b = Buffer.from(text.slice(2), 'hex');
  // A small result lies in Node's shared buffer pool: copied, so that its .buffer is its own, as PGlite's was.
  return b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? new Uint8Array(b.buffer) : new Uint8Array(b);
}

const toNumber = (v: string) => Number(v);
const asIs = (v: string) => v;

export interface Store {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /** Runs a multi-statement SQL script (migrations, bulk DDL). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Run pending migrations (default true). */
  migrate?: boolean;
}

export async function openStore(config: StoreConfig, options: OpenOptions = {}): Promise<Store> {
  const migrating = options.migrate !== false;
  const store = config.kind === 'pglite' ? await openPglite(config.dataDir, migrating) : await openPostgres(config.url, config.schema);
  if (migrating) {
    try {
      await migrate(store);
    } catch (err) {
      await store.close();
      throw err;
    }
  }
  return store;
}

// PGlite's default shared_buffers (160 MB) is sized for a server; an embedded single-user
// database runs well with less, and resident memory is part of what we promise.
const PGLITE_CONF = ['shared_buffers=64MB'];

async function createPglite(dataDir: string | null, template: Blob | null): Promise<PGlite> {
  // Each driver is loaded by the first store that uses it: a server on one never loads the other.
  const { PGlite } = await import('@electric-sql/pglite');
  return PGlite.create(dataDir ?? undefined, {
    parsers: { [INT8]: toNumber, [NUMERIC]: toNumber, [DATE]: asIs, [BYTEA]: hexToBytea },
    serializers: { [BYTEA]: byteaToHex },
    postgresqlconf: PGLITE_CONF,
    ...(template ? { loadDataDir: template } : {}),
  });
}

/** Frees the closed initdb instance's memory now rather than whenever V8 next feels pressure. */
function collectGarbage(): void {
  try {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
  } catch {
    /* a runtime without the flag: the memory is freed later */
  }
}

/**
 * A new database starts from a prepared template (pglite-template.ts): the migrated one when
 * the store will be migrated anyway, else the initdb one; without either, PGlite runs initdb.
 */
async function openPglite(dataDir: string | null, migrating: boolean): Promise<Store> {
  const release = dataDir ? acquireDataDir(dataDir) : () => {};
  let pglite: PGlite;
  try {
    if (dataDir === null) {
      pglite = await createPglite(null, (migrating ? templateBlob('migrated') : null) ?? templateBlob('initdb'));
    } else {
      const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
      if (fresh && !(migrating && copyMigratedTemplate(dataDir))) {
        // initdb (or unpacking its template) leaves several hundred MB of WASM memory behind;
        // a fresh instance over the new directory starts small, and the first one is garbage.
        await (await createPglite(dataDir, templateBlob('initdb'))).close();
        collectGarbage();
      }
      pglite = await createPglite(dataDir, null);
    }
    await pglite.exec(`SET TIME ZONE 'Asia/Shanghai'`);
  } catch (err) {
    release();
    throw err;
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    exec: async (script) => {
      await pglite.exec(script);
    },
    close: async () => {
      await db.destroy(); // closes the PGlite instance too
      if (!pglite.closed) await pglite.close();
      release();
    },
  };
}

function pgTypes(types: typeof pg.types): pg.CustomTypesConfig {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8 || oid === NUMERIC) return toNumber;
      if (oid === DATE) return asIs;
      return types.getTypeParser(oid, format as 'text');
    },
  } as pg.CustomTypesConfig;
}

async function openPostgres(url: string, schema?: string): Promise<Store> {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const options = `-c TimeZone=Asia/Shanghai${schema ? ` -c search_path=${schema}` : ''}`;
  const max = Number(process.env.ZAIZAO_DB_POOL_MAX ?? 10);
  if (!Number.isInteger(max) || max < 1) throw new Error(`ZAIZAO_DB_POOL_MAX must be a positive integer, not ${process.env.ZAIZAO_DB_POOL_MAX}`);
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes(pg.types), options });
  if (schema) {
    const client = await pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      client.release();
    }
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    exec: async (script) => {
      // The simple query protocol accepts several statements in one call.
      await pool.query(script);
    },
    close: async () => {
      await db.destroy();
    },
  };
}

/** True when the database answers a trivial query (the /ready probe). */
export async function ping(store: Store): Promise<boolean> {
  try {
    await sql`select 1`.execute(store.db);
    return true;
  } catch {
    return false;
  }
}
