#!/usr/bin/env node
// Compiles the AssemblyScript sources (src/**/wasm/*.ts) to WebAssembly in build/wasm/.
// Runs on install (scripts/prepare.js) and by `npm run build:wasm`; the importers load the
// result and fall back to their JavaScript path when it is not there.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const asc = path.join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js');
const MODULES = ['src/mining/import/wasm/xes-events.ts'];

if (!fs.existsSync(asc)) {
  process.stdout.write('build-wasm: skipped (assemblyscript not installed)\n');
  process.exit(0);
}
const out = path.join(root, 'build', 'wasm');
fs.mkdirSync(out, { recursive: true });
for (const source of MODULES) {
  const target = path.join(out, `${path.basename(source, '.ts')}.wasm`);
  const result = spawnSync(process.execPath, [asc, source, '-O3', '--runtime', 'stub', '-o', target], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
