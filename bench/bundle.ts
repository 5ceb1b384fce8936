// One-thing bundles: creating a draft of 30 matters taken from the generated county
// catalogue (every step: the analyzer's fixes, form, materials, letter, process with its
// diagram, figures), and printing the application form and the commitment letter as PDF.
// Goals (issue 5): a bundle of 30 matters ≤ 200 ms; PDF of form and letter ≤ 1 s.
import { generateCatalogue } from '../src/catalogue/generate.js';
import { demoCatalogue, DEMO_SETS } from '../src/catalogue/demo/index.js';
import type { Catalogue } from '../src/catalogue/model.js';
import { createBundleDraft } from '../src/bundle/merge.js';
import { BundleError, type BundleDraft } from '../src/bundle/model.js';
import { preparePrinting, renderFormPdf, renderLetterPdf } from '../src/bundle/print.js';
import os from 'node:os';
import { fmtMs, median, writeSection } from './report.js';

/** 30 matters of the generated catalogue that can be bundled (a matter that closes a lawful prerequisite cycle is left out). */
function pickThirty(catalogue: Catalogue): string[] {
  const chosen: string[] = [];
  for (const m of catalogue.matters) {
    if (chosen.length === 30) break;
    const trial = [...chosen, m.code];
    if (trial.length < 2) {
      chosen.push(m.code);
      continue;
    }
    try {
      createBundleDraft(catalogue, { name: 'probe', matterCodes: trial });
      chosen.push(m.code);
    } catch (err) {
      if (!(err instanceof BundleError)) throw err;
    }
  }
  return chosen;
}

const catalogue = generateCatalogue({ matters: 1_500, seed: 1 });
const codes = pickThirty(catalogue);
const departments = new Set(codes.map((c) => catalogue.matters.find((m) => m.code === c)!.departmentCode)).size;

let t = performance.now();
let draft: BundleDraft = createBundleDraft(catalogue, { name: '三十个事项一件事', matterCodes: codes });
const cold = performance.now() - t;
const runs: number[] = [];
for (let i = 0; i < 21; i++) {
  t = performance.now();
  draft = createBundleDraft(catalogue, { name: '三十个事项一件事', matterCodes: codes });
  runs.push(performance.now() - t);
}
const create30 = median(runs);

const construction = createBundleDraft(demoCatalogue(), { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction });

async function pdfPair(d: BundleDraft): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const [form, letter] = [await renderFormPdf(d), await renderLetterPdf(d)];
  return { ms: performance.now() - start, bytes: form.length + letter.length };
}
const prepare = await preparePrinting(); // what a server does once at start
const pdfCold = await pdfPair(construction);
const pdfRuns: number[] = [];
for (let i = 0; i < 9; i++) pdfRuns.push((await pdfPair(construction)).ms);
const pdfWarm = median(pdfRuns);
const pdf30Runs: number[] = [];
let pdf30Bytes = 0;
for (let i = 0; i < 5; i++) {
  const r = await pdfPair(draft);
  pdf30Runs.push(r.ms);
  pdf30Bytes = r.bytes;
}
const pdf30 = median(pdf30Runs);

const ok = (good: boolean) => (good ? '✓' : '✗');
const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const md = `## One-thing bundles (bench/bundle.ts)

| figure | measured | goal |
|---|---|---|
| create a bundle of 30 generated matters (${departments} departments, ${draft.form.fields.length} form fields, ${draft.materials.length} materials, ${draft.process.branches.reduce((n, b) => n + b.steps.length, 0)} branch steps; median of 21) | ${fmtMs(create30)} | ≤ 200 ms ${ok(create30 <= 200)} |
| the same, first call in the process | ${fmtMs(cold)} | |
| parsing the print font and printing one small document, once per process (the server does it in the background at start) | ${fmtMs(prepare)} | |
| PDF of form and letter, construction bundle, first documents after that | ${fmtMs(pdfCold.ms)} (${kb(pdfCold.bytes)}) | ≤ 1 s ${ok(pdfCold.ms <= 1000)} |
| PDF of form and letter, construction bundle (median of 9) | ${fmtMs(pdfWarm)} | ≤ 1 s ${ok(pdfWarm <= 1000)} |
| PDF of form and letter, 30-matter bundle (median of 5) | ${fmtMs(pdf30)} (${kb(pdf30Bytes)}) | ≤ 1 s ${ok(pdf30 <= 1000)} |

Load average while measuring: ${os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(' / ')} (1 / 5 / 15 min) on ${os.cpus().length} cores.

The 30 matters are the first of the generated 1,500-matter catalogue (seed 1) that can be
bundled together; a matter that would close a prerequisite cycle every link of which has a
legal basis is left out, as the bundle refuses such cycles.`;

writeSection('bundle', md);
console.log(md);
if (create30 > 200 || pdfWarm > 1000) process.exitCode = 1;
