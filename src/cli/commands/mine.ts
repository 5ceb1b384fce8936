// zaizao mine: process mining on event logs (XES, XES.gz, CSV).
//   zaizao mine LOG                   figures of the log (the default subcommand, `summary`)
//   zaizao mine discover LOG          inductive miner → BPMN
//   zaizao mine conform LOG MODEL     token-based replay of the log on a BPMN model
//   zaizao mine compare A [B]         before/after, two logs or one split at --split-at
//   zaizao mine export LOG --out F    the log as XES
//   zaizao mine engine                the process engine's own history
//   zaizao mine import LOG --name N   store a log in the database (the server's stored logs)
// `summary` is the default, so `mine LOG` works; a log file literally named like a
// subcommand is reached with `mine summary FILE`.
import fs from 'node:fs';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { defaultCalendar, loadCalendar } from '../../calendar/index.js';
import {
  BpmnConversionError,
  columnMapping,
  compare,
  conform,
  DEFAULT_NOISE_THRESHOLD,
  discoverBpmn,
  engineLog,
  importLogFile,
  keepLifecycle,
  LogImportError,
  MAX_NOISE_THRESHOLD,
  modelNet,
  parseSplitInstant,
  promisedLimitOfMatter,
  renderSummaryHtml,
  storeLog,
  summarize,
  writeXesFile,
  type CsvColumnOptions,
  type ImportedLog,
  type WorkingTimeCalendar,
} from '../../mining/index.js';
import { CatalogueError } from '../../catalogue/index.js';
import { SYSTEM_ACTOR } from '../../org/index.js';
import type { Store } from '../../store/database.js';
import { parseFormat, printJson, printTable, withStore } from '../context.js';
import { CliError, UsageError } from '../errors.js';

/** Logs at least this large get a progress bar on stderr while they import. */
const PROGRESS_BYTES = 1 << 20;

interface LogOptions extends CsvColumnOptions {
  lifecycle?: string;
  progress?: boolean;
}

function addLogOptions(cmd: Command): Command {
  return cmd
    .option('--case <column>', 'CSV: case id column')
    .option('--activity <column>', 'CSV: activity column')
    .option('--timestamp <column>', 'CSV: (completion) timestamp column')
    .option('--resource <column>', 'CSV: resource column')
    .option('--start-timestamp <column>', 'CSV: start timestamp column')
    .option('--delimiter <char>', 'CSV: field separator (detected when absent)')
    .option('--lifecycle <transition>', 'keep only events with this lifecycle transition (e.g. complete)')
    .option('--no-progress', 'no progress bar on stderr');
}

async function loadLog(file: string, opts: LogOptions): Promise<ImportedLog> {
  if (!fs.existsSync(file)) throw new CliError(`no such file: ${file}`);
  const size = fs.statSync(file).size;
  const bar =
    opts.progress !== false && size >= PROGRESS_BYTES
      ? new cliProgress.SingleBar({ stream: process.stderr, format: 'importing {bar} {percentage}% | {events} events', hideCursor: true }, cliProgress.Presets.shades_classic)
      : null;
  bar?.start(size, 0, { events: 0 });
  try {
    const mapping = columnMapping(opts);
    const imported = await importLogFile(file, {
      mapping,
      delimiter: opts.delimiter,
      onProgress: bar ? (p) => bar.update(p.bytesRead, { events: p.events }) : undefined,
    });
    bar?.update(size);
    if (opts.lifecycle) imported.log = keepLifecycle(imported.log, opts.lifecycle);
    return imported;
  } catch (err) {
    if (err instanceof LogImportError) throw new CliError(`${file}: ${err.problem}`);
    throw err;
  } finally {
    bar?.stop();
  }
}

function parseCalendar(value: string | undefined): WorkingTimeCalendar | undefined {
  const name = value ?? 'cn-workday';
  if (name === 'none') return undefined;
  if (name === 'cn-workday') return defaultCalendar();
  throw new UsageError(`--calendar must be cn-workday or none (got ${name})`);
}

