// The calendars timers can name (zaizao:calendar). "cn-workday" is the platform's working-day
// calendar (src/calendar): China's public holidays and make-up workdays, Asia/Shanghai.
import { defaultCalendar, type WorkCalendar } from '../calendar/index.js';
import type { CalendarResolver } from './time.js';

export const CN_WORKDAY = 'cn-workday';

/** Resolves "cn-workday" to the given calendar (default: the bundled platform calendar). */
export function calendarResolver(calendar?: WorkCalendar): CalendarResolver {
  return (name) => (name === CN_WORKDAY ? (calendar ?? defaultCalendar()) : undefined);
}
