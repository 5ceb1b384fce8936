#!/usr/bin/env node
// Prepares the embedded database's initial data directory (see src/store/pglite-template.ts)
// so a new database loads it instead of running initdb. Runs from `prepare`, after lib/ is built.
import fs from 'node:fs';

const lib = new URL('../lib/store/pglite-template.js', import.meta.url);
const { buildTemplate, templatePath } = await import(lib.href);
if (fs.existsSync(templatePath()) && !process.argv.includes('--force')) process.exit(0);
const target = await buildTemplate();
process.stdout.write(`prepared the embedded database template: ${target.replace(process.cwd() + '/', '')}\n`);
