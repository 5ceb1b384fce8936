// Starting the platform: open (and migrate) the database, seed the demo data on first
// start, serve HTTP. `npm start` and `zaizao serve` both come here.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { openStore, type Store } from '../store/database.js';
import { describeStore, storeConfigFromEnv, type StoreConfig } from '../store/config.js';
import { buildApp, loadRouteModules } from '../http/app.js';
import { trustProxyFromEnv } from '../http/headers.js';
import { seedDemoData, type DemoSeedReport } from './seed.js';
import { followStoredArrangements, mirrorCalendarTo, type CalendarFollower, mirrorPath } from '../calendar/index.js';
import { EngineStore } from '../engine/index.js';
import { clockFromEnv, type Clock } from '../shared/clock.js';
import { startCaseSweeper } from '../cases/index.js';
import { startDefaultRatingSweep } from '../rating/index.js';
import { startProjectSweeper } from '../projects/index.js';
import { startEscalationSweeper, windowContext } from '../window/index.js';

/** A request as the log shows it: an Open311 api_key may come in a query string, and never reaches the log. */
export function requestForLog(req: FastifyRequest) {
  return { method: req.method, url: req.url.replace(/([?&]api_key=)[^&#]*/gi, '$1[redacted]'), host: req.host, remoteAddress: req.ip };
}

export interface StartOptions {
  port?: number;
  host?: string;
  config?: StoreConfig;
  logger?: boolean;
  seed?: boolean;
  /** Run the process engine's job executor (default true). */
  jobs?: boolean;
  jobIntervalMs?: number;
  /** Where first-start messages (demo users and password) go. */
  print?: (line: string) => void;
  /** The clock of the app and the job executor; default ZAIZAO_CLOCK_START (tests, demos) or the system time. */
  now?: Clock;
}

export interface RunningServer {
  app: FastifyInstance;
  store: Store;
  url: string;
  seed: DemoSeedReport;
  stop(): Promise<void>;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const config = options.config ?? storeConfigFromEnv();
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? clockFromEnv();
  // The capabilities' modules load while PGlite compiles its WebAssembly and opens the database.
  const routes = loadRouteModules();
  routes.catch(() => {}); // buildApp awaits it again and reports a failure there
  const store = await openStore(config);
  let calendar: CalendarFollower | null = null;
  try {
    // The owner of an embedded database keeps its calendar mirror current (calendar/mirror.ts).
    if (config.kind === 'pglite' && config.dataDir) await mirrorCalendarTo(store.db, mirrorPath(config.dataDir));
    const seed = options.seed === false ? { organisation: null, extras: [] } : await seedDemoData(store, undefined, { service: true });
    if (seed.organisation?.seeded) {
      print(`Zaizao: first start on ${describeStore(config)}; demo organisation loaded.`);
      print(`Demo users: ${seed.organisation.users.map((u) => `${u.username} (${u.role})`).join(', ')}`);
      print(
        seed.organisation.generatedPassword
          ? `Demo password (shown once; set ZAIZAO_DEMO_PASSWORD to choose it): ${seed.organisation.generatedPassword}`
          : 'Demo password: the value of ZAIZAO_DEMO_PASSWORD',
      );
    }
    for (const line of seed.extras) print(line);
    const app = await buildApp({
      store,
      now,
      logger: options.logger === false ? false : { level: process.env.LOG_LEVEL ?? 'info', serializers: { req: requestForLog } },
      trustProxy: trustProxyFromEnv(process.env.ZAIZAO_TRUST_PROXY),
    });
    // Years loaded by another server process on the same database reach this one too.
    calendar = await followStoredArrangements(store.db, {
      intervalMs: Number(process.env.ZAIZAO_CALENDAR_POLL_MS ?? 30_000),
      onError: (err) => app.log.warn({ err }, 'calendar: re-reading the stored years failed; keeping the calendar in use'),
    });
    await calendar.check().catch(async (err: unknown) => {
      await app.close();
      throw err;
    });
    const port = options.port ?? Number(process.env.PORT ?? 8080);
    const host = options.host ?? process.env.HOST ?? '127.0.0.1';
    await app.listen({ port, host });
    // Timers, asynchronous continuations and service-task retries of the process engine.
    // Several server processes on one PostgreSQL share the jobs (SKIP LOCKED, leases).
    const jobs = options.jobs === false ? null : new EngineStore(store.db, { now }).startJobExecutor(options.jobIntervalMs ?? Number(process.env.ZAIZAO_JOB_INTERVAL_MS ?? 1000));
    // Overdue cases escalate (village → township) or reach the leader's board.
    const sweeper =
      options.jobs === false
        ? null
        : startCaseSweeper(store.db, now, Number(process.env.ZAIZAO_CASE_SWEEP_MS ?? 60_000), (err) => app.log.warn({ err }, 'cases: overdue sweep failed'));
    // Default ratings where a county's rules give them (off by default), on the server's clock.
    const ratingSweep =
      options.jobs === false
        ? null
        : startDefaultRatingSweep(store.db, now, Number(process.env.ZAIZAO_RATING_SWEEP_MS ?? 300_000), (err) => app.log.warn({ err }, 'ratings: default-rating sweep failed'));
    // Overdue blockers climb to the coordination meeting; late enterprise requests reach the leader.
    const projectSweeper =
      options.jobs === false
        ? null
        : startProjectSweeper(store.db, now, Number(process.env.ZAIZAO_PROJECT_SWEEP_MS ?? 60_000), (err) => app.log.warn({ err }, 'projects: escalation sweep failed'));
    // Overdue one-window steps go to their department heads and the supervision board, once each.
    const windowSweeper =
      options.jobs === false
        ? null
        : startEscalationSweeper(windowContext(store.db, { now }), Number(process.env.ZAIZAO_WINDOW_ESCALATION_MS ?? 300_000), (err) =>
            app.log.warn({ err }, 'window: escalation sweep failed'),
          );
    const address = app.server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}`;
    let stopped = false;
    return {
      app,
      store,
      url,
      seed,
      async stop() {
        if (stopped) return;
        stopped = true;
        calendar?.stop();
        sweeper?.stop();
        ratingSweep?.stop();
        projectSweeper?.stop();
        windowSweeper?.stop();
        await jobs?.stop();
        await app.close();
        await store.close();
      },
    };
  } catch (err) {
    calendar?.stop();
    await store.close();
    throw err;
  }
}