function parseNumber(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`${name} must be a number from ${min} to ${max} (got ${value})`);
  return n;
}

function writeOut(text: string, out: string | undefined): void {
  if (out) fs.writeFileSync(out, text);
  else process.stdout.write(text);
}

type SummaryOptions = LogOptions & {
  format: string;
  calendar?: string;
  promisedWorkdays?: string;
  matter?: string;
  matterVersion?: string;
  dueAttribute?: string;
  departmentAttribute?: string;
  variants?: string;
  out?: string;
};

interface SummarySettings {
  format: 'text' | 'json' | 'html';
  calendar: WorkingTimeCalendar | undefined;
  promisedWorkdays: number | undefined;
  limit: number | undefined;
}

function summarySettings(opts: SummaryOptions): SummarySettings {
  const format = parseFormat(opts.format, ['text', 'json', 'html'] as const, 'text');
  const calendar = parseCalendar(opts.calendar);
  const promisedWorkdays = parseNumber(opts.promisedWorkdays, '--promised-workdays', 0, 10_000);
  const limit = parseNumber(opts.variants, '--variants', 0, Number.MAX_SAFE_INTEGER);
  if (promisedWorkdays !== undefined && !calendar) throw new UsageError('--promised-workdays needs a calendar (not --calendar none)');
  if (opts.matter !== undefined && promisedWorkdays !== undefined) throw new UsageError('give --promised-workdays or --matter, not both');
  if (opts.matter !== undefined && !calendar) throw new UsageError('--matter needs a calendar (not --calendar none)');
  if (opts.matterVersion !== undefined && !['as_is', 'to_be', 'latest'].includes(opts.matterVersion))
    throw new UsageError(`--matter-version must be as_is, to_be or latest (got ${opts.matterVersion})`);
  return { format, calendar, promisedWorkdays, limit };
}

/** The promised limit of `--matter` from the catalogue (the database the server uses). */
async function matterLimit(store: Store, opts: SummaryOptions): Promise<{ matterCode: string; name: string; version: number; promisedDays: number }> {
  try {
    return await promisedLimitOfMatter(store.db, SYSTEM_ACTOR, opts.matter!, (opts.matterVersion ?? 'latest') as 'as_is' | 'to_be' | 'latest');
  } catch (err) {
    if (err instanceof CatalogueError) throw new CliError(err.message);
    throw err;
  }
}

function outputSummary(imported: ImportedLog, source: Record<string, unknown>, settings: SummarySettings, opts: SummaryOptions): void {
  const { format, calendar, promisedWorkdays, limit } = settings;
  const { totalVariants, ...summary } = summarize(imported.log, {
    calendar,
    promisedWorkdays,
    dueAttribute: opts.dueAttribute,
    departmentAttribute: opts.departmentAttribute,
    variants: limit,
  });
  const title = typeof source.file === 'string' ? source.file : 'engine history';
  if (format === 'json') {
    const data = {
      source: { ...source, ...(imported.csv ? { csv: imported.csv } : {}) },
      calendar: calendar ? { name: 'cn-workday', businessSecondsPerDay: (calendar as { businessSecondsPerDay?: number }).businessSecondsPerDay ?? null } : null,
      totalVariants,
      ...summary,
    };
    writeOut(`${JSON.stringify(data, null, 2)}\n`, opts.out);
    return;
  }
  if (format === 'html') {
    writeOut(renderSummaryHtml(summary, `流程挖掘 Process mining: ${title}`, limit ?? 50), opts.out);
    return;
  }
  const t = summary.throughput;
  const lines = [
    `cases ${summary.cases}, events ${summary.events}, activities ${summary.activities}, variants ${totalVariants}`,
    `period ${summary.period.from ?? '-'} .. ${summary.period.to ?? '-'}`,
    `throughput: median ${t.medianHours ?? '-'} h, p90 ${t.p90Hours ?? '-'} h` + (calendar ? `; median ${t.medianWorkdays ?? '-'} working days, p90 ${t.p90Workdays ?? '-'}` : ''),
  ];
  if (t.missingCalendarData && t.missingCalendarData.cases > 0)
    lines.push(`not counted in working days: ${t.missingCalendarData.cases} cases (no calendar data for ${t.missingCalendarData.years.join(', ')})`);
  if (imported.csv)
    lines.push(
      `timestamps: ${imported.csv.timestampFormats.map((f) => `${f.column} as ${f.format}${f.offset === 'assumed' ? ' (no offset: assumed UTC+08:00)' : ''}`).join('; ')}`,
    );
  lines.push(`rework: ${summary.rework.casesWithRework} cases (${(summary.rework.share * 100).toFixed(1)} %)`);
  if (summary.deadlines.due)
    lines.push(
      `late against ${summary.deadlines.due.attribute}: ${summary.deadlines.due.late} of ${summary.deadlines.due.events} events, ${summary.deadlines.due.lateCases} cases`,
    );
  if (summary.deadlines.promised)
    lines.push(`over ${summary.deadlines.promised.limitWorkdays} working days: ${summary.deadlines.promised.late} of ${summary.deadlines.promised.cases} cases`);
  writeOut(`${lines.join('\n')}\n\ntop variants:\n`, opts.out);
  if (opts.out) return;
  printTable(
    summary.variants.slice(0, limit ?? 10).map((v) => ({ count: v.count, cumulative: `${(v.cumulativeShare * 100).toFixed(1)}%`, activities: v.activities.join(' > ') })),
    ['count', 'cumulative', 'activities'],
  );
}

