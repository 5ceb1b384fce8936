#!/usr/bin/env node
// The zaizao command. It runs the JavaScript that `npm install` compiled from src/ into lib/
// (scripts/build-js.js): nothing is transpiled at run time.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../lib/cli/main.js', import.meta.url);
if (!fs.existsSync(fileURLToPath(main))) {
  process.stderr.write('zaizao: the compiled program (lib/) is missing: run `npm install` (or `npm run build`) first\n');
  process.exit(1);
}
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
