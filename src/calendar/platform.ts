// The platform calendar of this process: the bundled data plus the official years loaded
// from the database. A leaf module, so that the stored years (./store.ts) can install into it
// without importing the calendar's entry point.
import { createCalendar } from './calendar.js';
import type { Arrangement, WorkCalendar } from './model.js';

let cachedDefault: WorkCalendar | undefined;

/**
 * The platform calendar, cached: the bundled data plus the official years this process has
 * loaded from the database (`installLoadedArrangements`), default business hours. Every
 * deadline without a region of its own (engine timers, ledger deadlines, mining) uses it.
 */
export function defaultCalendar(): WorkCalendar {
  cachedDefault ??= createCalendar();
  return cachedDefault;
}

/**
 * Makes loaded official years part of `defaultCalendar()` in this process. The server calls
 * it at start and after a year is loaded; the CLI after opening the database.
 */
export function installLoadedArrangements(arrangements: Arrangement[]): void {
  cachedDefault = createCalendar({ arrangements });
}

/** Forgets the loaded years: the bundled data only, as a new process starts (tests sharing a process). */
export function resetPlatformCalendar(): void {
  cachedDefault = undefined;
}
