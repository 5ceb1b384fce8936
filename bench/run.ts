// `npm run bench`: every benchmark script in this folder, one child process each (so one
// script's memory never counts against another's), in a fixed order.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './report.js';

const only = process.argv.slice(2);
const scripts = fs
  .readdirSync(path.join(ROOT, 'bench'))
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'report.ts'].includes(f) && !f.startsWith('_'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.ts$/, '')))
  .sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n=== bench/${script} ===`);
  const r = spawnSync(process.execPath, ['--expose-gc', path.join(ROOT, 'bin', 'run-ts.js'), path.join('bench', script)], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.error(`bench/${script} failed (exit ${r.status})`);
  }
}
process.exit(failed ? 1 : 0);
