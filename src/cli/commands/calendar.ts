import fs from 'node:fs';
import type { Command } from 'commander';
import {
  CalendarDataMissingError,
  CalendarInputError,
  arrangementJsonShape,
  describeYears,
  installLoadedArrangements,
  isIsoDate,
  listStoredArrangements,
  loadCalendar,
  loadOfficialYear,
  nextYearWarning,
  type WorkCalendar,
  mirrorPath,
  readCalendarMirror,
  regionalCalendar,
} from '../../calendar/index.js';
import { clockFromEnv } from '../../shared/clock.js';
import { storeConfigFromEnv } from '../../store/config.js';
import { parseFormat, printJson, printTable } from '../format.js';
import { CliError, UsageError } from '../errors.js';

// The database modules (PGlite, Kysely, the audit trail) load only when a command needs the
// database: the arithmetic commands answer from the calendar mirror when there is one.
const database = () => import('../context.js');

function parseDateArg(value: string, name: string): string {
  if (!isIsoDate(value)) throw new UsageError(`${name} must be a date YYYY-MM-DD (got ${value})`);
  return value;
}

function parseCountArg(value: string, name: string): number {
  if (!/^[+-]?\d{1,7}$/.test(value)) throw new UsageError(`${name} must be a whole number of working days, e.g. 5 or -5 (got ${value})`);
  return Number(value);
}

/**
 * Runs fn on the calendar of the database the server uses (bundled + stored years, region
 * settings): from the embedded database's calendar mirror when it has one (no database start,
 * and it works while the server owns the directory), else from the database itself.
 */
async function withCalendar<T>(region: string | undefined, strict: boolean, fn: (calendar: WorkCalendar) => T): Promise<T> {
  try {
    const config = storeConfigFromEnv();
    const mirror = config.kind === 'pglite' && config.dataDir ? readCalendarMirror(mirrorPath(config.dataDir)) : null;
    if (mirror) {
      installLoadedArrangements(mirror.arrangements);
      const calendar = regionalCalendar(mirror.arrangements, region, mirror.regions);
      return fn(strict ? calendar.strict() : calendar);
    }
    const { withStore } = await database();
    return await withStore(async (store) => {
      const calendar = await loadCalendar(store.db, region);
      return fn(strict ? calendar.strict() : calendar);
    });
  } catch (err) {
    if (err instanceof CalendarDataMissingError) throw new CliError(err.message);
    if (err instanceof CalendarInputError) throw new UsageError(err.message);
    throw err;
  }
}

