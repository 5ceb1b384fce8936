// zaizao analyze FILE: the reengineering analyzer over a catalogue file (xlsx, csv, json,
// yaml). Prints findings and figures as a
// table, JSON or SARIF 2.1.0; exits 1 when the catalogue has an error-severity finding.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Catalogue } from '../../catalog/model.js';
import { describeProblem, readCatalogueFile } from '../../catalog/files/index.js';
import type { RuleConfig } from '../../analyze/model.js';
import { analyze, validateConfig } from '../../analyze/runner.js';
import { figureRows, findingRows, summarize, toJsonReport, toSarif } from '../../analyze/report.js';
import { parseFormat, printJson, printTable } from '../context.js';
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

async function readFileCatalogue(file: string): Promise<Catalogue> {
  let data: Buffer;
  try {
    data = await fs.promises.readFile(file);
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const { catalogue, problems } = await readCatalogueFile(data, file);
  if (!catalogue) {
    const first = problems.slice(0, 3).map((p) => describeProblem(p, 'en')).join('; ');
    throw new CliError(`${file}: ${problems.length} problem(s): ${first}${problems.length > 3 ? '; ...' : ''}`);
  }
  return catalogue;
}

export function register(program: Command): void {
  program
    .command('analyze')
    .description('find what the reform cuts: rules with explanations, fixes and before/after figures (流程再造分析)')
    .argument('<file>', 'catalogue file (.xlsx, .csv, .json, .yaml)')
    .option('--format <format>', 'table | json | sarif')
    .option('--config <file>', 'rule configuration (JSON: rule id → "off" | severity | { severity, options })')
    .option('--lang <lang>', 'zh | en (table messages)')
    .action(async (file: string, opts: { format?: string; config?: string; lang?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json', 'sarif'] as const, 'table');
      const lang = parseFormat(opts.lang, ['zh', 'en'] as const, 'zh');
      const config = await readConfig(opts.config);
      const catalogue = await readFileCatalogue(file);
      const result = analyze(catalogue, { config });
      if (format === 'json') printJson(toJsonReport(result));
      else if (format === 'sarif') printJson(toSarif(result, { artifactUri: encodeURI(path.basename(file)) }));
      else {
        printTable(findingRows(result.findings, lang), ['severity', 'rule', 'location', 'fix', 'message']);
        process.stdout.write('\n');
        printTable(figureRows(result, lang), ['figure', 'asIs', 'toBe', 'change']);
        const s = summarize(result);
        process.stdout.write(`\n${s.findings} findings (${s.bySeverity.error} errors, ${s.bySeverity.warning} warnings, ${s.bySeverity.suggestion} suggestions), ${s.fixable} with a fix; ${s.remainingErrors} errors remain after every fix\n`);
      }
      // As ESLint: the catalogue as it is still has the errors until the fixes are applied.
      if (result.findings.some((f) => f.severity === 'error')) process.exitCode = 1;
    });
}
