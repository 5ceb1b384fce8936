// A county's rating rules: the rectification and appeal deadlines in working days, the default
// rating's delay and the ranking's minimum sample.
import { recordAudit } from '../../audit/trail.js';
import type { Actor } from '../../org/model.js';
import { DEFAULT_RULES, RULE_BOUNDS, RatingError, type RatingRules } from '../model.js';
import { countyOf, type Db } from './tables.js';

export async function loadRules(db: Db, regionCode: string): Promise<RatingRules> {
  const row = await db.selectFrom('rating_rules').selectAll().where('region_code', '=', countyOf(regionCode)).executeTakeFirst();
  if (!row) return { ...DEFAULT_RULES };
  return { rectifyWorkdays: row.rectify_workdays, appealWorkdays: row.appeal_workdays, defaultAfterDays: row.default_after_days, minSample: row.min_sample };
}

export async function setRules(db: Db, actor: Actor, patch: Partial<RatingRules>, now: Date): Promise<RatingRules> {
  if (actor.role !== 'admin' && actor.role !== 'reform_office')
    throw new RatingError('forbidden', { zh: '只有改革办可以设置好差评规则', en: 'only the reform office sets the rating rules' });
  const county = countyOf(actor.regionCode);
  if (county.length !== 6) throw new RatingError('forbidden', { zh: '规则按县（市、区）设置', en: 'rules are set per county' });
  for (const [key, bounds] of Object.entries(RULE_BOUNDS) as Array<[keyof RatingRules, { min: number; max: number }]>) {
    const v = patch[key];
    if (v === undefined || v === null) continue;
    if (!Number.isInteger(v) || v < bounds.min || v > bounds.max) {
      throw new RatingError(
        'invalid_input',
        { zh: `${key} 须为 ${bounds.min}–${bounds.max} 的整数`, en: `${key} must be an integer from ${bounds.min} to ${bounds.max}` },
        { field: key },
      );
    }
  }
  return db.transaction().execute(async (trx) => {
    const before = await loadRules(trx, county);
    const next: RatingRules = { ...before, ...patch };
    await trx
      .insertInto('rating_rules')
      .values({
        region_code: county,
        rectify_workdays: next.rectifyWorkdays,
        appeal_workdays: next.appealWorkdays,
        default_after_days: next.defaultAfterDays,
        min_sample: next.minSample,
        updated_by: actor.username,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('region_code').doUpdateSet({
          rectify_workdays: next.rectifyWorkdays,
          appeal_workdays: next.appealWorkdays,
          default_after_days: next.defaultAfterDays,
          min_sample: next.minSample,
          updated_by: actor.username,
          updated_at: now,
        }),
      )
      .execute();
    await recordAudit(trx, { actor, action: 'rating.rules', entity: 'rating_rules', entityId: county, regionCode: county, before, after: next });
    return next;
  });
}
