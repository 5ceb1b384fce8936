// Kills server processes repeatedly (SIGKILL, at any moment) while they drive permits on one
// PostgreSQL, then drives everything to the end and checks every instance's invariants:
// nothing lost, nothing done twice. PostgreSQL only: PGlite is one process by design.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { dbTargets, TEST_PG_URL } from '../../test/support/db.js';
import { openStore } from '../store/database.js';
import { EngineStore } from './store.js';
import { chain, definitions, processXml } from './testing/bpmn.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hasPostgres = (await dbTargets()).some((t) => t.name === 'postgres');

const CRASH = definitions(
  processXml(
    'crash',
    `<startEvent id="s"/><userTask id="intake"/>` +
      `<userTask id="sign" zaizao:candidateDepartments="= dept"><multiInstanceLoopCharacteristics zaizao:collection="= departments" zaizao:elementVariable="dept"/></userTask>` +
      `<serviceTask id="stamp" zaizao:type="stamp" zaizao:retryBackoff="PT1S"/>` +
      `<intermediateCatchEvent id="cool"><timerEventDefinition><timeDuration>PT1S</timeDuration></timerEventDefinition></intermediateCatchEvent>` +
      `<userTask id="decide"/><endEvent id="e"/>${chain('s', 'intake', 'sign', 'stamp', 'cool', 'decide', 'e')}`,
  ),
);

function spawnWorker(schema: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/run-ts.js'), path.join(ROOT, 'src/engine/testing/crash-worker.ts'), TEST_PG_URL, schema], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
    child.stderr!.on('data', (d) => process.stderr.write(`[worker] ${d}`));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasPostgres)('crash safety on PostgreSQL', () => {
  it('killing server processes repeatedly under load loses and duplicates nothing', async () => {
    const schema = `zt_crash_${crypto.randomBytes(4).toString('hex')}`;
    const store = await openStore({ kind: 'postgres', url: TEST_PG_URL, schema });
    try {
      const setup = new EngineStore(store.db, { audit: false });
      await setup.deploy(CRASH, { regionCode: '370883' });
      const workers = await Promise.all([spawnWorker(schema), spawnWorker(schema)]);
      let kills = 0;
      for (let round = 0; round < 8; round++) {
        await sleep(700 + Math.floor(Math.random() * 900));
        const victim = round % workers.length;
        const dead = workers[victim];
        dead.removeAllListeners('exit');
        const gone = new Promise((r) => dead.once('exit', r));
        dead.kill('SIGKILL');
        await gone;
        kills++;
        workers[victim] = await spawnWorker(schema);
      }
      for (const w of workers) {
        w.removeAllListeners('exit');
        const gone = new Promise((r) => w.once('exit', r));
        w.kill('SIGKILL');
        await gone;
      }
      expect(kills).toBe(8);
      // The workers did real work before dying: tasks completed and jobs run by them.
      const byWorkers = await store.db
        .selectFrom('engine_history')
        .select(sql<number>`count(*)`.as('n'))
        .where('type', '=', 'task.completed')
        .where('actor', 'like', 'worker-%')
        .executeTakeFirstOrThrow();
      expect(Number(byWorkers.n)).toBeGreaterThan(10);

      // Drive everything to the end. Leases of the dead workers expire (clock past them).
      let clock = new Date(Date.now() + 60_000);
      const finisher = new EngineStore(store.db, { now: () => clock, workerId: 'finisher', audit: false, handlers: { stamp: () => ({ stamped: true }) } });
      for (let pass = 0; pass < 50; pass++) {
        const open = await finisher.worklist({ limit: 10_000 });
        for (const t of open) await finisher.completeTask(t.id, { actor: { userId: 9, username: 'finisher', role: 'admin' } });
        clock = new Date(clock.getTime() + 60_000);
        const ran = await finisher.runDueJobs();
        if (open.length === 0 && ran === 0) break;
      }

      const db = store.db;
      const instances = await db.selectFrom('engine_instances').select(['id', 'status']).execute();
      expect(instances.length).toBeGreaterThan(5);
      expect(instances.filter((i) => i.status !== 'completed')).toEqual([]);
      expect(await db.selectFrom('engine_tasks').select('id').where('status', '=', 'open').execute()).toEqual([]);
      expect(await db.selectFrom('engine_jobs').select('id').execute()).toEqual([]);
      expect(await db.selectFrom('engine_element_instances').select('instance_id').execute()).toEqual([]);
      expect(await db.selectFrom('engine_incidents').select('id').execute()).toEqual([]);
      const history = await finisher.history({});
      const byInstance = new Map<string, typeof history>();
      for (const h of history) byInstance.set(h.instanceId, [...(byInstance.get(h.instanceId) ?? []), h]);
      expect(byInstance.size).toBe(instances.length);
      for (const [, events] of byInstance) {
        const count = (type: string, elementId?: string) => events.filter((e) => e.type === type && (!elementId || e.elementId === elementId)).length;
        expect(count('process.started')).toBe(1);
        expect(count('process.completed')).toBe(1);
        expect(count('task.completed', 'intake')).toBe(1);
        expect(count('task.completed', 'sign')).toBe(3);
        expect(count('task.completed', 'decide')).toBe(1);
        expect(count('element.completed', 'stamp')).toBe(1);
        expect(count('timer.fired', 'cool')).toBe(1);
        const tasks = new Set(events.filter((e) => e.type === 'task.created').map((e) => e.taskId));
        expect(tasks.size).toBe(count('task.created'));
        expect(count('task.completed')).toBe(tasks.size);
        expect(count('element.entered')).toBe(count('element.completed') + count('element.terminated'));
      }
      const perTask = await db
        .selectFrom('engine_history')
        .select(['task_id', sql`count(*)`.as('n')])
        .where('type', '=', 'task.completed')
        .groupBy('task_id')
        .having(sql`count(*)`, '>', 1)
        .execute();
      expect(perTask).toEqual([]);
    } finally {
      await store.close();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    }
  }, 600_000);
});
