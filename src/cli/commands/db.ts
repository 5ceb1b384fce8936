import type { Command } from 'commander';
import { migrate } from '../../store/migrate.js';
import { seedDemoData } from '../../server/seed.js';
import { openStore } from '../../store/database.js';
import { storeConfigFromEnv } from '../../store/config.js';
import { parseFormat, printJson, withStore } from '../context.js';
import { DataDirInUseError } from '../../store/lock.js';
import { CliError } from '../errors.js';

export function register(program: Command): void {
  const db = program.command('db').description('database');
  db.command('migrate')
    .description('apply pending migrations to the database the server uses')
    .option('--format <format>', 'text | json')
    .action(async (opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      let store;
      try {
        store = await openStore(storeConfigFromEnv(), { migrate: false });
      } catch (err) {
        throw new CliError(err instanceof DataDirInUseError ? err.message : `cannot open the database: ${(err as Error).message}`);
      }
      try {
        const applied = await migrate(store);
        if (format === 'json') printJson({ applied });
        else process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      } finally {
        await store.close();
      }
    });

  const seed = program.command('seed').description('demo data');
  seed
    .command('demo')
    .description('load the demo organisation (and the capabilities’ demo data) if not loaded yet')
    .option('--format <format>', 'text | json')
    .action(async (opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const report = await withStore((store) => seedDemoData(store, undefined, { service: true }));
      if (format === 'json') {
        printJson(report);
        return;
      }
      if (!report.organisation?.seeded) process.stdout.write('demo organisation already loaded\n');
      else {
        process.stdout.write(`demo users: ${report.organisation.users.map((u) => u.username).join(', ')}\n`);
        if (report.organisation.generatedPassword) process.stdout.write(`demo password (shown once): ${report.organisation.generatedPassword}\n`);
      }
      for (const line of report.extras) process.stdout.write(`${line}\n`);
    });
}
