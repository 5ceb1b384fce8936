import path from 'node:path';

/** Where the data lives: an embedded PGlite directory, or a PostgreSQL server. */
export type StoreConfig = { kind: 'pglite'; dataDir: string | null /* null = in memory */ } | { kind: 'postgres'; url: string; schema?: string };

/** The same settings for the server and every CLI command: DATABASE_URL wins, else ZAIZAO_DATA, else ./.zaizao. */
export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  if (env.DATABASE_URL) return { kind: 'postgres', url: env.DATABASE_URL, schema: env.ZAIZAO_DB_SCHEMA };
  return { kind: 'pglite', dataDir: path.resolve(env.ZAIZAO_DATA ?? '.zaizao') };
}

export function describeStore(config: StoreConfig): string {
  if (config.kind === 'postgres') return `PostgreSQL ${redactUrl(config.url)}${config.schema ? ` (schema ${config.schema})` : ''}`;
  return config.dataDir ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : 'embedded PostgreSQL (PGlite) in memory';
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
