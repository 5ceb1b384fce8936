import fs from 'node:fs';
import type { Command } from 'commander';
import { SYSTEM_ACTOR, officialCountyTree, importRegionTree, importOrgWorkbook, orgTemplate } from '../../org/index.js';
import { ORG_IN_USE_HINT, parseFormat, printJson, printTable, withStore } from '../context.js';
import { CliError, UsageError } from '../errors.js';

export function register(program: Command): void {
  const org = program.command('org').description('the organisation: regions, departments, users');

  org
    .command('template')
    .description('write the organisation workbook template (sheets 区划, 部门, 用户, 说明)')
    .requiredOption('--out <file>', 'xlsx file to write')
    .action((opts: { out: string }) => {
      fs.writeFileSync(opts.out, orgTemplate());
      process.stdout.write(`wrote ${opts.out}\n`);
    });

  org
    .command('import <file>')
    .description('import regions, departments and users from an xlsx workbook: all or nothing; prints each new user’s one-time password once')
    .option('--format <format>', 'table | json')
    .action(async (file: string, opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, 'table');
      if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
      if (fs.statSync(file).size > 16 * 1024 * 1024) throw new CliError(`${file} is larger than 16 MiB`);
      const result = await withStore((store) => importOrgWorkbook(store.db, SYSTEM_ACTOR, fs.readFileSync(file)), ORG_IN_USE_HINT);
      if (format === 'json') printJson(result);
      if (!result.ok) {
        if (format !== 'json') {
          for (const p of result.problems) process.stderr.write(`${p.sheet} 第 ${p.row} 行 ${p.column}${p.value ? ` “${p.value}”` : ''}: ${p.reason.zh} (${p.reason.en})\n`);
        }
        throw new CliError(`${result.problems.length} problems; nothing was imported`);
      }
      if (format === 'table') {
        process.stdout.write(`imported ${result.counts.regions} regions, ${result.counts.departments} departments, ${result.counts.users} users\n`);
        if (result.passwords.length) {
          process.stdout.write('one-time passwords (shown once; each user changes theirs at first sign-in):\n');
          printTable(result.passwords.map((p) => ({ username: p.username, name: p.displayName, password: p.oneTimePassword })));
        }
      }
    });

  org
    .command('import-divisions <county>')
    .description('load the official townships and villages of a county (6-digit GB/T 2260 code) that the database lacks')
    .option('--format <format>', 'text | json')
    .action(async (county: string, opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      if (!/^\d{6}$/.test(county)) throw new UsageError(`a county code has 6 digits (GB/T 2260): ${county}`);
      const tree = await officialCountyTree(county);
      if (!tree) throw new CliError(`the division data has no county ${county}`);
      const result = await withStore((store) => importRegionTree(store.db, SYSTEM_ACTOR, county, tree), ORG_IN_USE_HINT);
      const townships = tree.filter((r) => r.level === 'township').length;
      const villages = tree.filter((r) => r.level === 'village').length;
      if (format === 'json') printJson({ county, name: tree[0].name, townships, villages, ...result });
      else process.stdout.write(`${tree[0].name} (${county}): ${townships} townships, ${villages} villages; added ${result.added}, already present ${result.kept}\n`);
    });
}
