// Process engine throughput: a six-step permit process (intake → countersign by three
// departments in parallel → decision → delivery; six user tasks; an applicant's withdrawal,
// a message event sub-process, listening throughout) started and driven to
// completion N times on our engine in memory (the dry-run engine), durable on PGlite and on
// PostgreSQL, and — in the same run — on bpmn-engine 25 in memory (source parsed once).
// Writes the "engine" section of docs/benchmarks.md.
//
//   node --expose-gc bin/run-ts.js bench/engine.ts [instances] [memory-instances]
//
// Knobs for a shorter run while iterating: ZAIZAO_BENCH_INSTANCES (default 10,000),
// ZAIZAO_BENCH_MEMORY_INSTANCES (default 100,000), ZAIZAO_BENCH_CLIENTS (PostgreSQL clients,
// default 32), ZAIZAO_BENCH_ENGINES (comma list of memory, pglite, postgres; bpmn-engine always
// runs, it is the measure), ZAIZAO_BENCH_WRITE=0 (print only, leave docs/benchmarks.md alone).
import fs from 'node:fs';
import os from 'node:os';
import { CompiledQuery } from 'kysely';
import { EventEmitter } from 'node:events';
import { BpmnModdle } from 'bpmn-moddle';
import { Engine as BpmnEngine } from 'bpmn-engine';
import type { Store } from '../src/store/database.js';
import { importBpmn } from '../src/engine/bpmn/import.js';
import { MemoryEngine } from '../src/engine/memory.js';
import { EngineStore } from '../src/engine/store.js';
import { PG_URL, percentile, pgliteStore, postgresReachable, postgresStore, WRITE, writeSection } from './report.js';

const N = Number(process.argv[2] ?? process.env.ZAIZAO_BENCH_INSTANCES ?? 10_000);
const MEM_N = Number(process.argv[3] ?? process.env.ZAIZAO_BENCH_MEMORY_INSTANCES ?? 100_000);
const ENGINES = new Set((process.env.ZAIZAO_BENCH_ENGINES ?? 'memory,pglite,postgres').split(',').map((s) => s.trim()));
const FULL = ['memory', 'pglite', 'postgres'].every((e) => ENGINES.has(e));
// Concurrent clients on PostgreSQL (window clerks and department officers working at once),
// each with its own pooled connection: commits that wait for the disk together share one flush.
const CLIENTS = Number(process.env.ZAIZAO_BENCH_CLIENTS ?? 32);
process.env.ZAIZAO_DB_POOL_MAX ??= String(CLIENTS);

export const PERMIT_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zaizao="http://zaizao.dev/schema/bpmn" id="bench" targetNamespace="http://zaizao.dev/bench">
  <process id="permit" isExecutable="true">
    <startEvent id="start"/>
    <userTask id="intake" name="受理" zaizao:candidateRoles="window_clerk"/>
    <parallelGateway id="split"/>
    <userTask id="sign-market" name="市场监管会签" zaizao:candidateDepartments="market"/>
    <userTask id="sign-fire" name="消防会签" zaizao:candidateDepartments="fire"/>
    <userTask id="sign-health" name="卫健会签" zaizao:candidateDepartments="health"/>
    <parallelGateway id="join"/>
    <userTask id="decision" name="决定" zaizao:candidateRoles="leader"/>
    <userTask id="delivery" name="送达" zaizao:candidateRoles="window_clerk"/>
    <endEvent id="end"/>
    <subProcess id="withdrawal" name="撤回" triggeredByEvent="true">
      <startEvent id="withdrawn" name="申请人撤回"><messageEventDefinition messageRef="m-withdraw" zaizao:correlationKey="= applicationNo"/></startEvent>
      <endEvent id="withdrawal-end"/>
      <sequenceFlow id="w1" sourceRef="withdrawn" targetRef="withdrawal-end"/>
    </subProcess>
    <sequenceFlow id="f1" sourceRef="start" targetRef="intake"/>
    <sequenceFlow id="f2" sourceRef="intake" targetRef="split"/>
    <sequenceFlow id="f3" sourceRef="split" targetRef="sign-market"/>
    <sequenceFlow id="f4" sourceRef="split" targetRef="sign-fire"/>
    <sequenceFlow id="f5" sourceRef="split" targetRef="sign-health"/>
    <sequenceFlow id="f6" sourceRef="sign-market" targetRef="join"/>
    <sequenceFlow id="f7" sourceRef="sign-fire" targetRef="join"/>
    <sequenceFlow id="f8" sourceRef="sign-health" targetRef="join"/>
    <sequenceFlow id="f9" sourceRef="join" targetRef="decision"/>
    <sequenceFlow id="f10" sourceRef="decision" targetRef="delivery"/>
    <sequenceFlow id="f11" sourceRef="delivery" targetRef="end"/>
  </process>
  <message id="m-withdraw" name="withdraw"/>
