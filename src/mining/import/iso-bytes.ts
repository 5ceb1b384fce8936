// XES timestamps read from their bytes: the digits are parsed into epoch milliseconds by
// arithmetic, without making a string. The shape nearly every file writes is read in one go;
// the other ISO 8601 shapes the importer accepts take the general path; anything else is NaN
// (the caller then decodes the text and reads it as timestamps.ts does).
import { daysInMonth } from './timestamps.js';

function digits(b: Buffer, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const d = b[i] - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days since 1970-01-01 of a proleptic Gregorian date, year 100 and later (month 1..12; a day past the month's end runs on, as Date.UTC does). */
function daysFromCivil(y: number, m: number, d: number): number {
  // all operands are small non-negative integers: integer division by truncation
  const yy = m <= 2 ? y - 1 : y;
  const era = (yy / 400) | 0;
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = (((153 * mp + 2) / 5) | 0) + d - 1;
  const doe = yoe * 365 + (yoe >> 2) - ((yoe / 100) | 0) + doy;
  return era * 146097 + doe - 719468;
}

// the day of the previous timestamp: consecutive events mostly fall on the same day
let lastDate = -1;
let lastDays = 0;

function daysOf(y: number, m: number, d: number): number {
  const key = (y * 16 + m) * 32 + d;
  if (key !== lastDate) {
    lastDate = key;
    lastDays = daysFromCivil(y, m, d);
  }
  return lastDays;
}

/** Digit values by byte (-1 for anything else). */
const DIGIT = new Int8Array(256).fill(-1);
for (let d = 0; d < 10; d++) DIGIT[48 + d] = d;

/** `YYYY-MM-DD[T ]hh:mm[:ss[.f…]][Z|±hh[:]mm]` from bytes; NaN for anything else (the caller decodes and retries). */
export function parseIsoBytes(b: Buffer, a: number, e: number, defaultOffset: number): number {
  // the shape nearly every XES file writes, `2011-10-01T00:38:44.546+02:00`, read in one go
  if (e - a === 29 && b[a + 4] === 45 && b[a + 7] === 45 && b[a + 10] === 84 && b[a + 13] === 58 && b[a + 16] === 58 && b[a + 19] === 46 && b[a + 26] === 58) {
    const sign = b[a + 23];
    if (sign === 43 || sign === 45) {
      const y0 = DIGIT[b[a]];
      const y1 = DIGIT[b[a + 1]];
      const y2 = DIGIT[b[a + 2]];
      const y3 = DIGIT[b[a + 3]];
      const m0 = DIGIT[b[a + 5]];
      const m1 = DIGIT[b[a + 6]];
      const d0 = DIGIT[b[a + 8]];
      const d1 = DIGIT[b[a + 9]];
      const h0 = DIGIT[b[a + 11]];
      const h1 = DIGIT[b[a + 12]];
      const i0 = DIGIT[b[a + 14]];
      const i1 = DIGIT[b[a + 15]];
      const s0 = DIGIT[b[a + 17]];
      const s1 = DIGIT[b[a + 18]];
      const f0 = DIGIT[b[a + 20]];
      const f1 = DIGIT[b[a + 21]];
      const f2 = DIGIT[b[a + 22]];
      const o0 = DIGIT[b[a + 24]];
      const o1 = DIGIT[b[a + 25]];
      const o2 = DIGIT[b[a + 27]];
      const o3 = DIGIT[b[a + 28]];
      if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1 | h0 | h1 | i0 | i1 | s0 | s1 | f0 | f1 | f2 | o0 | o1 | o2 | o3) >= 0) {
        const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
        const mo = m0 * 10 + m1;
        const d = d0 * 10 + d1;
        const h = h0 * 10 + h1;
        const mi = i0 * 10 + i1;
        const sec = s0 * 10 + s1;
        if (y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h <= 24 && mi <= 59 && sec <= 60) {
          const offset = (sign === 45 ? -1 : 1) * ((o0 * 10 + o1) * 60 + o2 * 10 + o3);
          return daysOf(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + (f0 * 100 + f1 * 10 + f2) - offset * 60_000;
        }
      }
    }
  }
  return parseIsoBytesGeneral(b, a, e, defaultOffset);
}

/** Every other shape parseIsoBytes accepts (kept apart so that the common path stays small). */
function parseIsoBytesGeneral(b: Buffer, a: number, e: number, defaultOffset: number): number {
  if (e - a < 10 || b[a + 4] !== 45 || b[a + 7] !== 45) return NaN;
  const y = digits(b, a, 4);
  const mo = digits(b, a + 5, 2);
  const d = digits(b, a + 8, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  let h = 0;
  let mi = 0;
  let sec = 0;
  let ms = 0;
  let i = a + 10;
  if (i < e && (b[i] === 84 || b[i] === 32)) {
    if (e - i < 6 || b[i + 3] !== 58) return NaN;
    h = digits(b, i + 1, 2);
    mi = digits(b, i + 4, 2);
    if (h < 0 || mi < 0) return NaN;
    i += 6;
    if (i < e && b[i] === 58) {
      if (e - i < 3) return NaN;
      sec = digits(b, i + 1, 2);
      if (sec < 0) return NaN;
      i += 3;
      if (i < e && (b[i] === 46 || b[i] === 44)) {
        i++;
        let scale = 100;
        while (i < e) {
          const dd = b[i] - 48;
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
  let offset = defaultOffset;
  if (i < e) {
    const c = b[i];
    if (c === 90 || c === 122) {
      offset = 0;
      i++;
    } else if (c === 43 || c === 45) {
      if (e - i < 3) return NaN;
      const oh = digits(b, i + 1, 2);
      let j = i + 3;
      if (j < e && b[j] === 58) j++;
      let om = 0;
      if (j < e) {
        if (e - j < 2) return NaN;
        om = digits(b, j, 2);
        j += 2;
      }
      if (oh < 0 || om < 0) return NaN;
      offset = (c === 45 ? -1 : 1) * (oh * 60 + om);
      i = j;
    } else return NaN;
  }
  if (i !== e) return NaN;
  // Date.UTC reads years 0..99 as 1900..1999; those (never in real logs) take its path
  if (y < 100) return Date.UTC(y, mo - 1, d, h, mi, sec, ms) - offset * 60_000;
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms - offset * 60_000;
}
