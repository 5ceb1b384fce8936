// A new embedded database starts from a data directory prepared on `npm install`
// (scripts/build-pglite-template.js) instead of running initdb and the migrations: inside
// PGlite's WebAssembly initdb takes seconds and the migrations more, and every new
// database — first start, every test store — would pay them. Two templates:
// - initdb only (a tarball for PGlite's `loadDataDir`), for a store opened without
//   migrations (`zaizao db migrate` reports what it applies);
// - migrated: initdb and every migration, as a directory that a new data directory copies
//   (much cheaper than PGlite writing a tarball's files through its file system) and as a
//   tarball for in-memory stores. It is named after the migrations' content, so a changed or
//   added migration never meets a stale template: without a matching one, a new database
//   runs the migrations as before.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Kysely, PGliteDialect } from 'kysely';
import type { PGlite } from '@electric-sql/pglite';
import { listMigrations, migrate, type Migration } from './migrate.js';
import type { Database } from './schema.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIR = path.join(ROOT, 'build', 'pglite');
/** Written last when a data directory is copied: PostgreSQL's own marker of a data directory. */
const MARKER = 'PG_VERSION';

/** The initdb template; it belongs to one PGlite version: another version's is not used. */
export function templatePath(): string {
  return path.join(DIR, `initdb-${pgliteVersion()}.tar.gz`);
}

let current: string | undefined;

/** The migrated template's directory (its tarball is the same path with .tar.gz). */
export function migratedTemplatePath(migrations?: Migration[]): string {
  if (!migrations && current) return current;
  const hash = crypto.createHash('sha256');
  for (const m of migrations ?? listMigrations()) hash.update(`${m.id}\0${m.script}\0`);
  const target = path.join(DIR, `migrated-${pgliteVersion()}-${hash.digest('hex').slice(0, 12)}`);
  if (!migrations) current = target;
  return target;
}

let version: string | undefined;
function pgliteVersion(): string {
  if (version) return version;
  // The package exports no package.json: find it above its entry point.
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  version = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

const blobs = new Map<string, Buffer | null>();

function readBlob(file: string): Blob | null {
  if (!blobs.has(file)) {
    try {
      blobs.set(file, fs.readFileSync(file));
    } catch {
      blobs.set(file, null);
    }
  }
  const bytes = blobs.get(file);
  return bytes ? new Blob([new Uint8Array(bytes)]) : null;
}

/** A template as a Blob for PGlite's `loadDataDir` (migrated or initdb only), or null when not prepared. */
export function templateBlob(kind: 'initdb' | 'migrated'): Blob | null {
  return readBlob(kind === 'initdb' ? templatePath() : `${migratedTemplatePath()}.tar.gz`);
}

/**
 * Copies the migrated template into a new (empty or half-copied) data directory; false when
 * no template matches the migrations. The marker file goes last, so a copy cut short is
 * copied again at the next open rather than taken for a database.
 */
export function copyMigratedTemplate(dataDir: string): boolean {
  const source = migratedTemplatePath();
  if (!fs.existsSync(path.join(source, MARKER))) return false;
  // A copy-on-write clone where the file system offers one (btrfs, XFS), else a plain copy.
  const copyFile = (from: string, to: string) => fs.copyFileSync(from, to, fs.constants.COPYFILE_FICLONE);
  const copy = (from: string, to: string) => {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      if (entry.isDirectory()) copy(path.join(from, entry.name), path.join(to, entry.name));
      else if (!(from === source && entry.name === MARKER)) copyFile(path.join(from, entry.name), path.join(to, entry.name));
    }
  };
  copy(source, dataDir);
  copyFile(path.join(source, MARKER), path.join(dataDir, MARKER));
  return true;
}

/** Writes a file or directory beside its target, then renames it into place (atomic for readers). */
async function atomically(target: string, write: (tmp: string) => Promise<void>): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  fs.rmSync(tmp, { recursive: true, force: true });
  await write(tmp);
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(tmp, target);
}

async function writeDump(pglite: PGlite, file: string): Promise<void> {
  const dump = await pglite.dumpDataDir('gzip');
  await atomically(file, async (tmp) => fs.writeFileSync(tmp, new Uint8Array(await dump.arrayBuffer())));
}

/** Runs initdb once in memory and writes the resulting data directory as the initdb template. */
export async function buildTemplate(): Promise<string> {
  const target = templatePath();
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create();
  try {
    await writeDump(pglite, target);
  } finally {
    await pglite.close();
  }
  blobs.delete(target);
  return target;
}

/** Applies every migration to a new database (from the initdb template) and writes the migrated template. */
export async function buildMigratedTemplate(): Promise<string> {
  const migrations = listMigrations();
  const target = migratedTemplatePath(migrations);
  const initdb = templateBlob('initdb');
  const { PGlite } = await import('@electric-sql/pglite');
  await atomically(target, async (tmp) => {
    const pglite = await PGlite.create(tmp, initdb ? { loadDataDir: initdb } : {});
    const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
    try {
      await migrate(
        {
          db,
          kind: 'pglite',
          exec: async (script) => {
            await pglite.exec(script);
          },
          close: async () => {},
        },
        migrations,
      );
      await writeDump(pglite, `${target}.tar.gz`);
    } finally {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    }
  });
  // Templates of earlier migrations are of no further use.
  for (const f of fs.readdirSync(DIR)) {
    const full = path.join(DIR, f);
    if (/^migrated-.+-[0-9a-f]{12}(\.tar\.gz)?$/.test(f) && full !== target && full !== `${target}.tar.gz`) fs.rmSync(full, { recursive: true, force: true });
  }
  blobs.delete(`${target}.tar.gz`);
  return target;
}

/** Builds the templates that are missing (or all with force); returns the paths written. */
export async function buildTemplates(force = false): Promise<string[]> {
  const written: string[] = [];
  if (force || !fs.existsSync(templatePath())) written.push(await buildTemplate());
  const migrated = migratedTemplatePath();
  if (force || !fs.existsSync(path.join(migrated, MARKER)) || !fs.existsSync(`${migrated}.tar.gz`)) written.push(await buildMigratedTemplate());
  return written;
}
