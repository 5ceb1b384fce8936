// BPMN validation: every MIWG reference model (../shared/data/bpmn/miwg) validated as
// `zaizao bpmn validate` does — parse, schema and reference rules, the engine's checks — and
// written back whole as `zaizao bpmn export` does. Goal: validation ≤ 200 ms per model.
// Writes the "bpmn-validation" section of docs/benchmarks.md.
//
//   node bin/run-ts.js bench/bpmn-validate.ts      (ZAIZAO_BENCH_WRITE=0: print only)
import fs from 'node:fs';
import path from 'node:path';
import { importBpmn, validationExitCode } from '../src/engine/bpmn/import.js';
import { exportDocument } from '../src/engine/bpmn/export.js';
import { median, ROOT, WRITE, writeSection } from './report.js';

const DIR = path.resolve(ROOT, '..', 'shared', 'data', 'bpmn', 'miwg');
const RUNS = 20;
const GOAL_MS = 200;

if (!fs.existsSync(DIR)) {
  console.log(`no MIWG models at ${DIR}; nothing measured`);
  process.exit(0);
}
const rows: string[] = [];
let worst = 0;
for (const file of fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith('.bpmn'))
  .sort()) {
  const xml = fs.readFileSync(path.join(DIR, file), 'utf8');
  const validate: number[] = [];
  const exported: number[] = [];
  let code = -1;
  let first = 0;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const { validation } = await importBpmn(xml);
    const t1 = performance.now();
    await exportDocument(xml);
    const t2 = performance.now();
    if (i === 0) first = t1 - t0;
    code = validationExitCode(validation);
    validate.push(t1 - t0);
    exported.push(t2 - t1);
  }
  worst = Math.max(worst, first, median(validate));
  const kb = (Buffer.byteLength(xml) / 1024).toFixed(0);
  rows.push(`| ${file} | ${kb} KiB | ${code} | ${first.toFixed(1)} ms | ${median(validate).toFixed(1)} ms | ${median(exported).toFixed(1)} ms |`);
  console.log(rows[rows.length - 1]);
}
const md = `## BPMN validation (issue 20)

\`bench/bpmn-validate.ts\`: every BPMN MIWG reference model validated as \`zaizao bpmn validate\` does it (parse with bpmn-moddle, schema and reference rules, the engine's checks, the model built), ${RUNS} times in one process; "first" is the first validation of that file in the run, the median is over all ${RUNS}. Export is \`zaizao bpmn export\` (the document written back whole), which validates first. Exit: 0 executable, 3 valid but not executable here (never 1).

| model | size | exit | validation, first | validation, median | export, median |
|---|---|---|---|---|---|
${rows.join('\n')}

Slowest validation: ${worst.toFixed(1)} ms (goal ≤ ${GOAL_MS} ms each ${worst <= GOAL_MS ? '✓' : '✗'}).`;
if (WRITE) writeSection('bpmn-validation', md);
else console.log(md);