export function register(program: Command): void {
  const mine = program.command('mine').description('process mining on event logs (流程挖掘): XES, XES.gz or CSV');

  addLogOptions(
    mine
      .command('summary <log>', { isDefault: true })
      .description('figures of a log: variants, directly-follows graph, throughput in hours and working days, waiting, rework, handover, deadlines'),
  )
    .option('--format <format>', 'text | json | html', 'text')
    .option('--calendar <name>', 'cn-workday (China’s working days) | none', 'cn-workday')
    .option('--promised-workdays <n>', 'promised time limit in working days; cases over it are late')
    .option('--due-attribute <key>', 'event attribute holding a due date', 'dueDate')
    .option('--department-attribute <key>', 'event attribute naming the department (default: org:group, org:department ...)')
    .option('--variants <n>', 'list at most n variants (json, html); all when absent')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--matter <code>', 'measure cases against this matter’s promised time limit from the catalogue')
    .option('--matter-version <version>', 'as_is | to_be | latest (default latest)')
    .action(async (file: string, opts: SummaryOptions) => {
      const settings = summarySettings(opts);
      const limit = opts.matter !== undefined ? await withStore((store) => matterLimit(store, opts)) : undefined;
      const imported = await loadLog(file, opts);
      outputSummary(
        imported,
        { file, format: imported.format, ...(limit ? { promisedLimit: limit } : {}) },
        limit ? { ...settings, promisedWorkdays: limit.promisedDays } : settings,
        opts,
      );
    });

  mine
    .command('engine')
    .description('the figures of the process engine’s own history (the database the server uses)')
    .option('--process <key>', 'one process (its BPMN process id)')
    .option('--region <code>', 'a region and everything below it (code prefix)')
    .option('--lifecycle <transition>', 'keep only events with this lifecycle transition (e.g. complete)')
    .option('--format <format>', 'text | json | html', 'text')
    .option('--calendar <name>', 'cn-workday | none', 'cn-workday')
    .option('--promised-workdays <n>', 'promised time limit in working days; cases over it are late')
    .option('--matter <code>', 'measure cases against this matter’s promised time limit from the catalogue')
    .option('--matter-version <version>', 'as_is | to_be | latest (default latest)')
    .option('--department-attribute <key>', 'event attribute naming the department', 'org:group')
    .option('--variants <n>', 'list at most n variants')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (opts: SummaryOptions & { process?: string; region?: string }) => {
      const settings = summarySettings(opts);
      if (opts.region !== undefined && !/^\d+$/.test(opts.region)) throw new UsageError(`--region must be a region code of digits (got ${opts.region})`);
      // the platform's calendar: bundled years, loaded official years, the region's settings
      const { log, calendar, limit } = await withStore(async (store) => ({
        log: await engineLog(store.db, { regionPrefix: opts.region, processKey: opts.process }),
        calendar: settings.calendar ? await loadCalendar(store.db, opts.region) : undefined,
        limit: opts.matter !== undefined ? await matterLimit(store, opts) : undefined,
      }));
      outputSummary(
        { log: opts.lifecycle ? keepLifecycle(log, opts.lifecycle) : log, format: 'xes' },
        { engine: { process: opts.process ?? null, region: opts.region ?? null }, ...(limit ? { promisedLimit: limit } : {}) },
        { ...settings, calendar, ...(limit ? { promisedWorkdays: limit.promisedDays } : {}) },
        opts,
      );
    });

  addLogOptions(mine.command('discover <log>').description('discover a process model with the inductive miner (IMf) and write it as BPMN 2.0 with a diagram'))
    .option('--out <file>', 'write the BPMN here (stdout when absent)')
    .option('--noise <threshold>', 'IMf noise threshold from 0 (plain IM) to below 1', String(DEFAULT_NOISE_THRESHOLD))
    .option('--name <name>', 'process name in the BPMN', 'Discovered process')
    .option('--format <format>', 'what to print when --out is given: text | json', 'text')
    .action(async (file: string, opts: LogOptions & { out?: string; noise: string; name: string; format: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const noise = parseNumber(opts.noise, '--noise', 0, MAX_NOISE_THRESHOLD)!;
      const { log } = await loadLog(file, opts);
      const { bpmn, tree, tasks, gateways, flows } = discoverBpmn(log, { noiseThreshold: noise, name: opts.name });
      if (!opts.out) {
        process.stdout.write(bpmn);
        return;
      }
      fs.writeFileSync(opts.out, bpmn);
      const info = { out: opts.out, tree, tasks, gateways, flows };
      if (format === 'json') printJson(info);
      else process.stdout.write(`wrote ${info.out}: ${info.tasks} tasks, ${info.gateways} gateways, ${info.flows} flows\n${info.tree}\n`);
    });

  addLogOptions(mine.command('conform <log> <model>').description('token-based replay of the log on a BPMN model: fitness per case and overall, deviating activities'))
    .option('--format <format>', 'text | json', 'text')
    .option('--traces <n>', 'list at most n cases (json); all when absent')
    .action(async (file: string, modelFile: string, opts: LogOptions & { format: string; traces?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const limit = parseNumber(opts.traces, '--traces', 0, Number.MAX_SAFE_INTEGER);
      if (!fs.existsSync(modelFile)) throw new CliError(`no such file: ${modelFile}`);
      let net;
      try {
        net = await modelNet(fs.readFileSync(modelFile, 'utf8'));
      } catch (err) {
        if (err instanceof BpmnConversionError) throw new CliError(`${modelFile}: ${err.problem}`);
        throw err;
      }
      const { log } = await loadLog(file, opts);
      if (format === 'json') {
        printJson(conform(log, net, limit));
        return;
      }
      const result = conform(log, net);
      process.stdout.write(
        `fitness ${result.fitness.toFixed(4)} (average per case ${result.averageTraceFitness.toFixed(4)}), ${result.fitTraces} of ${result.traces.length} cases fit\n`,
      );
      if (result.deviatingActivities.length) {
        process.stdout.write('\ndeviating activities:\n');
        printTable(result.deviatingActivities.map((d) => ({ activity: d.activity, cases: d.traces })));
      }
      if (result.activitiesNotInModel.length) {
        process.stdout.write('\nactivities not in the model:\n');
        printTable(result.activitiesNotInModel.map((d) => ({ activity: d.activity, cases: d.traces })));
      }
    });

  addLogOptions(mine.command('compare <before> [after]').description('before/after: two logs, or one log split at --split-at, compared figure by figure'))
    .option('--split-at <date>', 'split one log: cases that started before this instant are "before"')
    .option('--calendar <name>', 'cn-workday | none', 'cn-workday')
    .option('--format <format>', 'text | json', 'text')
    .action(async (first: string, second: string | undefined, opts: LogOptions & { splitAt?: string; calendar?: string; format: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const calendar = parseCalendar(opts.calendar);
      let at: Date | undefined;
      if (second !== undefined) {
        if (opts.splitAt) throw new UsageError('give either two logs or --split-at, not both');
      } else {
        if (!opts.splitAt) throw new UsageError('one log needs --split-at DATE (or give two logs)');
        at = parseSplitInstant(opts.splitAt);
        if (!at) throw new UsageError(`--split-at must be a date or an ISO instant (got ${opts.splitAt})`);
      }
      const before = (await loadLog(first, opts)).log;
      const cmp = compare(before, at ?? (await loadLog(second!, opts)).log, calendar);
      if (format === 'json') {
        printJson(cmp);
        return;
      }
      const f = (v: number | null) => (v === null ? '-' : Number.isInteger(v) ? String(v) : v.toFixed(3));
      printTable(
        cmp.figures.map((x) => ({
          figure: x.name,
          before: f(x.before),
          after: f(x.after),
          change: f(x.change),
          relative: x.relativeChange === null ? '-' : `${(x.relativeChange * 100).toFixed(1)}%`,
        })),
      );
    });

  addLogOptions(mine.command('import <log>').description('store a log in the database the server uses (it then appears among the stored logs of the region)'))
    .option('--name <name>', 'name of the stored log (default: the file name)')
    .option('--region <code>', 'region the log belongs to (default: the top region of the organisation)')
    .option('--format <format>', 'text | json', 'text')
    .action(async (file: string, opts: LogOptions & { name?: string; region?: string; format: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      if (opts.lifecycle) throw new UsageError('--lifecycle filters an analysis; the stored log keeps every event');
      if (opts.region !== undefined && !/^\d+$/.test(opts.region)) throw new UsageError(`--region must be a region code of digits (got ${opts.region})`);
      const imported = await loadLog(file, opts);
      if (imported.log.activity.length === 0) throw new CliError(`${file}: the log has no events`);
      const info = await withStore(async (store) => {
        let region = opts.region;
        if (region === undefined) {
          const tops = await store.db.selectFrom('regions').select('code').where('parent_code', 'is', null).execute();
          if (tops.length !== 1) throw new UsageError(`give --region (the organisation has ${tops.length} top regions)`);
          region = tops[0].code;
        } else if (!(await store.db.selectFrom('regions').select('code').where('code', '=', region).executeTakeFirst())) throw new CliError(`no such region: ${region}`);
        return storeLog(store.db, { ...SYSTEM_ACTOR, regionCode: region }, imported.log, {
          name: opts.name ?? path.basename(file),
          source: imported.format,
          fileName: path.basename(file),
          fileBytes: fs.statSync(file).size,
          importReport: imported.csv ?? null,
        });
      });
      if (format === 'json') printJson(info);
      else
        process.stdout.write(`stored log ${info.id} "${info.name}" in region ${info.regionCode}: ${info.cases} cases, ${info.events} events, ${info.storedBytes} bytes stored\n`);
    });

  addLogOptions(mine.command('export <log>').description('write the log as XES (.xes, or gzip-compressed .xes.gz)'))
    .requiredOption('--out <file>', 'target file (.xes or .xes.gz)')
    .action(async (file: string, opts: LogOptions & { out: string }) => {
      if (!/\.xes(\.gz)?$/i.test(opts.out)) throw new UsageError('--out must end in .xes or .xes.gz');
      const { log } = await loadLog(file, opts);
      await writeXesFile(log, opts.out);
      process.stdout.write(`wrote ${opts.out}: ${log.caseIds.length} cases, ${log.activity.length} events\n`);
    });
}
