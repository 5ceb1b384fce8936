// Process mining (issue 7): import bpic2012.xes.gz (262,200 events) and compute variants and
// the directly-follows graph, ours side by side with pm4js, plus the floor: gunzip and one
// pass over the bytes. Every measurement runs in its own child process, so peaks never mix;
// the parent collects the figures and writes its section of docs/benchmarks.md.
//   node bin/run-ts.js bench/mining.ts            all measurements, then the report
//   node bin/run-ts.js bench/mining.ts --child=X  one measurement (floor | ours | pm4js | baseline)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fmtMs, median, ROOT, writeSection } from './report.js';

const LOG = path.join(ROOT, '..', 'shared', 'data', 'eventlogs', 'bpic2012.xes.gz');

interface Measurement {
  mode: string;
  ms: number;
  importMs?: number;
  maxRssMiB: number;
  cases?: number;
  events?: number;
  variants?: number;
  edges?: number;
  edgeCountSum?: number;
  /** Whether the import used the WebAssembly loop. */
  wasm?: boolean;
}

const rssMiB = () => process.resourceUsage().maxRSS / 1024;

async function child(mode: string): Promise<Measurement> {
  if (mode === 'baseline') return { mode, ms: 0, maxRssMiB: rssMiB() };
  if (mode === 'floor') {
    const t0 = performance.now();
    let lt = 0;
    const stream = fs.createReadStream(LOG, { highWaterMark: 1 << 20 }).pipe(zlib.createGunzip({ chunkSize: 1 << 20, readableHighWaterMark: 1 << 23 } as zlib.ZlibOptions));
    for await (const chunk of stream as AsyncIterable<Buffer>) for (let i = 0; i < chunk.length; i++) if (chunk[i] === 60) lt++;
    const ms = performance.now() - t0;
    if (lt === 0) throw new Error('empty log');
    return { mode, ms, maxRssMiB: rssMiB() };
  }
  if (mode === 'ours') {
    const { importXesFile } = await import('../src/mining/import/xes.js');
    const { variants } = await import('../src/mining/variants.js');
    const { discoverDfg } = await import('../src/mining/discover/dfg.js');
    const { xesWasmAvailable } = await import('../src/mining/import/xes-events-wasm.js');
    const wasm = xesWasmAvailable();
    const t0 = performance.now();
    const log = await importXesFile(LOG);
    const importMs = performance.now() - t0;
    const v = variants(log);
    const dfg = discoverDfg(log);
    const ms = performance.now() - t0;
    return {
      mode,
      ms,
      importMs,
      maxRssMiB: rssMiB(),
      cases: log.caseIds.length,
      events: log.activity.length,
      variants: v.length,
      edges: dfg.edges.length,
      edgeCountSum: dfg.edges.reduce((s, e) => s + e.count, 0),
      wasm,
    };
  }
  if (mode === 'pm4js') {
    const { loadPm4js } = await import('../src/mining/pm4js-peer.js');
    const pm = loadPm4js();
    const t0 = performance.now();
    const text = zlib.gunzipSync(fs.readFileSync(LOG)).toString('utf8');
    const log = pm.XesImporter.apply(text);
    const importMs = performance.now() - t0;
    const v = pm.GeneralLogStatistics.getVariants(log, 'concept:name') as Record<string, number>;
    const dfg = pm.FrequencyDfgDiscovery.apply(log, 'concept:name') as { pathsFrequency: Record<string, number> };
    const ms = performance.now() - t0;
    const counts = Object.values(dfg.pathsFrequency);
    let events = 0;
    for (const t of log.traces as Array<{ events: unknown[] }>) events += t.events.length;
    return {
      mode,
      ms,
      importMs,
      maxRssMiB: rssMiB(),
      cases: log.traces.length,
      events,
      variants: Object.keys(v).length,
      edges: counts.length,
      edgeCountSum: counts.reduce((s, c) => s + c, 0),
    };
  }
  throw new Error(`unknown mode ${mode}`);
}

