// zaizao findings decide|decisions: the reform office's decisions on analyzer findings —
// accept (the fix makes the to-be version), reject with a reason, defer — one by one or in
// bulk by rule, department or matter, by a named user; and the decision history.
import type { Command } from 'commander';
import { DECISIONS, DECISION_LABELS, type Decision, decideFindings, listDecisions, type DecideInput, AnalyzerError } from '../../analyzer/index.js';
import { actorOf } from '../../org/index.js';
import { parseFormat, printJson, printTable, withStore } from '../context.js';
import { CliError, UsageError } from '../errors.js';

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function register(program: Command): void {
  const findings = program.command('findings').description('decisions on the analyzer’s findings (采纳 / 不采纳 / 暂缓)');

  findings
    .command('decide')
    .description('accept, reject (with --reason) or defer findings, by key or in bulk by rule, department or matter; all or nothing')
    .argument('<decision>', 'accept | reject | defer')
    .requiredOption('--by <username>', 'who decides (an administrator or reform-office user)')
    .option('--reason <text>', 'why (required to reject)')
    .option('--finding <matter:key>', 'a finding, as MATTER_CODE:KEY (repeatable)', collect)
    .option('--rule <id>', 'every undecided finding of this rule')
    .option('--department <code>', 'every undecided finding of this department')
    .option('--matter <code>', 'every undecided finding of this matter')
    .option('--format <format>', 'table | json')
    .action(async (decision: string, opts: { by: string; reason?: string; finding?: string[]; rule?: string; department?: string; matter?: string; format?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, 'table');
      if (!['accept', 'reject', 'defer'].includes(decision)) throw new UsageError(`decision must be accept, reject or defer (got ${decision})`);
      const chosen = opts.finding?.map((f) => {
        const at = f.indexOf(':');
        if (at <= 0) throw new UsageError(`--finding must be MATTER_CODE:KEY (got ${f})`);
        return { matterCode: f.slice(0, at), key: f.slice(at + 1) };
      });
      await withStore(async (store) => {
        const actor = await actorOf(store.db, opts.by);
        if (!actor) throw new CliError(`no active user ${opts.by}`);
        const input: DecideInput = {
          decision: decision as DecideInput['decision'],
          reason: opts.reason,
          findings: chosen,
          rule: opts.rule,
          department: opts.department,
          matter: opts.matter,
        };
        const result = await decideFindings(store.db, actor, input).catch((err: unknown) => {
          if (err instanceof AnalyzerError) throw new CliError(err.reason.en, err.code === 'forbidden' ? 3 : 1);
          throw err;
        });
        if (format === 'json')
          return printJson({
            decision: result.decision,
            decided: result.decided,
            skipped: result.skipped,
            fixes: result.fixes.map((f) => ({ matterCode: f.version.matterCode, version: f.version.version, ledgerItem: f.ledgerItem.id })),
          });
        process.stdout.write(
          `${DECISION_LABELS[result.decision].zh} (${result.decision}): ${result.decided} finding(s)${result.skipped.length ? `; ${result.skipped.length} without a fix left undecided` : ''}\n`,
        );
        if (result.fixes.length) printTable(result.fixes.map((f) => ({ matter: f.version.matterCode, version: f.version.version, ledgerItem: f.ledgerItem.id })));
      });
    });

  findings
    .command('decisions')
    .description('the decision history, newest first')
    .requiredOption('--by <username>', 'whose regions to list')
    .option('--matter <code>', 'only this matter')
    .option('--decision <decision>', DECISIONS.join(' | '))
    .option('--limit <n>', 'at most this many (default 200)')
    .option('--format <format>', 'table | json')
    .action(async (opts: { by: string; matter?: string; decision?: string; limit?: string; format?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, 'table');
      const decision = opts.decision === undefined ? undefined : parseFormat(opts.decision, DECISIONS, 'accepted');
      const limit = opts.limit === undefined ? 200 : Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError('--limit must be a whole number from 1 to 1000');
      await withStore(async (store) => {
        const actor = await actorOf(store.db, opts.by);
        if (!actor) throw new CliError(`no active user ${opts.by}`);
        const items = await listDecisions(store.db, actor, { matterCode: opts.matter, decision: decision as Decision | undefined, limit });
        if (format === 'json') return printJson({ items });
        printTable(items.map((d) => ({ when: d.decidedAt, by: d.decidedByName, matter: d.matterCode, rule: d.rule, decision: DECISION_LABELS[d.decision].zh, reason: d.reason })));
      });
    });
}
