// BPMN events and what they cost: the six-step permit of bench/engine.ts without any event
// sub-process, with the applicant's withdrawal (an interrupting message event sub-process,
// listening throughout), and with the withdrawal plus a policy-change signal event
// sub-process and a conditional boundary event. Goal: with the withdrawal present the engine
// is not slower than without. Variants run interleaved (a tenth each in turn) so that the
// shared machine's changing load falls on all alike. Writes the "bpmn-events" section of
// docs/benchmarks.md.
//
//   node bin/run-ts.js bench/bpmn-events.ts [memory-instances] [durable-instances]
//   (ZAIZAO_BENCH_WRITE=0: print only; ZAIZAO_BENCH_ENGINES=memory,pglite,postgres)
import os from 'node:os';
import type { Store } from '../src/store/database.js';
import { importBpmn } from '../src/engine/bpmn/import.js';
import { MemoryEngine } from '../src/engine/memory.js';
import { EngineStore } from '../src/engine/store.js';
import { pgliteStore, postgresReachable, postgresStore, WRITE, writeSection } from './report.js';

const MEM_N = Number(process.argv[2] ?? 20_000);
const DUR_N = Number(process.argv[3] ?? 400);
const ENGINES = new Set((process.env.ZAIZAO_BENCH_ENGINES ?? 'memory,pglite,postgres').split(',').map((s) => s.trim()));
const CLIENTS = 8;
process.env.ZAIZAO_DB_POOL_MAX ??= String(CLIENTS);
const ROUNDS = 10;

const WITHDRAWAL = `<subProcess id="withdrawal" name="撤回" triggeredByEvent="true">
      <startEvent id="withdrawn"><messageEventDefinition messageRef="m-withdraw" zaizao:correlationKey="= applicationNo"/></startEvent>
      <endEvent id="withdrawal-end"/><sequenceFlow id="w1" sourceRef="withdrawn" targetRef="withdrawal-end"/>
    </subProcess>`;
const MORE = `<subProcess id="policy" triggeredByEvent="true">
      <startEvent id="policy-changed" isInterrupting="false"><signalEventDefinition signalRef="s-policy"/></startEvent>
      <endEvent id="policy-end"/><sequenceFlow id="p1" sourceRef="policy-changed" targetRef="policy-end"/>
    </subProcess>
    <boundaryEvent id="urgent" attachedToRef="decision" cancelActivity="false"><conditionalEventDefinition><condition>= urgent = true</condition></conditionalEventDefinition></boundaryEvent>
    <endEvent id="urgent-end"/><sequenceFlow id="u1" sourceRef="urgent" targetRef="urgent-end"/>`;

