// The platform's office hours: ZAIZAO_OFFICE_HOURS="09:00-12:00,13:30-18:00" sets the business
// hours of every calendar without hours of its own (a region's setting still wins). Deadlines
// counted in working days end at the close of the last period, so a county that closes at
// 18:00 says so here once.
import { parseBusinessHours } from './arrangement.js';
import { CalendarInputError, DEFAULT_BUSINESS_HOURS, type BusinessHours } from './model.js';

const PERIOD_RE = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/;

/** "09:00-12:00,13:30-17:30" → business hours (validated as any business hours are). */
export function parseOfficeHours(text: string): BusinessHours {
  const periods = text.split(',').map((part, i) => {
    const m = PERIOD_RE.exec(part.trim());
    if (!m) throw new CalendarInputError(`expected HH:MM-HH:MM, got "${part.trim()}"`, `ZAIZAO_OFFICE_HOURS[${i}]`);
    return { start: m[1], end: m[2] };
  });
  return parseBusinessHours({ periods }, 'ZAIZAO_OFFICE_HOURS');
}

let cached: { text: string | undefined; hours: BusinessHours } | undefined;

/** The office hours of this platform: ZAIZAO_OFFICE_HOURS, else 09:00–12:00 and 13:30–17:30. */
export function platformOfficeHours(): BusinessHours {
  const text = process.env.ZAIZAO_OFFICE_HOURS?.trim() || undefined;
  if (!cached || cached.text !== text) cached = { text, hours: text ? parseOfficeHours(text) : DEFAULT_BUSINESS_HOURS };
  return cached.hours;
}
