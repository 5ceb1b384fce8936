// The one working-day calendar of Zaizao. See docs/calendar.md.
import { createCalendar } from './calendar.js';
import type { WorkCalendar } from './model.js';

export {
  CalendarDataMissingError,
  CalendarInputError,
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
export { isIsoDate, shanghaiDate } from './dates.js';

let cachedDefault: WorkCalendar | undefined;

/** The calendar from the bundled data only (no loaded years, default business hours), cached. */
export function defaultCalendar(): WorkCalendar {
  cachedDefault ??= createCalendar();
  return cachedDefault;
}
