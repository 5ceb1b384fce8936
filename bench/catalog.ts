// Catalogue files at county scale, on the embedded database (PGlite, in memory). Goals
// (issue 3): import of the generated 1,500-matter xlsx ≤ 10 s, of a 10,000-matter JSON
// ≤ 30 s, export of 10,000 matters ≤ 10 s. An import is timed from the file's bytes to the
// committed transaction: parse, check every cell and reference, write matters, versions
// and the audit row.
import os from 'node:os';
import { SYSTEM_ACTOR } from '../src/org/model.js';
import { seedDemoOrganisation } from '../src/org/seed.js';
import type { Store } from '../src/store/database.js';
import { generateCatalogue } from '../src/catalogue/generate.js';
import { writeCatalogue, type FileFormat } from '../src/catalogue/files/index.js';
import { importCatalogueFile, loadCatalogue } from '../src/catalogue/store.js';
import { fmtMs, pgliteStore, timed, writeSection } from './report.js';

async function freshStore(): Promise<Store> {
  const store = await pgliteStore();
  await seedDemoOrganisation(store.db, 'bench-password-1');
  return store;
}

async function timedImport(matters: number, format: FileFormat): Promise<{ ms: number; cpuMs: number; bytes: number }> {
  const data = await writeCatalogue(generateCatalogue({ matters, seed: 1 }), format);
  const store = await freshStore();
  try {
    const { value: r, ms, cpuMs } = await timed(() => importCatalogueFile(store.db, SYSTEM_ACTOR, data, `catalogue.${format}`, { createDepartments: true }));
    if (!r.result || r.result.created !== matters) throw new Error(`import of ${matters} ${format} failed: ${JSON.stringify(r.problems.slice(0, 3))}`);
    return { ms, cpuMs, bytes: data.length };
  } finally {
    await store.close();
  }
}

const loadAtStart = os.loadavg()[0];
const rows: string[] = [];
const check = (ms: number, goal: number) => `≤ ${goal / 1000} s ${ms <= goal ? '✓' : '✗'}`;
const both = (x: { ms: number; cpuMs: number }) => `${fmtMs(x.ms)} | ${fmtMs(x.cpuMs)}`;
const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MiB`;

const xlsx1500 = await timedImport(1_500, 'xlsx');
console.log(`import 1,500 xlsx: ${both(xlsx1500)}`);
rows.push(`| import of the generated 1,500-matter xlsx (${mb(xlsx1500.bytes)}) | ${both(xlsx1500)} | ${check(xlsx1500.ms, 10_000)} |`);

const json10k = await timedImport(10_000, 'json');
console.log(`import 10,000 json: ${both(json10k)}`);
rows.push(`| import of a 10,000-matter JSON (${mb(json10k.bytes)}) | ${both(json10k)} | ${check(json10k.ms, 30_000)} |`);

// Export: 10,000 matters from the database to each format.
{
  const store = await freshStore();
  try {
    const data = await writeCatalogue(generateCatalogue({ matters: 10_000, seed: 1 }), 'json');
    await importCatalogueFile(store.db, SYSTEM_ACTOR, data, 'catalogue.json', { createDepartments: true });
    for (const format of ['json', 'xlsx', 'csv'] as const) {
      const x = await timed(async () => {
        const cat = await loadCatalogue(store.db, SYSTEM_ACTOR);
        if (cat.matters.length !== 10_000) throw new Error(`export gave ${cat.matters.length} matters`);
        return writeCatalogue(cat, format);
      });
      console.log(`export 10,000 ${format}: ${both(x)}`);
      rows.push(`| export of 10,000 matters to ${format} (${mb(x.value.length)}, loading from the database included) | ${both(x)} | ${check(x.ms, 10_000)} |`);
    }
  } finally {
    await store.close();
  }
}

const rss = process.memoryUsage().rss;
writeSection(
  'catalog',
  `## Catalogue files (issue 3: matter catalogue and ledger)

\`bench/catalog.ts\`: \`generateCatalogue({ matters, seed: 1 })\` written to a file, imported into a fresh embedded database (PGlite, in memory, demo organisation loaded) with \`importCatalogueFile\` — parse, check every cell and reference, write matters, versions and the audit row in one transaction — and exported back with \`loadCatalogue\` + \`writeCatalogue\`. Single runs.

| measure | wall clock | CPU time of the process | goal (wall clock) |
|---|---|---|---|
${rows.join('\n')}
| resident memory of the process at the end | ${mb(rss)} | | |

The machine is shared: its 1-minute load average was ${loadAtStart.toFixed(1)} at the start and ${os.loadavg()[0].toFixed(1)} at the end, on ${os.cpus().length} cores, so wall-clock times include waiting for a core; the CPU time (user + system of the one process, the embedded database included) is what the work itself took.`,
);
