// The one working-day calendar of Zaizao and its one entry point: every capability counts
// deadlines through it, and the HTTP routes and the CLI call it. See docs/calendar.md.
// Pure arithmetic and the platform calendar load at once; the database side (stored years,
// loading an official year, which recounts provisional dates in every capability) loads on
// its first call: every capability imports this file, and the arithmetic commands need no
// database.
import type * as OfficialYear from './official-year.js';
import type * as Stored from './store.js';

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

export { defaultCalendar, installLoadedArrangements, resetPlatformCalendar } from './platform.js';
export { mirrorPath, readCalendarMirror, writeCalendarMirror } from './mirror.js';
export { regionalCalendar } from './regional.js';
export type { CalendarFollower, RegionCalendarSettings, StoredArrangement } from './store.js';

// The stored years and region settings live in the database: ./store.ts (and Kysely with it)
// loads on the first call, so that arithmetic alone (zaizao calendar add-workdays) stays fast.
const stored = () => import('./store.js');
export async function followStoredArrangements(...args: Parameters<typeof Stored.followStoredArrangements>): Promise<Awaited<ReturnType<typeof Stored.followStoredArrangements>>> {
  return (await stored()).followStoredArrangements(...args);
}
export async function getRegionCalendar(...args: Parameters<typeof Stored.getRegionCalendar>): Promise<Awaited<ReturnType<typeof Stored.getRegionCalendar>>> {
  return (await stored()).getRegionCalendar(...args);
}
export async function listStoredArrangements(...args: Parameters<typeof Stored.listStoredArrangements>): Promise<Awaited<ReturnType<typeof Stored.listStoredArrangements>>> {
  return (await stored()).listStoredArrangements(...args);
}
export async function loadCalendar(...args: Parameters<typeof Stored.loadCalendar>): Promise<Awaited<ReturnType<typeof Stored.loadCalendar>>> {
  return (await stored()).loadCalendar(...args);
}
export async function mirrorCalendarTo(...args: Parameters<typeof Stored.mirrorCalendarTo>): Promise<Awaited<ReturnType<typeof Stored.mirrorCalendarTo>>> {
  return (await stored()).mirrorCalendarTo(...args);
}
export async function refreshPlatformCalendar(...args: Parameters<typeof Stored.refreshPlatformCalendar>): Promise<Awaited<ReturnType<typeof Stored.refreshPlatformCalendar>>> {
  return (await stored()).refreshPlatformCalendar(...args);
}
export async function saveArrangement(...args: Parameters<typeof Stored.saveArrangement>): Promise<Awaited<ReturnType<typeof Stored.saveArrangement>>> {
  return (await stored()).saveArrangement(...args);
}
export async function saveRegionCalendar(...args: Parameters<typeof Stored.saveRegionCalendar>): Promise<Awaited<ReturnType<typeof Stored.saveRegionCalendar>>> {
  return (await stored()).saveRegionCalendar(...args);
}

export type { LoadedYear } from './official-year.js';

/** Loads an official year's arrangement and recounts every provisional date it settles (./official-year.ts). */
export async function loadOfficialYear(...args: Parameters<typeof OfficialYear.loadOfficialYear>): ReturnType<typeof OfficialYear.loadOfficialYear> {
  return (await import('./official-year.js')).loadOfficialYear(...args);
}