function permit(extra: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zaizao="http://zaizao.dev/schema/bpmn" id="bench" targetNamespace="http://zaizao.dev/bench">
  <process id="permit" isExecutable="true">
    <startEvent id="start"/>
    <userTask id="intake" zaizao:candidateRoles="window_clerk"/>
    <parallelGateway id="split"/>
    <userTask id="sign-market" zaizao:candidateDepartments="market"/>
    <userTask id="sign-fire" zaizao:candidateDepartments="fire"/>
    <userTask id="sign-health" zaizao:candidateDepartments="health"/>
    <parallelGateway id="join"/>
    <userTask id="decision" zaizao:candidateRoles="leader"/>
    <userTask id="delivery" zaizao:candidateRoles="window_clerk"/>
    <endEvent id="end"/>
    ${extra}
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
  <signal id="s-policy" name="policy-changed"/>
</definitions>`;
}

const VARIANTS = [
  { name: 'permit, no event sub-process', xml: permit('') },
  { name: 'permit with the withdrawal event sub-process', xml: permit(WITHDRAWAL) },
  { name: 'permit with the withdrawal, a signal event sub-process and a conditional boundary event', xml: permit(WITHDRAWAL + MORE) },
];

interface Runner {
  variant: string;
  engine: string;
  batch(n: number): Promise<void>;
  ms: number;
  done: number;
}

async function memoryRunner(variant: (typeof VARIANTS)[number]): Promise<Runner> {
  const { models, validation } = await importBpmn(variant.xml);
  if (!models || !validation.ok) throw new Error(`${variant.name}: ${JSON.stringify(validation.unsupported)}`);
  const engine = new MemoryEngine({ now: new Date('2025-09-30T02:00:00Z'), retainCompleted: false, keepHistory: false, onHistory: () => {} });
  engine.deploy(models);
  let seq = 0;
  const runOne = () => {
    engine.start('permit', { variables: { applicationNo: `A-${++seq}`, urgent: false } });
    while (engine.tasks.size) {
      const [task] = engine.tasks.values();
      engine.completeTask(task.id, { actor: { username: 'u' } });
    }
  };
  for (let i = 0; i < 500; i++) runOne();
  const r: Runner = {
    variant: variant.name,
    engine: 'in memory',
    ms: 0,
    done: 0,
    async batch(n) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) runOne();
      r.ms += performance.now() - t0;
      r.done += n;
    },
  };
  return r;
}

async function durableRunner(variant: (typeof VARIANTS)[number], store: Store, engineName: string, clients: number, region: string): Promise<Runner> {
  const engine = new EngineStore(store.db, { audit: false });
  await engine.deploy(variant.xml, { regionCode: region });
  let seq = 0;
  const runOne = async () => {
    const { tasksCreated: open } = await engine.startWithTasks('permit', { regionCode: region, variables: { applicationNo: `${region}-${++seq}`, urgent: false } });
    while (open.length) {
      const task = open.shift()!;
      const { tasksCreated } = await engine.completeTask(task.id, { actor: { userId: 1, username: 'u', role: 'department_officer' } });
      open.push(...tasksCreated);
    }
  };
  for (let i = 0; i < 10; i++) await runOne();
  const r: Runner = {
    variant: variant.name,
    engine: engineName,
    ms: 0,
    done: 0,
    async batch(n) {
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async () => {
          while (next < n) {
            next++;
            await runOne();
          }
        }),
      );
      r.ms += performance.now() - t0;
      r.done += n;
    },
  };
  return r;
}

const load0 = os.loadavg()[0];
const groups: Array<{ engine: string; n: number; runners: Runner[] }> = [];
const closers: Array<() => Promise<void>> = [];
if (ENGINES.has('memory')) groups.push({ engine: 'in memory', n: MEM_N, runners: await Promise.all(VARIANTS.map((v) => memoryRunner(v))) });
if (ENGINES.has('pglite')) {
  const store = await pgliteStore();
  closers.push(() => store.close());
  const runners: Runner[] = [];
  // One database, a region per variant: the variants share its tables as they would in production.
  for (const [i, v] of VARIANTS.entries()) runners.push(await durableRunner(v, store, 'durable on PGlite', 1, `37088${i}`));
  groups.push({ engine: 'durable on PGlite', n: DUR_N, runners });
}
if (ENGINES.has('postgres') && (await postgresReachable())) {
  const { store, drop } = await postgresStore('bench');
  closers.push(async () => {
    await store.close();
    await drop();
  });
  const runners: Runner[] = [];
  for (const [i, v] of VARIANTS.entries()) runners.push(await durableRunner(v, store, `durable on PostgreSQL (${CLIENTS} clients)`, CLIENTS, `37088${i}`));
  groups.push({ engine: `durable on PostgreSQL (${CLIENTS} clients)`, n: DUR_N * 2, runners });
}
for (const g of groups) {
  for (let round = 0; round < ROUNDS; round++) {
    // The order of the variants turns each round: none of them always runs first.
    const order = g.runners.map((_, i) => g.runners[(i + round) % g.runners.length]);
    for (const r of order) await r.batch(Math.floor(g.n / ROUNDS));
  }
}
for (const c of closers) await c();
const load1 = os.loadavg()[0];

const rows: string[] = [];
const verdicts: string[] = [];
for (const g of groups) {
  const base = g.runners[0].done / (g.runners[0].ms / 1000);
  for (const r of g.runners) {
    const perSecond = r.done / (r.ms / 1000);
    const ratio = perSecond / base;
    if (r === g.runners[1]) verdicts.push(`${g.engine} ${ratio.toFixed(2)}× ${ratio >= 0.95 ? '✓' : '✗'}`);
    rows.push(`| ${g.engine} | ${r.variant} | ${r.done.toLocaleString('en')} | ${perSecond.toFixed(0)} | ${ratio.toFixed(2)}× |`);
  }
}
const md = `## BPMN events (issue 20)

\`bench/bpmn-events.ts\`: the six-step permit of the engine benchmark (six user tasks, each start and completion a command) without any event sub-process, with the applicant's withdrawal (an interrupting message event sub-process correlated by application number: every start subscribes, every end withdraws the subscription), and with the withdrawal plus a non-interrupting policy-change signal event sub-process and a non-interrupting conditional boundary event on the decision (every command on those instances re-evaluates the condition). The variants run interleaved, a tenth each in turn with the order turning, in one process; durable: one database, a region per variant, without the audit trail.

| engine | process | instances | instances/s | ratio to no event sub-process |
|---|---|---|---|---|
${rows.join('\n')}

With the withdrawal present the engine is not slower than without (goal: ratio ≥ 0.95, the noise of this shared machine): ${verdicts.join('; ')}. Load average (1 min) of the machine, shared with other work: ${load0.toFixed(1)} at the start, ${load1.toFixed(1)} at the end.`;
console.log(md);
if (WRITE) writeSection('bpmn-events', md);
