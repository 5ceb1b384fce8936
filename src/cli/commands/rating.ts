import type { Command } from 'commander';
import { monthPeriod, ranking, DIMENSIONS, type Dimension, giveDefaultRatings, RatingError } from '../../rating/index.js';
import { SYSTEM_ACTOR } from '../../org/index.js';
import { parseFormat, printJson, printTable, withStore } from '../context.js';
import { UsageError } from '../errors.js';

export function register(program: Command): void {
  const rating = program.command('rating').description('service ratings (好差评)');
  rating
    .command('defaults')
    .description('give the default rating to finished work left unrated past the county’s defaultAfterDays (counties without the rule: none)')
    .action(async () => {
      const n = await withStore((store) => giveDefaultRatings(store.db, new Date()));
      process.stdout.write(`default ratings given: ${n}\n`);
    });
  rating
    .command('ranking')
    .description('the fair ranking of a month (minimum sample, Wilson lower bound of the 好评率)')
    .requiredOption('--month <YYYY-MM>', 'the month')
    .option('--dimension <dimension>', DIMENSIONS.join(' | '), 'department')
    .option('--region <code>', 'region code (default: every region)')
    .option('--format <format>', 'table | json')
    .action(async (opts: { month: string; dimension: string; region?: string; format?: string }) => {
      const format = parseFormat(opts.format, ['table', 'json'] as const, 'table');
      if (!(DIMENSIONS as readonly string[]).includes(opts.dimension)) throw new UsageError(`--dimension must be one of ${DIMENSIONS.join(', ')}`);
      if (opts.region !== undefined && !/^\d{6,12}$/.test(opts.region)) throw new UsageError('--region is a region code of 6 to 12 digits');
      let period;
      try {
        period = monthPeriod(opts.month);
      } catch (err) {
        throw new UsageError(err instanceof RatingError ? err.messages.en : String(err));
      }
      const actor = { ...SYSTEM_ACTOR, role: 'admin' as const };
      const r = await withStore((store) => ranking(store.db, actor, { dimension: opts.dimension as Dimension, period, regionCode: opts.region ?? '' }));
      if (format === 'json') return printJson(r);
      printTable(
        r.rows.map((u) => ({
          rank: u.rank ?? `<${r.minSample}`,
          key: u.key,
          name: u.name,
          ratings: u.total,
          positiveRate: u.positiveRate === null ? '' : u.positiveRate.toFixed(3),
          lowerBound: u.score.toFixed(3),
          negative: u.negative,
          onTime: `${u.rectifiedOnTime}/${u.rectified}`,
          upheld: u.appealsUpheld,
        })),
      );
    });
}
