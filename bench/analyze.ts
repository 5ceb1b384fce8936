// Analyzer at county scale: the generated 10,000-matter catalogue analysed (every rule,
// fixes applied until nothing changes, figures as-is and to-be) after loading. Goals
// (issue 4): ≤ 1 s for 10,000 matters, time(10,000) / time(1,000) ≤ 12, memory ≤ 500 MB.
import { generateCatalogue } from '../src/catalogue/generate.js';
import { analyze, runRules } from '../src/analyzer/runner.js';
import os from 'node:os';
import { fmtMs, median, writeSection } from './report.js';

const gc = (globalThis as { gc?: () => void }).gc;

function measure(n: number, runs: number) {
  const catalogue = generateCatalogue({ matters: n, seed: 1 });
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  analyze(catalogue); // warm-up
  const total: number[] = [];
  const cpu: number[] = [];
  const rulesOnly: number[] = [];
  let findings = 0;
  let heapPeak = 0;
  for (let i = 0; i < runs; i++) {
    gc?.();
    const c0 = process.cpuUsage();
    let t = performance.now();
    const result = analyze(catalogue);
    total.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed - heapBefore);
    findings = result.findings.length;
    t = performance.now();
    runRules(catalogue);
    rulesOnly.push(performance.now() - t);
  }
  return { n, total: median(total), best: Math.min(...total), cpu: median(cpu), cpuBest: Math.min(...cpu), rules: median(rulesOnly), findings, heapMb: heapPeak / 2 ** 20 };
}

const loadBefore = os.loadavg()[0];
const small = measure(1_000, 7);
const large = measure(10_000, 5);
const rssMb = (process.resourceUsage().maxRSS * 1024) / 2 ** 20;
const loadAfter = os.loadavg()[0];
const ratio = large.total / small.total;

const ok = (good: boolean) => (good ? '✓' : '✗');
const cpuRatio = large.cpu / small.cpu;
const rows = [
  `| wall-clock time, median (1,000: 7 runs; 10,000: 5 runs) | ${fmtMs(small.total)} | ${fmtMs(large.total)} | ≤ 1 s ${ok(large.total <= 1000)} |`,
  `| wall-clock time, best run | ${fmtMs(small.best)} | ${fmtMs(large.best)} | |`,
  `| CPU time of the process, median (all threads, GC included) | ${fmtMs(small.cpu)} | ${fmtMs(large.cpu)} | |`,
  `| CPU time, best run | ${fmtMs(small.cpuBest)} | ${fmtMs(large.cpuBest)} | |`,
  `| first pass of the rules alone, median wall-clock | ${fmtMs(small.rules)} | ${fmtMs(large.rules)} | |`,
  `| time(10,000) / time(1,000): wall-clock median; CPU median | | ${ratio.toFixed(1)}; ${cpuRatio.toFixed(1)} | ≤ 12 ${ok(ratio <= 12 && cpuRatio <= 12)} |`,
  `| findings | ${small.findings.toLocaleString('en')} | ${large.findings.toLocaleString('en')} | |`,
  `| heap held by the analysis | ${small.heapMb.toFixed(0)} MiB | ${large.heapMb.toFixed(0)} MiB | |`,
  `| resident memory of the whole process (max, catalogue included) | | ${rssMb.toFixed(0)} MiB | ≤ 500 MB ${ok(rssMb * 1.048576 <= 500)} |`,
];
const markdown = [
  '## Analyzer (issue 4: reengineering analyzer)',
  '',
  '`bench/analyze.ts`: `generateCatalogue({ matters, seed: 1 })`, then `analyze(catalogue)` — every rule, every fix applied until nothing changes, figures as-is and to-be — timed after loading and a warm-up run.',
  '',
  `Load average of the machine (1 min) before / after the run: ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)} on ${os.cpus().length} cores — other work shares them, and wall-clock times grow with it.`,
  '',
  '| measure | 1,000 matters | 10,000 matters | goal |',
  '|---|---|---|---|',
  ...rows,
].join('\n');
console.log(markdown);
writeSection('analyze', markdown);
if (large.total > 1000 || ratio > 12 || rssMb * 1.048576 > 500) process.exitCode = 1;
