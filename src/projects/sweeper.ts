// Runs the escalation sweeps of this capability and of enterprise service every interval in a
// server process (ZAIZAO_PROJECT_SWEEP_MS, on the server's clock, which tests set): overdue
// blockers climb a rung, requests past their tier's target reach the leader's view. Several
// processes may run it: each row moves under its row lock, once.
import { sweepRequests } from '../enterprise/service.js';
import { sweepBlockers, sweepItems } from './ladder-sweep.js';
import type { Db } from './store.js';

export async function sweepAll(
  db: Db,
  now: Date,
): Promise<{ toTaskForce: number; toCoordination: number; itemsToTaskForce: number; itemsToCoordination: number; requestsEscalated: number }> {
  const blockers = await sweepBlockers(db, { now });
  const items = await sweepItems(db, { now });
  const requestsEscalated = await sweepRequests(db, now);
  return { ...blockers, ...items, requestsEscalated };
}

export function startProjectSweeper(db: Db, now: () => Date, intervalMs: number, onError: (err: unknown) => void): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweepAll(db, now())
      .catch(onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
