// A new embedded database starts from a prepared data directory instead of running initdb:
// initdb inside PGlite's WebAssembly takes seconds (six times longer than loading the
// same directory from a tarball), and every new database — first start, every test store —
// would pay it. `npm install` prepares the tarball once (scripts/build-pglite-template.js);
// without it, PGlite runs initdb as before.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The template belongs to one PGlite version: another version's directory is not used. */
export function templatePath(): string {
  return path.join(ROOT, 'build', 'pglite', `initdb-${pgliteVersion()}.tar.gz`);
}

function pgliteVersion(): string {
  // The package exports no package.json: find it above its entry point.
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

let cached: Buffer | null | undefined;

/** The prepared data directory as a Blob for PGlite's `loadDataDir`, or null when not prepared. */
export function templateBlob(): Blob | null {
  if (cached === undefined) {
    try {
      cached = fs.readFileSync(templatePath());
    } catch {
      cached = null;
    }
  }
  return cached ? new Blob([new Uint8Array(cached)]) : null;
}

/** Runs initdb once in memory and writes the resulting data directory as the template. */
export async function buildTemplate(): Promise<string> {
  const target = templatePath();
  const pglite = await PGlite.create();
  try {
    const dump = await pglite.dumpDataDir('gzip');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, new Uint8Array(await dump.arrayBuffer()));
    fs.renameSync(tmp, target); // atomic: a concurrent reader sees the old file or the new one
  } finally {
    await pglite.close();
  }
  cached = undefined;
  return target;
}
