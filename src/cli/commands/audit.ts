import type { Command } from 'commander';
import { verifyAuditTrail } from '../../audit/trail.js';
import { parseFormat, printJson, withStore } from '../context.js';
import { CliError } from '../errors.js';

export function register(program: Command): void {
  const audit = program.command('audit').description('audit trail (审计留痕)');
  audit
    .command('verify')
    .description('check the hash chain; exits 1 at the first altered or removed row')
    .option('--format <format>', 'text | json')
    .action(async (opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const result = await withStore((store) => verifyAuditTrail(store.db));
      if (format === 'json') printJson(result);
      else if (result.ok) process.stdout.write(`audit trail intact: ${result.rows} rows\n`);
      if (!result.ok) {
        if (format === 'json') {
          process.exitCode = 1;
          return;
        }
        throw new CliError(`audit trail broken at row ${result.firstBreak!.id}: ${result.firstBreak!.reason}`);
      }
    });
}
