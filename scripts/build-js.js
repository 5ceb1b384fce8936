#!/usr/bin/env node
// Compiles src/**/*.ts (tests excepted) to lib/**/*.js, one file each at the same depth,
// so paths a module finds from its own location (../../web/dist, ../../../build/wasm) hold
// for both. The SQL migrations are copied beside them. The server and the command run
// lib/; tests run the sources through Vitest. Runs from `prepare` on npm install and ci.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(root, 'src');
const OUT = path.join(root, process.argv[2] ?? 'lib');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  if (fs.existsSync(path.join(OUT, 'cli', 'main.js'))) {
    process.stdout.write('build-js: esbuild not installed, keeping the shipped lib/\n');
    process.exit(0);
  }
  process.stderr.write('build-js: esbuild is not installed and lib/ is missing: install the dev dependencies (npm install)\n');
  process.exit(1);
}

/** Every file under dir, relative to SRC. */
function walk(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'wasm') continue; // AssemblyScript, compiled by build-wasm.js
      out.push(...walk(full));
    } else out.push(path.relative(SRC, full));
  }
  return out;
}

const files = walk(SRC).filter((f) => !/\.test\.tsx?$/.test(f));
const sources = files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const assets = files.filter((f) => !f.endsWith('.ts'));

fs.rmSync(OUT, { recursive: true, force: true });
await esbuild.build({
  entryPoints: sources.map((f) => path.join(SRC, f)),
  outdir: OUT,
  outbase: SRC,
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
});
for (const f of assets) {
  fs.mkdirSync(path.dirname(path.join(OUT, f)), { recursive: true });
  fs.copyFileSync(path.join(SRC, f), path.join(OUT, f));
}
process.stdout.write(`build-js: ${sources.length} modules compiled to ${path.relative(root, OUT)}/\n`);
