// The one working-day calendar of Zaizao. See docs/calendar.md.
import { createCalendar } from './calendar.js';
import type { Arrangement, WorkCalendar } from './model.js';

export {
  CalendarDataMissingError,
  CalendarInputError,
  CalendarProvisionalError,
  DEFAULT_BUSINESS_HOURS,
  arrangementJsonShape,
  type Arrangement,
  type BusinessHours,
  type CalendarOptions,
  type Coverage,
  type IsoDate,
  type WorkCalendar,
} from './model.js';
export { createCalendar } from './calendar.js';
export { parseArrangement, parseBusinessHours, parseExtraDaysOff } from './arrangement.js';
export { bundledArrangements, chineseDaysVersion } from './bundled.js';
export { parseOfficeHours, platformOfficeHours } from './office-hours.js';
export { isIsoDate, shanghaiDate } from './dates.js';
export { describeYears, nextYearWarning, type NextYearWarning } from './status.js';
export { PROVISIONAL_FROM, PROVISIONAL_TO, PROVISIONAL_SOURCE, provisionalArrangement, statutoryHolidays } from './provisional.js';

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