function run(mode: string): Measurement {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', path.join(ROOT, 'bin', 'run-ts.js'), path.join('bench', 'mining.ts'), `--child=${mode}`], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measurement;
}

async function main(): Promise<void> {
  const arg = process.argv.find((a) => a.startsWith('--child='));
  if (arg) {
    process.stdout.write(`${JSON.stringify(await child(arg.slice('--child='.length)))}\n`);
    return;
  }
  if (!fs.existsSync(LOG)) {
    console.log(`skipped: ${path.relative(ROOT, LOG)} is not there`);
    return;
  }
  const repeat = (mode: string, n: number) => Array.from({ length: n }, () => run(mode));
  const loadBefore = os.loadavg()[0];
  const baseline = run('baseline');
  const floor = repeat('floor', 5);
  const ours = repeat('ours', 5);
  const pm4js = repeat('pm4js', 2);
  const same = ours[0].variants === pm4js[0].variants && ours[0].edges === pm4js[0].edges && ours[0].edgeCountSum === pm4js[0].edgeCountSum && ours[0].events === pm4js[0].events;
  const floorMs = median(floor.map((m) => m.ms));
  const oursMs = median(ours.map((m) => m.ms));
  const oursImport = median(ours.map((m) => m.importMs!));
  const pmMs = median(pm4js.map((m) => m.ms));
  const pmImport = median(pm4js.map((m) => m.importMs!));
  const oursRss = Math.max(...ours.map((m) => m.maxRssMiB));
  const pmRss = Math.max(...pm4js.map((m) => m.maxRssMiB));
  const ratio = oursMs / floorMs;
  const rows = [
    ['gunzip + one pass over the bytes (floor; median of 5)', fmtMs(floorMs), `${Math.max(...floor.map((m) => m.maxRssMiB)).toFixed(0)} MiB`, ''],
    [
      '**ours**: import + variants + DFG with performance (median of 5)',
      fmtMs(oursMs),
      `${oursRss.toFixed(0)} MiB`,
      `≤ 2× floor ${ratio <= 2 ? '✓' : '✗'} (${ratio.toFixed(1)}×); ≤ 300 MB ${oursRss * 1.048576 <= 300 ? '✓' : '✗'}`,
    ],
    [
      `of which the streaming XES import (${ours[0].wasm ? 'plain traces and events read in WebAssembly' : 'JavaScript only: the WebAssembly module is not built'})`,
      fmtMs(oursImport),
      '',
      '',
    ],
    ['pm4js 0.0.28: import + variants + DFG (median of 2)', fmtMs(pmMs), `${pmRss.toFixed(0)} MiB`, ''],
    ['of which pm4js import (DOM)', fmtMs(pmImport), '', ''],
    ['speed-up over pm4js', `${(pmMs / oursMs).toFixed(1)}×`, '', '> 15× ' + (pmMs / oursMs > 15 ? '✓' : '✗')],
    ['the runtime alone (a child that does nothing)', '', `${baseline.maxRssMiB.toFixed(0)} MiB`, ''],
  ];
  const md = `## Process mining (issue 7)

\`bench/mining.ts\`: import \`bpic2012.xes.gz\` (${ours[0].cases?.toLocaleString('en-US')} cases, ${ours[0].events?.toLocaleString('en-US')} events, 74 MB of XML) and compute the variants and the directly-follows graph. Each measurement runs in its own child process (TypeScript loader included); time is measured inside the child from opening the file to the last result, memory is the child's peak resident set.

| measure | time | peak memory | goal |
|---|---|---|---|
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}

Load average (1 min) on the machine, shared with other work: ${loadBefore.toFixed(1)} before the runs, ${os.loadavg()[0].toFixed(1)} after.

Same results: ${ours[0].variants?.toLocaleString('en-US')} variants and ${ours[0].edges} edges (${ours[0].edgeCountSum?.toLocaleString('en-US')} directly-follows pairs) in both — ${same ? 'identical ✓' : 'DIFFERENT ✗'}.`;
  console.log(md);
  writeSection('mining', md);
}

await main();
