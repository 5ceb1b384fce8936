// Timestamps as they occur in event logs. XES uses xs:dateTime; CSV exports use whatever the
// source system printed. Parsing is hand-rolled for the ISO forms (it runs once per event
// on logs with hundreds of thousands of events) and falls back to a small set of named
// formats that CSV detection chooses from.

/** Minutes east of UTC assumed for timestamps that carry no offset (China Standard Time). */
export const DEFAULT_OFFSET_MINUTES = 480;

import { daysInMonth } from '../../shared/time.js';

const D0 = 48;

// Every date check uses daysInMonth: 2025-02-30 is refused, not rolled over to 2025-03-02 as Date.UTC and Date.parse would.
export { daysInMonth };

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = s.charCodeAt(i) - D0;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Parses `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.fff…]][Z|±hh[:]mm]` (a space may replace T).
 * Returns epoch milliseconds, or NaN when the text is not in that form.
 */
export function parseIsoTimestamp(s: string, defaultOffsetMinutes = DEFAULT_OFFSET_MINUTES): number {
  const len = s.length;
  if (len < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return NaN;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  let i = 10;
  if (i < len && (s[i] === 'T' || s[i] === ' ')) {
    h = digits(s, 11, 2);
    if (h < 0 || s.charCodeAt(13) !== 58) return NaN;
    mi = digits(s, 14, 2);
    if (mi < 0) return NaN;
    i = 16;
    if (s.charCodeAt(i) === 58) {
      sec = digits(s, 17, 2);
      if (sec < 0) return NaN;
      i = 19;
      if (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44) {
        i++;
        let scale = 100;
        while (i < len) {
          const dd = s.charCodeAt(i) - D0;
          if (dd < 0 || dd > 9) break;
          ms += dd * scale;
          scale /= 10;
          i++;
        }
        ms = Math.floor(ms);
      }
    }
    if (h > 24 || mi > 59 || sec > 60) return NaN;
  }
  let offset = defaultOffsetMinutes;
  if (i < len) {
    const c = s[i];
    if (c === 'Z' || c === 'z') {
      offset = 0;
      i++;
    } else if (c === '+' || c === '-') {
      const oh = digits(s, i + 1, 2);
      let j = i + 3;
      if (s.charCodeAt(j) === 58) j++;
      const om = j < len ? digits(s, j, 2) : 0;
      if (oh < 0 || om < 0) return NaN;
      offset = (c === '-' ? -1 : 1) * (oh * 60 + om);
      i = j < len ? j + 2 : j;
    } else return NaN;
  }
  if (i !== len) return NaN;
  return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset * 60_000;
}

/**
 * Any timestamp a log may contain: ISO first, then what `Date.parse` understands. A text
 * that begins like an ISO date but is not a valid one is refused rather than handed to
 * Date.parse, which would roll 2025-02-30 over into March.
 */
export function parseTimestamp(s: string, defaultOffsetMinutes = DEFAULT_OFFSET_MINUTES): number {
  const v = parseIsoTimestamp(s.trim(), defaultOffsetMinutes);
  if (!Number.isNaN(v)) return v;
  if (/^\s*[+-]?\d{4,}-\d{1,2}-\d{1,2}/.test(s)) return NaN;
  return Date.parse(s);
}

// ---------------------------------------------------------------------------------------
// Named formats for CSV columns

export interface TimestampFormat {
  /** A pattern a person can read, e.g. `YYYY-MM-DD HH:mm:ss.SSSZ`. */
  name: string;
  parse(s: string, defaultOffsetMinutes: number): number;
}

function dmy(order: 'DMY' | 'MDY' | 'YMD', sep: string): TimestampFormat {
  const re = new RegExp(
    order === 'YMD'
      ? `^(\\d{4})\\${sep}(\\d{1,2})\\${sep}(\\d{1,2})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?$`
      : `^(\\d{1,2})\\${sep}(\\d{1,2})\\${sep}(\\d{4})(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?$`,
  );
  const parts = order === 'YMD' ? ['YYYY', 'MM', 'DD'] : order === 'DMY' ? ['DD', 'MM', 'YYYY'] : ['MM', 'DD', 'YYYY'];
  const name = `${parts.join(sep)}[ HH:mm[:ss[.SSS]]]`;
  return {
    name,
    parse(s, off) {
      const m = re.exec(s.trim());
      if (!m) return NaN;
      const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const [y, mo, d] = order === 'YMD' ? [a, b, c] : order === 'DMY' ? [c, b, a] : [c, a, b];
      if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
      const frac = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
      return Date.UTC(y, mo - 1, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), frac) - off * 60_000;
    },
  };
}

export const TIMESTAMP_FORMATS: TimestampFormat[] = [
  { name: 'ISO 8601 (YYYY-MM-DD[T ]HH:mm:ss[.SSS][±hh:mm])', parse: (s, off) => parseIsoTimestamp(s.trim(), off) },
  dmy('YMD', '/'),
  dmy('YMD', '.'),
  dmy('DMY', '-'),
  dmy('DMY', '/'),
  dmy('DMY', '.'),
  dmy('MDY', '/'),
  {
    name: 'epoch seconds',
    parse: (s) => (/^\d{9,10}(\.\d+)?$/.test(s.trim()) ? Math.round(Number(s) * 1000) : NaN),
  },
  { name: 'epoch milliseconds', parse: (s) => (/^\d{12,13}$/.test(s.trim()) ? Number(s) : NaN) },
];

/**
 * The first format that parses every non-empty sample; null when none does.
 * Day-first and month-first are told apart by the samples themselves (a first field above 12).
 */
export function detectTimestampFormat(samples: string[]): TimestampFormat | null {
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return null;
  for (const f of TIMESTAMP_FORMATS) {
    if (values.every((v) => !Number.isNaN(f.parse(v, 0)))) return f;
  }
  return null;
}

/** Whether a timestamp text carries its own UTC offset. */
export function hasExplicitOffset(s: string): boolean {
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(s.trim()) && /\d[T ]\d/.test(s);
}
