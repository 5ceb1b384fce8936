// Instants leave the API in Asia/Shanghai time (UTC+8, no daylight saving), the way the
// people who read them count time: 2025-10-01T08:00:00+08:00, not 2025-10-01T00:00:00Z.
const OFFSET_MS = 8 * 3_600_000;

export function shanghaiIso(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid date');
  const local = new Date(instant.getTime() + OFFSET_MS).toISOString(); // 'YYYY-MM-DDTHH:mm:ss.sssZ'
  return `${local.slice(0, 19)}${local.slice(19, 23) === '.000' ? '' : local.slice(19, 23)}+08:00`;
}

/**
 * Days in a month of the proleptic Gregorian calendar (month 1–12). Date checks use it so
 * that 2025-02-30 is refused instead of rolling over to 2025-03-02 as Date.UTC and Date.parse do.
 */
export function daysInMonth(y: number, mo: number): number {
  if (mo === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
}

/** Whether every ISO date (YYYY-MM-DD) written in a text names a day that exists; a text without one passes. */
export function isoDatesExist(text: string): boolean {
  for (const m of text.matchAll(/(\d{4})-(\d{2})-(\d{2})/g)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return false;
  }
  return true;
}
