#!/usr/bin/env node
// Prepares the embedded database's initial data directories (see src/store/pglite-template.ts):
// initdb's, and initdb's with every migration applied, so a new database copies them instead of
// running initdb and the migrations. Runs from `prepare`, after lib/ is built; --force rebuilds.
const lib = new URL('../lib/store/pglite-template.js', import.meta.url);
const { buildTemplates } = await import(lib.href);
for (const target of await buildTemplates(process.argv.includes('--force'))) {
  process.stdout.write(`prepared the embedded database template: ${target.replace(process.cwd() + '/', '')}\n`);
}
