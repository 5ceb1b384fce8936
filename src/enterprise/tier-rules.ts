// The county's tier rules: read, and replaced with every enterprise's tier recomputed (tiers.ts)
// and each change kept as history.
import { recordAudit } from '../audit/trail.js';
import type { Actor } from '../org/model.js';
import { countyFor, invalid, requireOffice } from './commands.js';
import type { EnterpriseError, TierRule } from './model.js';
import { assignTiers, checkRules } from './tiers.js';
import { designationsOf, loadTierRules, type Db } from './store.js';

export async function getTierRules(db: Db, actor: Actor): Promise<{ rules: TierRule[]; custom: boolean }> {
  return loadTierRules(db, countyFor(actor));
}

export async function rosterFigures(db: Db, county: string) {
  const rows = await db
    .selectFrom('enterprises')
    .select(['uscc', 'name', 'tax_paid', 'employees', 'output_value', 'designations', 'tier'])
    .where('region_code', 'like', `${county}%`)
    .execute();
  return rows.map((r) => ({
    uscc: r.uscc,
    name: r.name,
    taxPaid: Number(r.tax_paid),
    employees: r.employees,
    outputValue: Number(r.output_value),
    designations: designationsOf(r.designations),
    tier: r.tier,
  }));
}

function tierRefusal(problems: ReturnType<typeof assignTiers>['problems']): EnterpriseError {
  const first = problems[0];
  return invalid({ zh: problems.map((p) => p.reason.zh).join('；'), en: problems.map((p) => p.reason.en).join('; ') }, { code: first.kind, problems });
}

/** Writes tier changes and their history (inside the caller's transaction). */
export async function applyTiers(trx: Db, county: string, current: Map<string, string | null>, tiers: Map<string, string>, reason: string, now: Date): Promise<number> {
  let changed = 0;
  for (const [uscc, tier] of tiers) {
    const before = current.get(uscc) ?? null;
    if (before === tier) continue;
    changed++;
    await trx.updateTable('enterprises').set({ tier }).where('uscc', '=', uscc).execute();
    await trx.insertInto('enterprise_tier_history').values({ uscc, region_code: county, tier, previous_tier: before, reason, at: now }).execute();
  }
  return changed;
}

/** Replaces the county's tier rules and recomputes every tier; a rule matching no enterprise is refused. */
export async function setTierRules(db: Db, actor: Actor, rules: TierRule[], now: Date): Promise<{ rules: TierRule[]; changed: number }> {
  requireOffice(actor, { zh: '只有管理员或改革办可以设定分级标准', en: 'only an administrator or the reform office sets tier rules' });
  const county = countyFor(actor);
  const sorted = checkRules(rules);
  const roster = await rosterFigures(db, county);
  const { tiers, problems } = assignTiers(sorted, roster);
  if (problems.length) throw tierRefusal(problems);
  const changed = await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('enterprise_tier_rules').where('region_code', '=', county).execute();
    await trx
      .insertInto('enterprise_tier_rules')
      .values(
        sorted.map((r) => ({
          region_code: county,
          tier: r.tier,
          position: r.position,
          label_zh: r.label.zh,
          label_en: r.label.en,
          min_tax: r.minTax,
          min_employees: r.minEmployees,
          min_output: r.minOutput,
          designation: r.designation,
          first_contact_workdays: r.firstContactWorkdays,
          answer_workdays: r.answerWorkdays,
        })),
      )
      .execute();
    const n = await applyTiers(trx, county, new Map(roster.map((e) => [e.uscc, e.tier])), tiers, 'rules', now);
    await recordAudit(trx, {
      actor,
      action: 'enterprise.tier_rules',
      entity: 'enterprise_tier_rules',
      entityId: county,
      regionCode: county,
      after: { rules: sorted.map((r) => r.tier), changed: n },
    });
    return n;
  });
  return { rules: sorted, changed };
}
