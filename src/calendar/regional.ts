// The calendar of a region from the stored data, as one pure composition that the database
// path (store.ts) and the file mirror (mirror.ts) share: the bundled years plus every stored
// arrangement; the extra days off of the region and of every region above it; the business
// hours of the nearest region (itself first, then upwards) that sets them, else the default.
import { ancestorCodes } from '../org/scope.js';
import { createCalendar } from './calendar.js';
import type { Arrangement, BusinessHours, IsoDate, WorkCalendar } from './model.js';

export interface RegionSettings {
  regionCode: string;
  businessHours: BusinessHours | null;
  extraDaysOff: IsoDate[];
}

/** The region itself and the regions above it, outermost first. */
export function regionChain(regionCode: string): string[] {
  return [...ancestorCodes(regionCode), regionCode];
}

/** settings: those of regionChain(regionCode) that exist, in any order. Without a region: national. */
export function regionalCalendar(arrangements: Arrangement[], regionCode: string | undefined, settings: RegionSettings[]): WorkCalendar {
  if (!regionCode) return cachedCalendar({ arrangements });
  const chain = new Set(regionChain(regionCode));
  const ordered = settings.filter((s) => chain.has(s.regionCode)).sort((a, b) => a.regionCode.length - b.regionCode.length);
  const extraDaysOff = ordered.flatMap((s) => s.extraDaysOff);
  const businessHours = ordered.reduce<BusinessHours | undefined>((h, s) => s.businessHours ?? h, undefined);
  return cachedCalendar({ arrangements, extraDaysOff, businessHours });
}

// Building a calendar fills arrays over 2004–2099; a request reuses the one built from the
// same inputs (calendars are immutable). A few entries: the national one and the regions in use.
const CACHE_SIZE = 32;
const calendarCache = new Map<string, WorkCalendar>();

function cachedCalendar(options: { arrangements: Arrangement[]; extraDaysOff?: IsoDate[]; businessHours?: BusinessHours }): WorkCalendar {
  const key = JSON.stringify([options.arrangements, options.extraDaysOff ?? [], options.businessHours ?? null]);
  let calendar = calendarCache.get(key);
  if (calendar) {
    calendarCache.delete(key); // most recently used last
  } else {
    calendar = createCalendar(options);
    if (calendarCache.size >= CACHE_SIZE) calendarCache.delete(calendarCache.keys().next().value!);
  }
  calendarCache.set(key, calendar);
  return calendar;
}
