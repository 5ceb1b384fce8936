// The one-window service from the command line, through the same facade as the routes
// (src/window/index.ts): list applications, show one, accept one, escalate overdue steps. Each command acts as a
// named user (--as), with that user's scope and rights, as the API would.
import type { Command } from 'commander';
import { actorOf, type Actor } from '../../org/index.js';
import { acceptApplication, escalateOverdue, getApplication, listApplications, windowContext, WindowError, STATUS_LABELS, type ApplicationStatus } from '../../window/index.js';
import { clockFromEnv } from '../../shared/clock.js';
import type { Store } from '../../store/database.js';
import { parseFormat, printJson, printTable, withStore } from '../context.js';
import { CliError, UsageError } from '../errors.js';

const STATUSES = Object.keys(STATUS_LABELS) as ApplicationStatus[];

async function as(store: Store, username: string): Promise<Actor> {
  const actor = await actorOf(store.db, username);
  if (!actor) throw new CliError(`no active user ${username}`);
  return actor;
}

/** A window refusal is one line naming what was wrong, as the API's message says it. */
async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof WindowError) throw new CliError(`${err.messages.en} (${err.code})`);
    throw err;
  }
}

const positiveInt = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value) || Number(value) < 1) throw new UsageError(`${name} must be a positive whole number (got ${value})`);
  return Number(value);
};

export function register(program: Command): void {
  const window = program.command('window').description('the one-window service (一窗受理): applications as a user sees them');
  window
    .command('list')
    .description('applications the user may see, newest first, a page at a time (--before: the id the last page ended at)')
    .requiredOption('--as <username>', 'whose view (an applicant sees their own; offices their regions)')
    .option('--status <status>', STATUSES.join(' | '))
    .option('--before <id>', 'the page after this application id')
    .option('--limit <n>', 'at most this many (1–200)', '50')
    .option('--format <format>', 'table | json')
    .action(async (opts: { as: string; status?: string; before?: string; limit: string; format?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, 'table');
      if (opts.status !== undefined && !(STATUSES as string[]).includes(opts.status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')} (got ${opts.status})`);
      const before = positiveInt('--before', opts.before);
      const limit = positiveInt('--limit', opts.limit)!;
      if (limit > 200) throw new UsageError(`--limit is at most 200 (got ${limit})`);
      const page = await withStore(async (store) =>
        run(async () => listApplications(windowContext(store.db), await as(store, opts.as), { status: opts.status as ApplicationStatus | undefined, before, limit })),
      );
      if (format === 'json') return printJson(page);
      printTable(
        page.items.map((a) => ({
          id: a.id,
          receipt: a.receiptNo ?? '',
          service: a.serviceName,
          holder: a.holderName,
          status: STATUS_LABELS[a.status].zh,
          submitted: a.submittedAt ?? '',
          promised: a.promisedDate ?? '',
        })),
      );
      if (page.next) process.stdout.write(`more: --before ${page.next}\n`);
    });
  window
    .command('show <id>')
    .description('one application: status, deadlines, materials, notices, steps, timeline')
    .requiredOption('--as <username>', 'whose view')
    .option('--format <format>', 'text | json')
    .action(async (id: string, opts: { as: string; format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const appId = positiveInt('<id>', id)!;
      const a = await withStore(async (store) => run(async () => getApplication(windowContext(store.db, { now: clockFromEnv() }), await as(store, opts.as), appId)));
      if (format === 'json') return printJson(a);
      const lines = [
        `${a.id} ${a.receiptNo ?? '(draft)'} ${a.serviceName} — ${STATUS_LABELS[a.status].zh} (${a.status})`,
        `holder: ${a.holder.name} ${a.holder.id}; channel: ${a.channel}; submitted: ${a.submittedAt ?? '-'}; intake due: ${a.intakeDue ?? '-'}; promised: ${a.promisedDate ?? '-'}${a.clockStopped ? ' (clock stopped)' : ''}`,
        `materials: ${a.figures.submitted} submitted, ${a.figures.obtainedBySharing} obtained by sharing`,
        ...a.steps.map(
          (s) =>
            `  step ${s.name}: ${s.status}${s.departments.length ? ` [${s.departments.join(', ')}]` : ''}${'clock' in s && s.clock ? ` due ${s.clock.dueAt} (${s.clock.level})` : ''}`,
        ),
        ...a.timeline.map((e) => `  ${e.at} ${e.type}${e.actor ? ` by ${e.actor}` : ''}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
  window
    .command('accept <id>')
    .description('受理: accept a submitted application at the window (starts its process, prints the promised date)')
    .requiredOption('--as <username>', 'the window clerk who accepts')
    .option('--format <format>', 'text | json')
    .action(async (id: string, opts: { as: string; format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const appId = positiveInt('<id>', id)!;
      const r = await withStore(async (store) => run(async () => acceptApplication(windowContext(store.db, { now: clockFromEnv() }), await as(store, opts.as), appId)));
      if (format === 'json') return printJson(r);
      process.stdout.write(`accepted ${appId}: promised ${r.promisedDate}, instance ${r.instanceId}, notice ${r.notice}\n`);
    });
  window
    .command('escalate')
    .description('督办: escalate every overdue step not escalated yet to its department heads and the supervision board (the server does it every few minutes)')
    .option('--format <format>', 'text | json')
    .action(async (opts: { format?: string }) => {
      const format = parseFormat(opts.format, ['text', 'json'] as const, 'text');
      const r = await withStore(async (store) => run(() => escalateOverdue(windowContext(store.db, { now: clockFromEnv() }))));
      if (format === 'json') return printJson(r);
      process.stdout.write(`escalated ${r.escalated} overdue steps (${r.notices} notices; ${r.scanned} open steps read)\n`);
    });
}
