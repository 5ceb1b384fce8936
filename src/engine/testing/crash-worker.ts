// A server process for the crash test: it starts permits, completes whatever task it finds
// and runs due jobs, as fast as it can, until it is killed.
//   node bin/run-ts.js src/engine/testing/crash-worker.ts DATABASE_URL SCHEMA
import { openStore } from '../../store/database.js';
import { EngineStore } from '../store.js';
import { EngineError } from '../errors.js';

const [url, schema] = process.argv.slice(2);
const store = await openStore({ kind: 'postgres', url, schema }, { migrate: false });
const engine = new EngineStore(store.db, { workerId: `crash-${process.pid}`, leaseMs: 1500, audit: false, handlers: { stamp: () => ({ stamped: true }) } });
const actor = { userId: 1, username: `worker-${process.pid}`, role: 'department_officer' as const };
process.stdout.write('ready\n');
for (let i = 0; ; i++) {
  try {
    if (i % 3 === 0) await engine.start('crash', { regionCode: '370883', variables: { departments: ['a', 'b', 'c'] } });
    const open = await engine.worklist({ regionPrefix: '370883', limit: 20 });
    if (open.length) await engine.completeTask(open[Math.floor(Math.random() * open.length)].id, { actor });
    await engine.runDueJobs(3);
  } catch (err) {
    if (!(err instanceof EngineError)) throw err; // conflicts with the other workers are expected
  }
}
