import fs from 'node:fs';
import type { Command } from 'commander';
import { CalendarDataMissingError, CalendarInputError, arrangementJsonShape, isIsoDate, type WorkCalendar } from '../../calendar/index.js';
import { listStoredArrangements, loadCalendar, saveArrangement } from '../../calendar/store.js';
import { SYSTEM_ACTOR } from '../../org/model.js';
import type { Store } from '../../store/database.js';
import { parseFormat, printJson, printTable, withStore } from '../context.js';
import { CliError, UsageError } from '../errors.js';

function parseDateArg(value: string, name: string): string {
  if (!isIsoDate(value)) throw new UsageError(`${name} must be a date YYYY-MM-DD (got ${value})`);
  return value;
}

function parseCountArg(value: string, name: string): number {
  if (!/^[+-]?\d{1,7}$/.test(value)) throw new UsageError(`${name} must be a whole number of working days, e.g. 5 or -5 (got ${value})`);
  return Number(value);
}

/** Runs fn on the calendar of the database the server uses (bundled + stored years, region settings). */
async function withCalendar<T>(region: string | undefined, fn: (calendar: WorkCalendar) => T): Promise<T> {
  try {
    return await withStore(async (store: Store) => fn(await loadCalendar(store.db, region)));
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
    .option('--format <format>', 'text | json')
    .action(async (dateArg: string, nArg: string, opts: { region?: string; format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const date = parseDateArg(dateArg, 'DATE');
      const n = parseCountArg(nArg, 'N');
      const result = await withCalendar(opts.region, (c) => c.addWorkdays(date, n));
      if (format === 'json') printJson({ date, n, result, ...(opts.region ? { region: opts.region } : {}) });
      else process.stdout.write(`${result}\n`);
    });

  calendar
    .command('workdays-between <from> <to>')
    .description('working days in (FROM, TO]: FROM excluded, TO included; negative when TO is before FROM')
    .option('--region <code>', 'use the region’s extra days off')
    .option('--format <format>', 'text | json')
    .action(async (fromArg: string, toArg: string, opts: { region?: string; format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const from = parseDateArg(fromArg, 'FROM');
      const to = parseDateArg(toArg, 'TO');
      const workdays = await withCalendar(opts.region, (c) => c.workdaysBetween(from, to));
      if (format === 'json') printJson({ from, to, workdays, ...(opts.region ? { region: opts.region } : {}) });
      else process.stdout.write(`${workdays}\n`);
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
      const { saved, coverage } = await withStore(async (store) => {
        try {
          const saved = await saveArrangement(store.db, SYSTEM_ACTOR, json);
          return { saved, coverage: (await loadCalendar(store.db)).coverage() };
        } catch (err) {
          if (err instanceof CalendarInputError) throw new UsageError(`${file}: ${err.message}`);
          throw err;
        }
      });
      const a = saved.arrangement;
      if (format === 'json') {
        printJson({ loaded: a, replaced: saved.replaced !== null, coverage });
        return;
      }
      process.stdout.write(
        `loaded ${a.year}: ${a.daysOff.length} days off, ${a.makeUpWorkdays.length} make-up workdays${a.source ? ` (source: ${a.source})` : ''}` +
          `${saved.replaced ? `; replaced the stored ${a.year}` : ''}\n` +
          `days off: ${a.daysOff.join(' ')}\n` +
          `make-up workdays: ${a.makeUpWorkdays.join(' ') || '(none)'}\n` +
          `the calendar now covers ${describeYears(coverage.years)}\n`,
      );
    });

  calendar
    .command('years')
    .description('the years the calendar covers: bundled from chinese-days and loaded into the database')
    .option('--format <format>', 'table | json')
    .action(async (opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, 'table');
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
      if (format === 'json') printJson({ from: coverage.from, to: coverage.to, years: rows });
      else printTable(rows, ['year', 'origin', 'source', 'loadedAt']);
    });
}

/** '2004–2027' or '2004–2026, 2028'. */
function describeYears(years: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < years.length; ) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j] + 1) j++;
    runs.push(i === j ? String(years[i]) : `${years[i]}–${years[j]}`);
    i = j + 1;
  }
  return runs.join(', ') || 'no years';
}
