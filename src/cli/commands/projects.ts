// `zaizao projects`: the escalation sweep, the board, and the enterprise roster workbook —
// the same facades the HTTP routes call (src/projects, src/enterprise).
import fs from 'node:fs';
import type { Command } from 'commander';
import { EnterpriseError, exportRoster, importRoster } from '../../enterprise/index.js';
import { SYSTEM_ACTOR, type Actor } from '../../org/index.js';
import { projectBoard, sweepAll } from '../../projects/index.js';
import { parseFormat, printJson, printTable, withStore } from '../context.js';
import { UsageError } from '../errors.js';

function countyActor(county: string): Actor {
  if (!/^\d{6}$/.test(county)) throw new UsageError('--county is a county code of 6 digits');
  return { ...SYSTEM_ACTOR, role: 'admin', regionCode: county };
}

export function register(program: Command): void {
  const projects = program.command('projects').description('major projects and enterprise service (重点项目, 企业服务)');
  projects
    .command('sweep')
    .description('escalate overdue blockers (to the task-force lead, then the coordination meeting) and late enterprise requests now')
    .action(async () => {
      const r = await withStore((store) => sweepAll(store.db, new Date()));
      process.stdout.write(
        `blockers to task-force lead: ${r.toTaskForce}, to coordination meeting: ${r.toCoordination}; late items to task-force lead: ${r.itemsToTaskForce}, to coordination meeting: ${r.itemsToCoordination}; requests escalated: ${r.requestsEscalated}\n`,
      );
    });
  projects
    .command('board')
    .description('the project board: each project at the milestone it stands at')
    .requiredOption('--county <code>', 'county code (6 digits)')
    .option('--format <format>', 'table | json')
    .action(async (opts: { county: string; format?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, 'table');
      const board = await withStore((store) => projectBoard(store.db, countyActor(opts.county), new Date()));
      if (format === 'json') return printJson(board);
      printTable(
        board.columns.flatMap((c) =>
          c.projects.map((p) => ({
            milestone: c.name.zh,
            id: p.id,
            project: p.name,
            level: p.level,
            planned: p.current?.plannedDate ?? '',
            overdue: p.current?.state === 'overdue' ? 'yes' : '',
            blockers: p.openBlockers,
          })),
        ),
      );
    });
  projects
    .command('roster-import <file>')
    .description('import the enterprise roster workbook (xlsx): all or nothing, tiers recomputed')
    .requiredOption('--county <code>', 'county code (6 digits)')
    .action(async (file: string, opts: { county: string }) => {
      const bytes = fs.readFileSync(file);
      const r = await withStore((store) => importRoster(store.db, countyActor(opts.county), bytes, new Date())).catch((err: unknown) => {
        throw err instanceof EnterpriseError ? new UsageError(err.messages.en) : err;
      });
      if (!r.ok) {
        for (const p of r.problems) process.stderr.write(`${p.sheet} row ${p.row} ${p.column}: ${p.reason.en}${p.value ? ` (${p.value})` : ''}\n`);
        throw new UsageError(`${r.problems.length} problems; nothing was imported`);
      }
      process.stdout.write(`created ${r.counts.created}, updated ${r.counts.updated}, tier changes ${r.counts.tierChanges}\n`);
    });
  projects
    .command('roster-export <file>')
    .description('export the enterprise roster with tiers as xlsx')
    .requiredOption('--county <code>', 'county code (6 digits)')
    .action(async (file: string, opts: { county: string }) => {
      const bytes = await withStore((store) => exportRoster(store.db, countyActor(opts.county)));
      fs.writeFileSync(file, bytes);
      process.stdout.write(`written ${file}\n`);
    });
}