</definitions>`;

interface Result {
  name: string;
  instances: number;
  seconds: number;
  perSecond: number;
  p99ms: number;
  p50ms: number;
}

/** One engine under test: warm up once, then run batches; time and latencies accumulate. */
interface Runner {
  name: string;
  warm(): Promise<void>;
  batch(n: number): Promise<void>;
  ms: number;
  done: number;
  latencies: number[];
  close?(): Promise<void>;
  /** CPU spent while its batches ran (ms): this process's, and the database server's backends' when measured. */
  cpu?: { engine: number; database: number | null };
}

function result(r: Runner): Result {
  const out = { name: r.name, instances: r.done, seconds: r.ms / 1000, perSecond: r.done / (r.ms / 1000), p99ms: percentile(r.latencies, 99), p50ms: percentile(r.latencies, 50) };
  console.log(
    `${r.name}: ${out.instances} instances in ${out.seconds.toFixed(1)} s = ${out.perSecond.toFixed(0)}/s, task completion p50 ${out.p50ms.toFixed(3)} ms, p99 ${out.p99ms.toFixed(3)} ms`,
  );
  return out;
}

async function timed(r: Runner, n: number, fn: () => Promise<void>): Promise<void> {
  const t0 = performance.now();
  await fn();
  r.ms += performance.now() - t0;
  r.done += n;
}

async function bpmnEngineRunner(): Promise<Runner> {
  const moddleContext = await new BpmnModdle().fromXML(PERMIT_BPMN);
  const latencies: number[] = [];
  let seq = 0;
  const runOne = () =>
    new Promise<void>((resolve, reject) => {
      const engine = new BpmnEngine({ name: 'permit', moddleContext: moddleContext as never });
      const listener = new EventEmitter();
      const waiting: Array<{ signal: () => void }> = [];
      listener.on('activity.wait', (api: { signal: () => void }) => waiting.push(api));
      engine.once('end', () => resolve());
      engine.once('error', reject);
      engine
        .execute({ listener, variables: { applicationNo: `A-${++seq}` } })
        .then(() => {
          while (waiting.length) {
            const api = waiting.shift()!;
            const t = performance.now();
            api.signal();
            latencies.push(performance.now() - t);
          }
        })
        .catch(reject);
    });
  const r: Runner = {
    name: 'bpmn-engine 25, in memory',
    ms: 0,
    done: 0,
    latencies,
    async warm() {
      for (let i = 0; i < 50; i++) await runOne();
      latencies.length = 0;
    },
    async batch(n) {
      await timed(r, n, async () => {
        for (let i = 0; i < n; i++) await runOne();
      });
    },
  };
  return r;
}

async function memoryRunner(name = 'Zaizao engine, in memory (dry-run engine)'): Promise<Runner & { engine: MemoryEngine; runOne: () => void }> {
  const { models } = await importBpmn(PERMIT_BPMN);
  const engine = new MemoryEngine({ now: new Date('2025-09-30T02:00:00Z'), retainCompleted: false, keepHistory: false, onHistory: () => {} });
  engine.deploy(models!);
  const latencies: number[] = [];
  let seq = 0;
  const runOne = () => {
    engine.start('permit', { variables: { applicationNo: `A-${++seq}` } });
    while (engine.tasks.size) {
      const [task] = engine.tasks.values();
      const t = performance.now();
      engine.completeTask(task.id, { actor: { username: 'u' } });
      latencies.push(performance.now() - t);
    }
  };
  const r = {
    name,
    ms: 0,
    done: 0,
    latencies,
    engine,
    runOne,
    async warm() {
      for (let i = 0; i < 200; i++) runOne();
      latencies.length = 0;
    },
    async batch(n: number) {
      await timed(r, n, async () => {
        for (let i = 0; i < n; i++) runOne();
      });
      if (engine.instances.size !== 0) throw new Error('finished instances were kept');
    },
  };
  return r;
}

/** The server processes of the pool's connections (all of them opened at once), to read their CPU time from /proc. */
async function backendPids(store: Store, clients: number): Promise<number[] | null> {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const rows = await Promise.all(Array.from({ length: clients }, () => store.db.executeQuery<{ pid: number }>(CompiledQuery.raw('select pg_backend_pid() as pid, pg_sleep(0.2)'))));
  const pids = [...new Set(rows.map((r) => Number(r.rows[0].pid)))];
  // A server on another machine: its processes are not ours to read.
  return pids.every((p) => fs.existsSync(`/proc/${p}/stat`)) ? pids : null;
}

/** CPU time (user + system, ms) of these processes so far. */
function backendCpuMs(pids: number[]): number {
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let ms = 0;
  for (const pid of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ms += (Number(fields[11]) + Number(fields[12])) * tick;
    } catch {
      // a backend that ended: its time is lost, the figure a lower bound
    }
  }
  return ms;
}

async function durableRunner(name: string, store: Store, clients: number, close: () => Promise<void>): Promise<Runner> {
  const engine = new EngineStore(store.db, { audit: false });
  await engine.deploy(PERMIT_BPMN, { regionCode: '370883' });
  const backends = store.kind === 'postgres' ? await backendPids(store, clients) : null;
  const latencies: number[] = [];
  let seq = 0;
  const runOne = async () => {
    // Each command returns the tasks it created: the client needs no worklist query.
    const { tasksCreated: open } = await engine.startWithTasks('permit', { regionCode: '370883', variables: { applicationNo: `A-${++seq}` } });
    while (open.length) {
      const task = open.shift()!;
      const t = performance.now();
      const { tasksCreated } = await engine.completeTask(task.id, { actor: { userId: 1, username: 'u', role: 'department_officer' } });
      latencies.push(performance.now() - t);
      open.push(...tasksCreated);
    }
  };
  const r: Runner = {
    name,
    ms: 0,
    done: 0,
    latencies,
    async warm() {
      for (let i = 0; i < 20; i++) await runOne();
      latencies.length = 0;
    },
    async batch(n) {
      let next = 0;
      const c0 = process.cpuUsage();
      const b0 = backends ? backendCpuMs(backends) : 0;
      await timed(r, n, () =>
        Promise.all(
          Array.from({ length: clients }, async () => {
            while (next < n) {
              next++;
              await runOne();
            }
          }),
        ).then(() => undefined),
      );
      const c = process.cpuUsage(c0);
      r.cpu ??= { engine: 0, database: backends ? 0 : null };
      r.cpu.engine += (c.user + c.system) / 1000;
      if (backends && r.cpu.database !== null) r.cpu.database += backendCpuMs(backends) - b0;
    },
    async close() {
      const left = await store.db
        .selectFrom('engine_instances')
        .select(({ fn }) => fn.countAll<number>().as('n'))
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow();
      if (Number(left.n) !== 0) throw new Error(`${left.n} instances did not complete`);
      await close();
    },
  };
  return r;
}

// The engines run interleaved, a tenth of the instances each in turn, so that a change in
// the machine's load (it is shared) falls on all of them alike.
const load0 = os.loadavg()[0];
const bpmnEngine = await bpmnEngineRunner();
const memory = await memoryRunner();
let onPglite: Runner | null = null;
if (ENGINES.has('pglite')) {
  const pglite = await pgliteStore();
  onPglite = await durableRunner('Zaizao engine, durable on PGlite', pglite, 1, () => pglite.close());
}
let onPostgres: Runner | null = null;
if (!ENGINES.has('postgres')) {
  /* not asked for */
} else if (await postgresReachable()) {
  const { store: pgStore, drop } = await postgresStore('bench');
  onPostgres = await durableRunner(`Zaizao engine, durable on PostgreSQL (${CLIENTS} clients)`, pgStore, CLIENTS, async () => {
    await pgStore.close();
    await drop();
  });
} else console.log(`PostgreSQL at ${PG_URL} not reachable: skipped`);
const runners = [bpmnEngine, ...(ENGINES.has('memory') ? [memory] : []), ...(onPglite ? [onPglite] : []), ...(onPostgres ? [onPostgres] : [])];
for (const r of runners) await r.warm();
const ROUNDS = 10;
for (let round = 0; round < ROUNDS; round++) {
  const n = Math.floor(N / ROUNDS) + (round < N % ROUNDS ? 1 : 0);
  for (const r of runners) await r.batch(n);
  console.log(
    `round ${round + 1}/${ROUNDS}: ${runners.map((r) => `${r.name.split(',')[0]}${r.name.includes('PGlite') ? ' PGlite' : r.name.includes('PostgreSQL') ? ' PostgreSQL' : ''} ${(r.done / (r.ms / 1000)).toFixed(0)}/s`).join(', ')}`,
  );
}
for (const r of runners) await r.close?.();
const results = new Map(runners.map((r) => [r, result(r)]));
const load1 = os.loadavg()[0];

/**
 * Where the durable engine's time goes on PostgreSQL: CPU per instance in this process and in
 * the server's backends, against what ten times bpmn-engine's rate would leave on this
 * machine's cores (the server runs on the same machine).
 */
function cpuBreakdown(): string {
  const pg = onPostgres?.cpu;
  if (!onPostgres || !pg || pg.database === null) return '';
  const perInstance = (ms: number) => ms / onPostgres!.done;
  const engineMs = perInstance(pg.engine);
  const dbMs = perInstance(pg.database);
  const cores = os.cpus().length;
  const base = results.get(bpmnEngine)!.perSecond;
  const budget = (cores * 1000) / (10 * base);
  return (
    `Where the time goes, durable on PostgreSQL: CPU per instance (seven commands, each its own transaction) ${(engineMs + dbMs).toFixed(2)} ms — ` +
    `${engineMs.toFixed(2)} ms in the engine's process (the interpreter, JSON, the driver) and ${dbMs.toFixed(2)} ms in PostgreSQL's backends (engine_apply: ` +
    `the instance row, tokens, tasks, the subscription and about five history rows per command, with their indexes and WAL). With both on this ` +
    `machine's ${cores} cores that bounds the rate at ${((cores * 1000) / (engineMs + dbMs)).toFixed(0)} instances/s; ten times bpmn-engine ` +
    `(${(10 * base).toFixed(0)}/s) would need at most ${budget.toFixed(2)} ms per instance in all.`
  );
}
if (!FULL || !WRITE) {
  const base = results.get(bpmnEngine)!;
  for (const [r, x] of results) if (r !== bpmnEngine) console.log(`${r.name}: ${(x.perSecond / base.perSecond).toFixed(2)}× bpmn-engine`);
  console.log(cpuBreakdown());
  console.log(`load average ${load0.toFixed(1)} → ${load1.toFixed(1)}; docs/benchmarks.md left alone`);
  process.exit(0);
}