export function register(program: Command): void {
  const calendar = program.command('calendar').description('working-day calendar (工作日、调休): China’s holidays, make-up workdays, loaded years');

  calendar
    .command('add-workdays <date> <n>')
    .description('the n-th working day after DATE (n < 0: before; DATE itself is not counted); prints YYYY-MM-DD')
    .option('--region <code>', 'use the region’s extra days off')
    .option('--strict', 'refuse a result that needs a year with only its provisional calendar (exit 1)')
    .option('--format <format>', 'text | json')
    .action(async (dateArg: string, nArg: string, opts: { region?: string; strict?: boolean; format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const date = parseDateArg(dateArg, 'DATE');
      const n = parseCountArg(nArg, 'N');
      const { result, provisionalYear } = await withCalendar(opts.region, opts.strict === true, (c) => {
        const result = c.addWorkdays(date, n);
        return { result, provisionalYear: c.provisionalIn(date, result) };
      });
      if (format === 'json') printJson({ date, n, result, provisional: provisionalYear !== null, provisionalYear, ...(opts.region ? { region: opts.region } : {}) });
      else {
        process.stdout.write(`${result}\n`);
        if (provisionalYear !== null) provisionalNote(provisionalYear);
      }
    });

  calendar
    .command('workdays-between <from> <to>')
    .description('working days in (FROM, TO]: FROM excluded, TO included; negative when TO is before FROM')
    .option('--region <code>', 'use the region’s extra days off')
    .option('--strict', 'refuse a result that needs a year with only its provisional calendar (exit 1)')
    .option('--format <format>', 'text | json')
    .action(async (fromArg: string, toArg: string, opts: { region?: string; strict?: boolean; format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const from = parseDateArg(fromArg, 'FROM');
      const to = parseDateArg(toArg, 'TO');
      const { workdays, provisionalYear } = await withCalendar(opts.region, opts.strict === true, (c) => ({
        workdays: c.workdaysBetween(from, to),
        provisionalYear: c.provisionalIn(from, to),
      }));
      if (format === 'json') printJson({ from, to, workdays, provisional: provisionalYear !== null, provisionalYear, ...(opts.region ? { region: opts.region } : {}) });
      else {
        process.stdout.write(`${workdays}\n`);
        if (provisionalYear !== null) provisionalNote(provisionalYear);
      }
    });

  calendar
    .command('load <file>')
    .description(`validate one year's official arrangement and store it in the database the server uses; FILE is JSON ${arrangementJsonShape()}`)
    .option('--format <format>', 'text | json')
    .action(async (file: string, opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      let text: string;
      try {
        text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
      } catch (err) {
        throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (err) {
        throw new UsageError(`${file} is not valid JSON: ${(err as Error).message}`);
      }
      // The organisation's facade (and the workbook library with it) only for this command.
      const [{ withStore }, { SYSTEM_ACTOR }] = await Promise.all([database(), import('../../org/index.js')]);
      const { saved, coverage } = await withStore(async (store) => {
        try {
          const saved = await loadOfficialYear(store.db, SYSTEM_ACTOR, json);
          return { saved, coverage: (await loadCalendar(store.db)).coverage() };
        } catch (err) {
          if (err instanceof CalendarInputError) throw new UsageError(`${file}: ${err.message}`);
          throw err;
        }
      });
      const a = saved.arrangement;
      if (format === 'json') {
        printJson({ loaded: a, replaced: saved.replaced !== null, coverage, recomputed: saved.recomputed });
        return;
      }
      process.stdout.write(
        `loaded ${a.year}: ${a.daysOff.length} days off, ${a.makeUpWorkdays.length} make-up workdays${a.source ? ` (source: ${a.source})` : ''}` +
          `${saved.replaced ? `; replaced the stored ${a.year}` : ''}\n` +
          `days off: ${a.daysOff.join(' ')}\n` +
          `make-up workdays: ${a.makeUpWorkdays.join(' ') || '(none)'}\n` +
          `the calendar now covers ${describeYears(coverage.years)}\n` +
          (saved.recomputed.length
            ? `recomputed ${saved.recomputed.length} deadline(s) computed on the provisional ${a.year}: ${saved.recomputed.map((r) => `${r.kind} ${r.id} ${r.before} → ${r.after}${r.provisional ? ' (still provisional)' : ''}`).join('; ')}\n`
            : ''),
      );
    });

  calendar
    .command('years')
    .description('the years the calendar covers: bundled from chinese-days, loaded into the database, provisional; from October, a warning when next year is missing')
    .option('--format <format>', 'table | json')
    .action(async (opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, 'table');
      const now = clockFromEnv()();
      const { withStore } = await database();
      const { stored, coverage } = await withStore(async (store) => ({
        stored: await listStoredArrangements(store.db),
        coverage: (await loadCalendar(store.db)).coverage(),
      }));
      const loaded = new Map(stored.map((s) => [s.arrangement.year, s]));
      const rows = coverage.years.map((year) => {
        const s = loaded.get(year);
        return s
          ? { year, origin: 'loaded', source: s.arrangement.source ?? null, loadedAt: s.loadedAt.toISOString() }
          : { year, origin: 'bundled', source: 'chinese-days', loadedAt: null };
      });
      const warning = nextYearWarning(coverage, now);
      if (format === 'json') {
        printJson({ from: coverage.from, to: coverage.to, years: rows, provisional: coverage.provisional, warning });
        return;
      }
      printTable(rows, ['year', 'origin', 'source', 'loadedAt']);
      process.stdout.write(`provisional (statutory holidays only, 暂定): ${describeYears(coverage.provisional)}\n`);
      if (warning) process.stderr.write(`warning: ${warning.message.en}\n`);
    });
}

/** Text output stays one value per line for scripts; the provisional mark goes to stderr. */
function provisionalNote(year: number): void {
  process.stderr.write(`provisional (暂定): ${year} has no official arrangement yet; computed on its statutory holidays only\n`);
}
