// zaizao analyze [FILE]: the reengineering analyzer over a catalogue file (xlsx, csv, json,
// yaml) or, without FILE, the catalogue in the database (with its region's rule settings). Prints findings and figures as a
// table, JSON or SARIF 2.1.0; exits 1 when the catalogue has an error-severity finding.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { type Catalogue, loadCatalogue } from '../../catalogue/index.js';
import {
  type RuleConfig,
  analyze,
  mergeConfigs,
  validateConfig,
  regionRuleConfig,
  figureRows,
  findingRows,
  groupedFigureRows,
  summarize,
  toJsonReport,
  toSarif,
} from '../../analyzer/index.js';
import { SYSTEM_ACTOR } from '../../org/index.js';
import { parseFormat, printJson, printTable, withStore } from '../context.js';
import { readFileCatalogue } from '../problems.js';
import { CliError, UsageError } from '../errors.js';

async function readConfig(file: string | undefined): Promise<RuleConfig> {
  if (!file) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read rule configuration ${file}: ${(err as Error).message}`);
  }
  const problems = validateConfig(parsed);
  if (problems.length) throw new UsageError(`rule configuration ${file}: ${problems.map((p) => p.message.en).join('; ')}`);
  return parsed as RuleConfig;
}

export function register(program: Command): void {
  program
    .command('analyze')
    .description('find what the reform cuts: rules with explanations, fixes and before/after figures (流程再造分析)')
    .argument('[file]', 'catalogue file (.xlsx, .csv, .json, .yaml); without it, the catalogue in the database')
    .option('--format <format>', 'table | json | sarif')
    .option('--config <file>', 'rule configuration (JSON: rule id → "off" | severity | { severity, options })')
    .option('--region <code>', 'database only: the region whose matters and rule settings to use (default: the whole catalogue)')
    .option('--stage <stage>', 'database only: as_is (default) or to_be (falling back to as-is where no redesign exists)')
    .option('--lang <lang>', 'zh | en (table messages)')
    .option('--figures <by>', 'table: catalogue (default) | department | matter')
    .action(async (file: string | undefined, opts: { format?: string; config?: string; region?: string; stage?: string; lang?: string; figures?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json', 'sarif'] as const, 'table');
      const lang = parseFormat(opts.lang, ['zh', 'en'] as const, 'zh');
      const stage = parseFormat(opts.stage, ['as_is', 'to_be'] as const, 'as_is');
      const figuresBy = parseFormat(opts.figures, ['catalogue', 'department', 'matter'] as const, 'catalogue');
      const fileConfig = await readConfig(opts.config);
      let catalogue: Catalogue;
      let config = fileConfig;
      if (file) {
        if (opts.region || opts.stage) throw new UsageError('--region and --stage apply to the database, not to a file');
        catalogue = await readFileCatalogue(file, lang);
      } else {
        if (opts.region !== undefined && !/^\d{1,12}$/.test(opts.region)) throw new UsageError(`--region must be a region code (got ${opts.region})`);
        const stored = await withStore(async (store) => {
          const cat = await loadCatalogue(store.db, { ...SYSTEM_ACTOR, regionCode: opts.region ?? '' }, { stage });
          return { cat, config: await regionRuleConfig(store.db, opts.region ?? cat.regionCode) };
        });
        if (stored.cat.matters.length === 0)
          throw new CliError(`no matters in the database${opts.region ? ` for region ${opts.region}` : ''}; import a catalogue first (zaizao catalog import FILE)`);
        catalogue = stored.cat;
        // the file's settings, when given, override the region's rule by rule
        config = mergeConfigs(stored.config, fileConfig);
      }
      const result = analyze(catalogue, { config });
      if (format === 'json') printJson(toJsonReport(result));
      else if (format === 'sarif') printJson(toSarif(result, file ? { artifactUri: encodeURI(path.basename(file)) } : {}));
      else {
        printTable(findingRows(result.findings, lang), ['severity', 'rule', 'location', 'fix', 'message']);
        process.stdout.write('\n');
        if (figuresBy === 'catalogue') printTable(figureRows(result, lang), ['figure', 'asIs', 'toBe', 'change']);
        else printTable(groupedFigureRows(result, figuresBy, lang));
        const s = summarize(result);
        process.stdout.write(
          `\n${s.findings} findings (${s.bySeverity.error} errors, ${s.bySeverity.warning} warnings, ${s.bySeverity.suggestion} suggestions), ${s.fixable} with a fix; ${s.remainingErrors} errors remain after every fix\n`,
        );
      }
      // As ESLint: the catalogue as it is still has the errors until the fixes are applied.
      if (result.findings.some((f) => f.severity === 'error')) process.exitCode = 1;
    });
}