// Memory over many instances, in memory: heap after GC every tenth.
const mem = await memoryRunner('memory run');
const gc = (globalThis as { gc?: () => void }).gc;
const heap: Array<[number, number]> = [];
for (let i = 1; i <= MEM_N; i++) {
  mem.runOne();
  if (i % (MEM_N / 10) === 0) {
    gc?.();
    heap.push([i, process.memoryUsage().heapUsed]);
  }
}
if (mem.engine.instances.size !== 0) throw new Error('finished instances were kept');
const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

const base = results.get(bpmnEngine)!;
const ratio = (r: Result) => `${(r.perSecond / base.perSecond).toFixed(1)}×`;
const goal = (r: Runner) => {
  const x = results.get(r)!.perSecond / base.perSecond;
  if (r === memory) return `≥ 50× ${x >= 50 ? '✓' : '✗'}`;
  if (r === onPostgres) return `≥ 5× ${x >= 5 ? '✓' : '✗'}`;
  return '';
};
const order = [memory, ...(onPglite ? [onPglite] : []), ...(onPostgres ? [onPostgres] : []), bpmnEngine];
writeSection(
  'engine',
  `## Process engine (issue 6)

\`bench/engine.ts\`: the six-step permit process (intake → countersign by three departments in parallel → decision → delivery; six user tasks; an interrupting event sub-process waits throughout for the applicant's withdrawal message, correlated by application number, so every start subscribes and every end withdraws the subscription) started and driven to completion ${N.toLocaleString('en')} times on each engine, in one run, the engines interleaved (a tenth each in turn) so that the shared machine's changing load falls on all alike. bpmn-engine 25 runs the same BPMN in memory with the source parsed once and reused; a completion is its \`signal()\`. The durable engine commits every command (start, each completion) in its own transaction, with history, tokens and tasks (synchronous commit, logged tables); it runs without the audit trail (\`{ audit: false }\`: a start or completion is one statement; with the audit trail, as over the HTTP API, each is a transaction that also appends its audit row under the trail's lock); PostgreSQL is driven by ${CLIENTS} concurrent clients, PGlite (one connection) by one. Latency is one task completion as the caller sees it.

| engine | instances/s | ratio to bpmn-engine | task completion p50 | p99 | goal |
|---|---|---|---|---|---|
${order
  .map((r) => {
    const x = results.get(r)!;
    return `| ${x.name} | ${x.perSecond.toFixed(0)} | ${ratio(x)} | ${x.p50ms.toFixed(3)} ms | ${x.p99ms.toFixed(3)} ms | ${goal(r)} |`;
  })
  .join('\n')}

Memory of the in-memory engine over ${MEM_N.toLocaleString('en')} instances (heap after GC, finished instances released): ${heap.map(([i, b]) => `${(i / 1000).toFixed(0)}k ${mib(b)}`).join(', ')}.

${cpuBreakdown()}

Load average (1 min) of the machine, shared with other work: ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end of the timed rounds.`,
);
