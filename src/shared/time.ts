// Instants leave the API in Asia/Shanghai time (UTC+8, no daylight saving), the way the
// people who read them count time: 2025-10-01T08:00:00+08:00, not 2025-10-01T00:00:00Z.
const OFFSET_MS = 8 * 3_600_000;

export function shanghaiIso(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new RangeError('invalid date');
  const local = new Date(instant.getTime() + OFFSET_MS).toISOString(); // 'YYYY-MM-DDTHH:mm:ss.sssZ'
  return `${local.slice(0, 19)}${local.slice(19, 23) === '.000' ? '' : local.slice(19, 23)}+08:00`;
}
