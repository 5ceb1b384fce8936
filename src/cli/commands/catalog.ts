// zaizao catalog: the matter catalogue's files. import (all or nothing, every problem
// listed), export, the xlsx template, the synthetic catalogue generator, and the
// reengineering ledger's upward report. File formats follow the extension.
import fs from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { SYSTEM_ACTOR } from '../../org/index.js';
import {
  describeProblem,
  formatOf,
  writeCatalogue,
  writeTemplate,
  FILE_FORMATS,
  type FileFormat,
  generateCatalogue,
  CatalogueError,
  importCatalogueFile,
  loadCatalogue,
  exportLedgerReport,
  LEDGER_STATUSES,
  type LedgerStatus,
} from '../../catalogue/index.js';
import { parseFormat, printJson, printTable, withStore } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import { printProblems, problemsError } from '../problems.js';

/** Imports above this many matters show a progress bar (on a terminal). */
const PROGRESS_THRESHOLD = 200;

function intOption(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${name} must be a whole number ≥ ${min} (got ${value})`);
  return Number(value);
}

function writeOut(file: string, data: Buffer | string): void {
  try {
    fs.writeFileSync(file, data);
  } catch (err) {
    throw new CliError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

function outputFormat(format: string | undefined, out: string | undefined, fallback: FileFormat): FileFormat {
  if (format !== undefined) return parseFormat(format, FILE_FORMATS, fallback);
  if (out !== undefined) {
    const byExt = formatOf(out);
    if (!byExt) throw new UsageError(`cannot tell the format from ${out}: use .xlsx, .csv, .json or .yaml, or --format`);
    return byExt;
  }
  return fallback;
}

async function emit(data: Buffer, format: FileFormat, out: string | undefined, what: string): Promise<void> {
  if (out) {
    writeOut(out, data);
    process.stderr.write(`${what} written to ${out} (${format}, ${data.length} bytes)\n`);
    return;
  }
  if (format === 'xlsx') throw new UsageError('xlsx is binary: give --out FILE');
  process.stdout.write(data);
}

export function register(program: Command): void {
  const catalog = program.command('catalog').description('matter catalogue and reengineering ledger (事项清单和流程再造台账)');

  catalog
    .command('import')
    .description('import a catalogue file (.xlsx, .csv, .json, .yaml): every problem is listed and nothing is written unless the whole file is right')
    .argument('<file>', 'catalogue file')
    .option('--stage <stage>', 'as_is | to_be: which version the matters become', 'as_is')
    .option('--note <text>', 'note recorded with the new versions', '')
    .option('--create-departments', 'create departments the file lists but the organisation lacks (otherwise they are problems)')
    .option('--dry-run', 'check everything the import checks, write nothing')
    .option('--allow-removals', 'confirm that matters may lose every step, material or legal basis they have (otherwise such an import is refused and the removals listed)')
    .option('--format <format>', 'text | json (the report)')
    .option('--lang <lang>', 'zh | en (problem reasons)')
    .action(async (file: string, opts: { stage: string; note: string; createDepartments?: boolean; dryRun?: boolean; allowRemovals?: boolean; format?: string; lang?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const lang = parseFormat(opts.lang, ['zh', 'en'] as const, 'zh');
      const stage = parseFormat(opts.stage, ['as_is', 'to_be'] as const, 'as_is');
      if (!formatOf(file)) throw new UsageError(`unsupported file type: ${file} (use .xlsx, .csv, .json or .yaml)`);
      let data: Buffer;
      try {
        data = fs.readFileSync(file);
      } catch (err) {
        throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
      }
      let bar: cliProgress.SingleBar | null = null;
      const outcome = await withStore(async (store) => {
        try {
          return await importCatalogueFile(store.db, SYSTEM_ACTOR, data, file, {
            stage,
            note: opts.note,
            createDepartments: opts.createDepartments === true,
            dryRun: opts.dryRun === true,
            allowRemovals: opts.allowRemovals === true,
            onProgress: (done, total) => {
              if (total < PROGRESS_THRESHOLD || !process.stderr.isTTY) return;
              if (!bar) {
                bar = new cliProgress.SingleBar(
                  { format: 'importing {bar} {value}/{total} matters', stream: process.stderr, hideCursor: true },
                  cliProgress.Presets.shades_classic,
                );
                bar.start(total, 0);
              }
              bar.update(done);
            },
          });
        } catch (err) {
          if (err instanceof CatalogueError) {
            if (format === 'json') printJson({ imported: false, error: err.code, message: err.reason, problems: err.problems, removals: err.removals });
            else if (err.removals.length > 0) printTable(err.removals.map((r) => ({ matter: r.matterCode, removes: r.kind, count: r.count })));
            if (err.problems.length > 0 && format === 'text') printProblems(err.problems, lang);
            throw new CliError(`${file}: ${err.reason[lang === 'zh' ? 'zh' : 'en']}; nothing imported`);
          }
          throw err;
        } finally {
          (bar as cliProgress.SingleBar | null)?.stop();
        }
      });
      if (outcome.problems.length > 0) {
        if (format === 'json') printJson({ imported: false, problems: outcome.problems });
        else throw problemsError(file, outcome.problems, lang);
        throw new CliError(`${file}: ${outcome.problems.length} problem(s), nothing imported; first: ${describeProblem(outcome.problems[0], lang)}`);
      }
      if (format === 'json') printJson({ imported: !opts.dryRun, matters: outcome.matters, ...(outcome.result ?? {}) });
      else if (opts.dryRun) {
        const r = outcome.result;
        process.stdout.write(
          `${file}: ${outcome.matters} matters, no problems${r ? ` (${r.created} new, ${r.updated} changed, ${r.unchanged} unchanged)` : ''} (dry run, nothing written)\n`,
        );
      } else {
        const r = outcome.result!;
        process.stdout.write(
          `${file}: ${r.matters} matters imported as ${stage}: ${r.created} new, ${r.updated} changed (new version), ${r.unchanged} unchanged${r.departmentsCreated ? `; ${r.departmentsCreated} departments created` : ''}\n`,
        );
      }
    });

  catalog
    .command('export')
    .description('export the catalogue (JSON to stdout without --out)')
    .option('--format <format>', 'xlsx | csv | json | yaml (default: from --out, else json)')
    .option('--out <file>', 'output file')
    .option('--stage <stage>', 'as_is | to_be | latest (to_be falls back to as-is for matters not redesigned)', 'as_is')
    .option('--department <code>', 'only this department’s matters')
    .action(async (opts: { format?: string; out?: string; stage: string; department?: string }) => {
      const format = outputFormat(opts.format, opts.out, 'json');
      const stage = parseFormat(opts.stage, ['as_is', 'to_be', 'latest'] as const, 'as_is');
      if (format === 'xlsx' && !opts.out) throw new UsageError('xlsx is binary: give --out FILE');
      const cat = await withStore((store) => loadCatalogue(store.db, SYSTEM_ACTOR, { stage, departmentCode: opts.department }));
      await emit(await writeCatalogue(cat, format), format, opts.out, `${cat.matters.length} matters`);
    });

  catalog
    .command('template')
    .description('write the empty xlsx import template (instructions, headings, drop-down lists)')
    .requiredOption('--out <file>', 'output .xlsx file')
    .action(async (opts: { out: string }) => {
      if (formatOf(opts.out) !== 'xlsx') throw new UsageError('the template is an .xlsx file: --out must end in .xlsx');
      writeOut(opts.out, await writeTemplate());
      process.stderr.write(`template written to ${opts.out}\n`);
    });

  catalog
    .command('generate')
    .description('a synthetic county catalogue for scale tests and benchmarks (deterministic for a seed)')
    .option('--matters <n>', 'number of matters', '1500')
    .option('--departments <n>', 'number of departments', '100')
    .option('--seed <n>', 'random seed', '1')
    .option('--region <code>', 'region code', '370883')
    .option('--format <format>', 'xlsx | csv | json | yaml (default: from --out, else json)')
    .option('--out <file>', 'output file (JSON to stdout without it)')
    .action(async (opts: { matters: string; departments: string; seed: string; region: string; format?: string; out?: string }) => {
      const matters = intOption(opts.matters, '--matters', 1500, 1);
      const departments = intOption(opts.departments, '--departments', 100, 1);
      const seed = intOption(opts.seed, '--seed', 1, 0);
      if (!/^\d{2,12}$/.test(opts.region)) throw new UsageError(`--region must be 2 to 12 digits (got ${opts.region})`);
      const format = outputFormat(opts.format, opts.out, 'json');
      const cat = generateCatalogue({ matters, departments, seed, regionCode: opts.region });
      await emit(await writeCatalogue(cat, format), format, opts.out, `${cat.matters.length} matters`);
    });

  catalog
    .command('ledger')
    .description('export the reengineering ledger as the xlsx report sent upward (流程再造事项台账)')
    .requiredOption('--out <file>', 'output .xlsx file')
    .option('--status <status>', LEDGER_STATUSES.join(' | '))
    .option('--department <code>', 'only this unit’s items')
    .action(async (opts: { out: string; status?: string; department?: string }) => {
      if (formatOf(opts.out) !== 'xlsx') throw new UsageError('the ledger report is an .xlsx file: --out must end in .xlsx');
      const status = opts.status === undefined ? undefined : (parseFormat(opts.status, LEDGER_STATUSES, 'planned') as LedgerStatus);
      const data = await withStore((store) => exportLedgerReport(store.db, { ...SYSTEM_ACTOR, regionCode: '' }, { status, departmentCode: opts.department }));
      writeOut(opts.out, data);
      process.stderr.write(`ledger report written to ${opts.out}\n`);
    });
}
