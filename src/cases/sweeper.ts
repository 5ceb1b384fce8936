// Runs the overdue sweep (escalation.ts sweepOverdue) every interval in a server process. Several
// processes on one database may run it: each case is escalated under its row lock, once.
import { sweepOverdue } from './escalation.js';
import type { Db } from './store.js';

export function startCaseSweeper(db: Db, now: () => Date, intervalMs: number, onError: (err: unknown) => void): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepOverdue(db, { now: now() })
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
