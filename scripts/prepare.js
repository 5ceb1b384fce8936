#!/usr/bin/env node
// Runs after `npm install` / `npm ci`: builds the web UI into web/dist, which `npm start`
// serves. Skipped when the web sources or the dev dependencies are absent (production
// installs with --omit=dev ship a prebuilt web/dist).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hasWeb = fs.existsSync(path.join(root, 'web', 'index.html'));
const hasVite = fs.existsSync(path.join(root, 'node_modules', 'vite', 'package.json'));
if (!hasWeb || !hasVite) {
  process.stdout.write(`prepare: web build skipped (${!hasWeb ? 'no web sources' : 'vite not installed'})\n`);
  process.exit(0);
}
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const result = spawnSync(process.execPath, [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
