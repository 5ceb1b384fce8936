// A file copy of the calendar data stored in an embedded database (loaded official years and
// per-region settings), kept beside the PGlite files by the process that owns them. Why: the
// calendar's read-only CLI commands then answer without starting PGlite (~1 s of WebAssembly
// start-up), and they answer while the server owns the directory, which no other process may
// open. The owner rewrites the file when it opens the database and after every change to those
// tables, so a file left stale by a crash is healed at the next start. Only embedded databases
// have one: with PostgreSQL, another process may change the tables at any time.
import fs from 'node:fs';
import path from 'node:path';
import { parseArrangement, parseBusinessHours, parseExtraDaysOff } from './arrangement.js';
import type { Arrangement, BusinessHours, IsoDate } from './model.js';

export const MIRROR_FILE = 'calendar-mirror.json';
const MIRROR_VERSION = 1;
/** A mirror larger than this is not ours (the real one holds a few years and regions). */
const MAX_MIRROR_BYTES = 16 * 1024 * 1024;

export interface MirroredRegion {
  regionCode: string;
  businessHours: BusinessHours | null;
  extraDaysOff: IsoDate[];
}

export interface CalendarMirror {
  arrangements: Arrangement[];
  regions: MirroredRegion[];
}

/** Where the mirror of an embedded database's calendar lives. */
export function mirrorPath(dataDir: string): string {
  return path.join(dataDir, MIRROR_FILE);
}

/** Writes the mirror atomically (a reader sees the old file or the new one, never half). */
export function writeCalendarMirror(file: string, mirror: CalendarMirror): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify({ version: MIRROR_VERSION, ...mirror })}\n`);
  fs.renameSync(tmp, file);
}

/**
 * Reads a mirror. null when there is none, or when it is not one this version wrote or does
 * not validate: the caller then reads the database itself, as it would without a mirror.
 */
export function readCalendarMirror(file: string): CalendarMirror | null {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_MIRROR_BYTES) return null;
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const json = JSON.parse(text) as { version?: unknown; arrangements?: unknown; regions?: unknown };
    if (json.version !== MIRROR_VERSION || !Array.isArray(json.arrangements) || !Array.isArray(json.regions)) return null;
    const arrangements = json.arrangements.map((a: unknown) => parseArrangement(a));
    const regions = json.regions.map((r: unknown) => {
      const { regionCode, businessHours, extraDaysOff } = r as Record<string, unknown>;
      if (typeof regionCode !== 'string' || !/^\d{2,12}$/.test(regionCode)) throw new Error('bad region code');
      return {
        regionCode,
        businessHours: businessHours == null ? null : parseBusinessHours(businessHours),
        extraDaysOff: parseExtraDaysOff(extraDaysOff ?? []),
      };
    });
    return { arrangements, regions };
  } catch {
    return null;
  }
}
