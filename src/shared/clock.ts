// The platform's clock. Production reads the system time. For tests and demonstrations the
// server can run on a virtual clock: ZAIZAO_CLOCK_START (an ISO instant with an offset) makes
// the clock start at that instant when the process starts and advance in real time from
// there, so deadlines, sessions and engine timers behave as on that day whatever today is.

export type Clock = () => Date;

export const CLOCK_START_ENV = 'ZAIZAO_CLOCK_START';

export const systemClock: Clock = () => new Date();

/** A clock that reads `start` now and advances in real time. */
export function clockStartingAt(start: Date, realNow: () => number = Date.now): Clock {
  if (Number.isNaN(start.getTime())) throw new RangeError('invalid start instant');
  const offset = start.getTime() - realNow();
  return () => new Date(realNow() + offset);
}

/** The clock from ZAIZAO_CLOCK_START, else the system clock. A malformed value is an error, not ignored. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env, realNow: () => number = Date.now): Clock {
  const raw = env[CLOCK_START_ENV];
  if (raw === undefined || raw === '') return systemClock;
  // An offset is required so the instant does not depend on the process time zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new Error(`${CLOCK_START_ENV} must be an ISO instant with an offset, e.g. 2026-06-01T09:00:00+08:00 (got ${raw})`);
  }
  return clockStartingAt(new Date(raw), realNow);
}
