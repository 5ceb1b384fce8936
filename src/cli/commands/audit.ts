import type { Command } from 'commander';
import { auditHead, parseAnchor, verifyAuditTrail, type AuditAnchor } from '../../audit/index.js';
import { shanghaiIso } from '../../shared/time.js';
import { parseFormat, printJson, withStore } from '../context.js';
import { CliError, UsageError } from '../errors.js';

export function register(program: Command): void {
  const audit = program.command('audit').description('audit trail (审计留痕)');
  audit
    .command('verify')
    .description('check the hash chain; exits 1 at the first altered or removed row')
    .option('--anchor <ID:HASH>', 'a head printed earlier by `zaizao audit head`: also detects rows removed from the end')
    .option('--format <format>', 'text | json')
    .action(async (opts: { format?: string; anchor?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      let anchor: AuditAnchor | undefined;
      try {
        anchor = opts.anchor === undefined ? undefined : parseAnchor(opts.anchor);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      const result = await withStore((store) => verifyAuditTrail(store.db, { anchor }));
      if (format === 'json') printJson(result);
      else if (result.ok) process.stdout.write(`audit trail intact: ${result.rows} rows${anchor ? `, anchored row ${anchor.id} present and unchanged` : ''}\n`);
      if (!result.ok) {
        if (format === 'json') {
          process.exitCode = 1;
          return;
        }
        throw new CliError(`audit trail broken at row ${result.firstBreak!.id}: ${result.firstBreak!.reason}`);
      }
    });
  audit
    .command('head')
    .description('print the newest row as ID:HASH; keep it outside the database to detect later removal of rows')
    .option('--format <format>', 'text | json')
    .action(async (opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const head = await withStore((store) => auditHead(store.db));
      if (format === 'json') printJson({ id: head.id, hash: head.hash, at: head.at ? shanghaiIso(head.at) : null, anchor: `${head.id}:${head.hash}` });
      else process.stdout.write(`${head.id}:${head.hash}\n`);
    });
}
