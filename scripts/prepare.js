#!/usr/bin/env node
// Runs after `npm install` / `npm ci`: compiles src/ to JavaScript in lib/ (scripts/build-js.js),
// which the command and the server run, prepares the embedded database's initial data
// directories, initdb's and a migrated one (scripts/build-pglite-template.js), compiles the WebAssembly modules into build/wasm
// (scripts/build-wasm.js) and builds the web UI into web/dist, which `npm start` serves.
// Each is skipped when its sources or dev dependencies are absent (production installs with
// --omit=dev ship them prebuilt).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const js = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-js.js')], { cwd: root, stdio: 'inherit' });
if (js.status !== 0) process.exit(js.status ?? 1);
const template = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-pglite-template.js')], { cwd: root, stdio: 'inherit' });
if (template.status !== 0) process.exit(template.status ?? 1);
const wasm = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-wasm.js')], { cwd: root, stdio: 'inherit' });
if (wasm.status !== 0) process.exit(wasm.status ?? 1);
const hasWeb = fs.existsSync(path.join(root, 'web', 'index.html'));
const hasVite = fs.existsSync(path.join(root, 'node_modules', 'vite', 'package.json'));
if (!hasWeb || !hasVite) {
  process.stdout.write(`prepare: web build skipped (${!hasWeb ? 'no web sources' : 'vite not installed'})\n`);
  process.exit(0);
}
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
