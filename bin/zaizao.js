#!/usr/bin/env node
// The zaizao command. It runs the JavaScript that `npm install` compiled from src/ into lib/
// (scripts/build-js.js): nothing is transpiled at run time.
import fs from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// Node 22.1 and later keep the code they compile for each module on disk (in the system's
// temporary directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off), so a later command or
// server start does not compile again what an earlier one did. Older Node has no such cache.
module.enableCompileCache?.();

const main = new URL('../lib/cli/main.js', import.meta.url);
if (!fs.existsSync(fileURLToPath(main))) {
  process.stderr.write('zaizao: the compiled program (lib/) is missing: run `npm install` (or `npm run build`) first\n');
  process.exit(1);
}
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
