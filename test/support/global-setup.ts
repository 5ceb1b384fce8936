// Runs once before any test file: prepares the embedded database templates, compiles src/ into lib/ (the command the CLI tests spawn
// runs the compiled JavaScript, as it does for users), and builds the web app when its
// sources are newer than the build, so the end-to-end files (which may run in parallel)
// never build either concurrently.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureWebBuild } from '../e2e/server.js';
import { buildTemplates } from '../../src/store/pglite-template.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export default async function setup(): Promise<void> {
  // Every test store is a new embedded database: it loads the prepared (migrated) data directory.
  await buildTemplates();
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-js.js')], { cwd: ROOT, stdio: 'pipe' });
  ensureWebBuild();
}
