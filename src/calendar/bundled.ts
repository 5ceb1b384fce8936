// The arrangements bundled with the npm package chinese-days (2004 to its last year).
//
// We read the package's prebuilt data file instead of calling its functions: those parse
// dates in the process time zone, so west of UTC they answer for the wrong day (and even
// build their tables shifted by a day). The data file is plain 'YYYY-MM-DD' keys.
//
// chinese-days treats any date it has no data for as "Monday–Friday works". We therefore
// only trust a year the file really describes: one that lists both New Year's Day and
// National Day (Oct 1) as days off, which every State Council notice does. Anything else
// is uncovered and the calendar fails closed for it.
import { createRequire } from 'node:module';
import type { Arrangement } from './model.js';

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const require = createRequire(import.meta.url);

let cached: Arrangement[] | undefined;

/** The package's version, for the `source` of bundled years. */
export function chineseDaysVersion(): string {
  try {
    return (require('chinese-days/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** One Arrangement per year chinese-days fully covers, ascending. */
export function bundledArrangements(): Arrangement[] {
  if (cached) return cached;
  const data = require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
  const byYear = new Map<number, Arrangement>();
  const source = `chinese-days ${chineseDaysVersion()}`;
  const add = (date: string, list: 'daysOff' | 'makeUpWorkdays') => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    const year = Number(date.slice(0, 4));
    let a = byYear.get(year);
    if (!a) byYear.set(year, (a = { year, daysOff: [], makeUpWorkdays: [], source }));
    a[list].push(date);
  };
  for (const date of Object.keys(data.holidays ?? {})) add(date, 'daysOff');
  for (const date of Object.keys(data.workdays ?? {})) add(date, 'makeUpWorkdays');
  cached = [...byYear.values()]
    .filter((a) => a.daysOff.includes(`${a.year}-01-01`) && a.daysOff.includes(`${a.year}-10-01`))
    .map((a) => ({ ...a, daysOff: a.daysOff.sort(), makeUpWorkdays: a.makeUpWorkdays.sort() }))
    .sort((a, b) => a.year - b.year);
  return cached;
}
