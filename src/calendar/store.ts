// The calendar's data in the database: official arrangements loaded beyond the bundled
// years (calendar_years) and per-region settings (region_calendars). loadCalendar builds a
// WorkCalendar from the bundled data plus what is stored.
import type { Generated, Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import type { Actor } from '../org/model.js';
import { recordAudit } from '../audit/trail.js';
import fs from 'node:fs';
import { writeCalendarMirror } from './mirror.js';
import { regionChain, regionalCalendar } from './regional.js';
import { installLoadedArrangements } from './platform.js';
import { parseArrangement, parseBusinessHours, parseExtraDaysOff } from './arrangement.js';
import { CalendarInputError, type Arrangement, type BusinessHours, type IsoDate, type WorkCalendar } from './model.js';

export interface CalendarYearTable {
  year: number;
  arrangement: unknown; // jsonb: Arrangement
  source: string | null;
  loaded_at: Generated<Date>;
}

export interface RegionCalendarTable {
  region_code: string;
  business_hours: unknown; // jsonb: BusinessHours | null
  extra_days_off: unknown; // jsonb: IsoDate[]
  updated_at: Generated<Date>;
}

declare module '../store/schema.js' {
  interface Database {
    calendar_years: CalendarYearTable;
    region_calendars: RegionCalendarTable;
  }
}

type Db = Kysely<Database>;

export interface StoredArrangement {
  arrangement: Arrangement;
  loadedAt: Date;
}

export interface RegionCalendarSettings {
  regionCode: string;
  /** null: inherit from the region above, or the default 09:00–12:00, 13:30–17:30. */
  businessHours: BusinessHours | null;
  extraDaysOff: IsoDate[];
  updatedAt: Date;
}

/** The arrangements stored in the database, by year. A stored row that no longer validates is an error naming its year. */
export async function listStoredArrangements(db: Db): Promise<StoredArrangement[]> {
  const rows = await db.selectFrom('calendar_years').selectAll().orderBy('year').execute();
  return rows.map((r) => {
    try {
      return { arrangement: parseArrangement({ ...(r.arrangement as object), year: r.year, source: r.source ?? undefined }), loadedAt: r.loaded_at };
    } catch (err) {
      throw new CalendarInputError(`the stored arrangement for ${r.year} is invalid: ${(err as Error).message}`, 'calendar_years');
    }
  });
}

/**
 * Validates and stores one year's arrangement (replacing a stored one for that year), and
 * appends the change to the audit trail in the same transaction.
 */
export async function saveArrangement(db: Db, actor: Actor | null, json: unknown): Promise<{ arrangement: Arrangement; replaced: Arrangement | null }> {
  const arrangement = parseArrangement(json);
  const result = await db.transaction().execute((trx) => storeArrangement(trx, actor, arrangement));
  await refreshPlatformCalendar(db);
  return result;
}

/** Stores a validated arrangement and its audit row in the caller's transaction. */
export async function storeArrangement(trx: Db, actor: Actor | null, arrangement: Arrangement): Promise<{ arrangement: Arrangement; replaced: Arrangement | null }> {
  const before = await trx.selectFrom('calendar_years').selectAll().where('year', '=', arrangement.year).forUpdate().executeTakeFirst();
  const value = JSON.stringify({ year: arrangement.year, daysOff: arrangement.daysOff, makeUpWorkdays: arrangement.makeUpWorkdays });
  const source = arrangement.source ?? null;
  if (before) {
    await trx.updateTable('calendar_years').set({ arrangement: value, source, loaded_at: new Date() }).where('year', '=', arrangement.year).execute();
  } else {
    await trx.insertInto('calendar_years').values({ year: arrangement.year, arrangement: value, source }).execute();
  }
  const replaced = before ? ({ ...(before.arrangement as Arrangement), ...(before.source ? { source: before.source } : {}) } as Arrangement) : null;
  await recordAudit(trx, {
    actor,
    action: before ? 'calendar.year.replace' : 'calendar.year.load',
    entity: 'calendar_year',
    entityId: arrangement.year,
    before: replaced,
    after: arrangement,
  });
  return { arrangement, replaced };
}

/** Installs the stored official years into this process's platform calendar (and its file mirror, if any). */
export async function refreshPlatformCalendar(db: Db): Promise<void> {
  const arrangements = (await listStoredArrangements(db)).map((s) => s.arrangement);
  installLoadedArrangements(arrangements);
  await syncCalendarMirror(db, arrangements);
}

const mirrors = new WeakMap<Db, string>();

/**
 * Keeps a file mirror of this database's calendar data (mirror.ts) from now on: written at every
 * refreshPlatformCalendar (the owner calls it right after opening) and after every change made
 * through this module. Only the owner of an embedded database calls it.
 */
export function mirrorCalendarTo(db: Db, file: string): void {
  mirrors.set(db, file);
}

/** arrangements: the stored years when the caller has just read them (read here otherwise). */
async function syncCalendarMirror(db: Db, stored?: Arrangement[]): Promise<void> {
  const file = mirrors.get(db);
  if (!file) return;
  const arrangements = stored ?? (await listStoredArrangements(db)).map((s) => s.arrangement);
  const regions = (await db.selectFrom('region_calendars').selectAll().execute()).map(toSettings);
  try {
    writeCalendarMirror(file, { arrangements, regions: regions.map(({ regionCode, businessHours, extraDaysOff }) => ({ regionCode, businessHours, extraDaysOff })) });
  } catch {
    // A mirror that cannot be kept current must not be read: readers fall back to the database.
    fs.rmSync(file, { force: true });
  }
}

/** What identifies the stored years' state: which years, and when each was last loaded. */
async function storedYearsSignature(db: Db): Promise<string> {
  const rows = await db.selectFrom('calendar_years').select(['year', 'loaded_at']).orderBy('year').execute();
  return rows.map((r) => `${r.year}@${new Date(r.loaded_at).getTime()}`).join(',');
}

export interface CalendarFollower {
  /** Re-reads the stored years now if they changed; true when the platform calendar was refreshed. */
  check(): Promise<boolean>;
  stop(): void;
}

/**
 * Keeps this process's platform calendar in step with years that another server process on
 * the same database loaded: polls a small signature of calendar_years and reinstalls the
 * stored years when it changes. A failed poll is reported and retried at the next tick, and
 * the calendar in use stays what it was (never a half-read state).
 */
export function followStoredArrangements(db: Db, options: { intervalMs: number; onError?: (err: unknown) => void }): CalendarFollower {
  let known: string | null = null;
  let running: Promise<boolean> | null = null;
  const check = (): Promise<boolean> => {
    running ??= (async () => {
      try {
        const now = await storedYearsSignature(db);
        if (now === known) return false;
        await refreshPlatformCalendar(db);
        known = now;
        return true;
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => {
    check().catch((err: unknown) => options.onError?.(err));
  }, options.intervalMs);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}

export async function getRegionCalendar(db: Db, regionCode: string): Promise<RegionCalendarSettings | null> {
  const row = await db.selectFrom('region_calendars').selectAll().where('region_code', '=', regionCode).executeTakeFirst();
  return row ? toSettings(row) : null;
}

/**
 * Sets a region's business hours and/or extra days off (a field left undefined keeps its
 * stored value; businessHours null means inherit). Audited in the same transaction.
 */
export async function saveRegionCalendar(
  db: Db,
  actor: Actor | null,
  regionCode: string,
  changes: { businessHours?: unknown; extraDaysOff?: unknown },
): Promise<RegionCalendarSettings> {
  const businessHours = changes.businessHours === undefined || changes.businessHours === null ? changes.businessHours : parseBusinessHours(changes.businessHours);
  const extraDaysOff = changes.extraDaysOff === undefined ? undefined : parseExtraDaysOff(changes.extraDaysOff);
  const saved = await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('region_calendars').selectAll().where('region_code', '=', regionCode).forUpdate().executeTakeFirst();
    const before = row ? toSettings(row) : null;
    const hours = businessHours === undefined ? (before?.businessHours ?? null) : businessHours;
    const days = extraDaysOff ?? before?.extraDaysOff ?? [];
    const values = { business_hours: hours === null ? null : JSON.stringify(hours), extra_days_off: JSON.stringify(days), updated_at: new Date() };
    if (row) await trx.updateTable('region_calendars').set(values).where('region_code', '=', regionCode).execute();
    else
      await trx
        .insertInto('region_calendars')
        .values({ region_code: regionCode, ...values })
        .execute();
    const after = toSettings(await trx.selectFrom('region_calendars').selectAll().where('region_code', '=', regionCode).executeTakeFirstOrThrow());
    await recordAudit(trx, {
      actor,
      action: 'calendar.region.update',
      entity: 'region_calendar',
      entityId: regionCode,
      regionCode,
      before: before && { businessHours: before.businessHours, extraDaysOff: before.extraDaysOff },
      after: { businessHours: after.businessHours, extraDaysOff: after.extraDaysOff },
    });
    return after;
  });
  await syncCalendarMirror(db);
  return saved;
}

/** The calendar for a region (see regional.ts); without a region: national. */
export async function loadCalendar(db: Db, regionCode?: string): Promise<WorkCalendar> {
  const arrangements = (await listStoredArrangements(db)).map((s) => s.arrangement);
  if (!regionCode) return regionalCalendar(arrangements, undefined, []);
  const rows = await db.selectFrom('region_calendars').selectAll().where('region_code', 'in', regionChain(regionCode)).execute();
  return regionalCalendar(arrangements, regionCode, rows.map(toSettings));
}

function toSettings(r: { region_code: string; business_hours: unknown; extra_days_off: unknown; updated_at: Date }): RegionCalendarSettings {
  const field = `region_calendars[${r.region_code}]`;
  return {
    regionCode: r.region_code,
    businessHours: r.business_hours == null ? null : parseBusinessHours(r.business_hours, `${field}.business_hours`),
    extraDaysOff: parseExtraDaysOff(r.extra_days_off ?? [], `${field}.extra_days_off`),
    updatedAt: r.updated_at,
  };
}
