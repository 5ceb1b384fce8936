import type { Command } from 'commander';
import { addUser, OrgError, unlockUser, ROLES, SYSTEM_ACTOR, type Role } from '../../org/index.js';
import { ORG_IN_USE_HINT, parseFormat, printJson, withStore } from '../context.js';
import { CliError, UsageError } from '../errors.js';

export function register(program: Command): void {
  const user = program.command('user').description('users');
  user
    .command('add <username>')
    .description('add a user; the password is read from env ZAIZAO_NEW_PASSWORD or --password')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .requiredOption('--region <code>', 'region code, e.g. 370883')
    .option('--department <code>', 'department code (department officers)')
    .option('--head', 'head of the department (overdue work is escalated to them)')
    .option('--name <displayName>', 'display name')
    .option('--password <password>', 'password (prefer env ZAIZAO_NEW_PASSWORD: arguments show in process lists)')
    .option('--format <format>', 'text | json')
    .action(async (username: string, opts: { role: string; region: string; department?: string; head?: boolean; name?: string; password?: string; format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      if (!(ROLES as readonly string[]).includes(opts.role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')} (got ${opts.role})`);
      const password = opts.password ?? process.env.ZAIZAO_NEW_PASSWORD;
      if (!password) throw new UsageError('give the password in env ZAIZAO_NEW_PASSWORD or with --password');
      try {
        const created = await withStore(
          (store) =>
            addUser(store.db, SYSTEM_ACTOR, {
              username,
              displayName: opts.name ?? username,
              role: opts.role as Role,
              regionCode: opts.region,
              departmentCode: opts.department ?? null,
              departmentHead: opts.head === true,
              password,
            }),
          ORG_IN_USE_HINT,
        );
        if (format === 'json') printJson({ id: created.id, username });
        else process.stdout.write(`added user ${username} (id ${created.id})\n`);
      } catch (err) {
        if (err instanceof OrgError) throw new CliError(err.message);
        throw err;
      }
    });

  user
    .command('unlock <username>')
    .description('unlock an account locked by failed sign-ins (its counters from every address are forgotten)')
    .option('--format <format>', 'text | json')
    .action(async (username: string, opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      try {
        const r = await withStore((store) => unlockUser(store.db, SYSTEM_ACTOR, username));
        if (format === 'json') printJson(r);
        else process.stdout.write(`unlocked user ${username}\n`);
      } catch (err) {
        if (err instanceof OrgError) throw new CliError(err.message);
        throw err;
      }
    });
}
