// The platform's clock. Production reads the system time. For tests and demonstrations the
// server can run on a virtual clock: ZAIZAO_CLOCK_START (an ISO instant with an offset) makes
// the clock start at that instant when the process starts and advance in real time from
// there, so deadlines, sessions and engine timers behave as on that day whatever today is.
// ZAIZAO_CLOCK_FILE (tests only) names a file holding such an instant: writing a later one
// moves the running server's clock there, so a browser test can let deadlines pass at once.
import fs from 'node:fs';

export type Clock = () => Date;

export const CLOCK_START_ENV = 'ZAIZAO_CLOCK_START';
export const CLOCK_FILE_ENV = 'ZAIZAO_CLOCK_FILE';

export const systemClock: Clock = () => new Date();

/** A clock that reads `start` now and advances in real time. */
export function clockStartingAt(start: Date, realNow: () => number = Date.now): Clock {
  if (Number.isNaN(start.getTime())) throw new RangeError('invalid start instant');
  const offset = start.getTime() - realNow();
  return () => new Date(realNow() + offset);
}

function instant(raw: string, name: string): Date {
  // An offset is required so the instant does not depend on the process time zone.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new Error(`${name} must be an ISO instant with an offset, e.g. 2026-06-01T09:00:00+08:00 (got ${raw})`);
  }
  return new Date(raw);
}

/**
 * A clock set from a file: it reads the instant when the file changes (checked on every
 * reading, so a test that wrote the file sees the new time on its next request) and advances
 * in real time from there.
 */
export function clockFromFile(file: string, realNow: () => number = Date.now): Clock {
  let stamp = '';
  let offset = 0;
  return () => {
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    const key = stat ? `${stat.mtimeMs}:${stat.size}` : '';
    if (key && key !== stamp) {
      stamp = key;
      offset = instant(fs.readFileSync(file, 'utf8').trim(), CLOCK_FILE_ENV).getTime() - realNow();
    }
    return new Date(realNow() + offset);
  };
}

/** The clock from ZAIZAO_CLOCK_FILE or ZAIZAO_CLOCK_START, else the system clock. A malformed value is an error, not ignored. */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env, realNow: () => number = Date.now): Clock {
  const file = env[CLOCK_FILE_ENV];
  if (file) return clockFromFile(file, realNow);
  const raw = env[CLOCK_START_ENV];
  if (raw === undefined || raw === '') return systemClock;
  return clockStartingAt(instant(raw, CLOCK_START_ENV), realNow);
}
