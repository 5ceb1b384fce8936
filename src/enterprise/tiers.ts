// Tiers (分级) by the administrator's criteria. Pure: rules and figures in, tiers or the
// problems that make a set of rules unusable out.
import { EnterpriseError, type EnterpriseFigures, type Text, type TierRule } from './model.js';

export const MAX_TIER_RULES = 20;

/** Whether every criterion the rule gives holds for the figures. */
export function ruleHolds(rule: TierRule, f: EnterpriseFigures): boolean {
  if (rule.minTax !== null && f.taxPaid < rule.minTax) return false;
  if (rule.minEmployees !== null && f.employees < rule.minEmployees) return false;
  if (rule.minOutput !== null && f.outputValue < rule.minOutput) return false;
  if (rule.designation !== null && !f.designations.includes(rule.designation)) return false;
  return true;
}

const hasCriteria = (r: TierRule) => r.minTax !== null || r.minEmployees !== null || r.minOutput !== null || r.designation !== null;

/** The first rule by position that holds; null when none does. */
export function tierOf(rules: readonly TierRule[], f: EnterpriseFigures): TierRule | null {
  return [...rules].sort((a, b) => a.position - b.position).find((r) => ruleHolds(r, f)) ?? null;
}

const bad = (messages: Text, details: unknown) => new EnterpriseError('invalid', messages, details);

/** The rules' own shape: tiers unique, targets in bounds, and no rule hidden behind a catch-all. */
export function checkRules(rules: readonly TierRule[]): TierRule[] {
  if (rules.length === 0) throw bad({ zh: '至少需要一条分级标准', en: 'at least one tier rule is required' }, { field: 'rules' });
  if (rules.length > MAX_TIER_RULES) throw bad({ zh: `分级标准最多 ${MAX_TIER_RULES} 条`, en: `at most ${MAX_TIER_RULES} tier rules` }, { field: 'rules' });
  const sorted = [...rules].sort((a, b) => a.position - b.position);
  const seen = new Set<string>();
  const positions = new Set<number>();
  sorted.forEach((r, i) => {
    if (!/^[\p{L}\p{N}_-]{1,20}$/u.test(r.tier)) throw bad({ zh: `分级代码不合法：${r.tier}`, en: `invalid tier code: ${r.tier}` }, { tier: r.tier });
    if (seen.has(r.tier)) throw bad({ zh: `分级重复：${r.tier}`, en: `tier given twice: ${r.tier}` }, { tier: r.tier });
    if (positions.has(r.position)) throw bad({ zh: `顺序重复：${r.position}`, en: `position given twice: ${r.position}` }, { tier: r.tier });
    seen.add(r.tier);
    positions.add(r.position);
    for (const [k, v] of [
      ['minTax', r.minTax],
      ['minEmployees', r.minEmployees],
      ['minOutput', r.minOutput],
    ] as const) {
      if (v !== null && (!Number.isFinite(v) || v < 0))
        throw bad({ zh: `分级 ${r.tier} 的 ${k} 须为非负数`, en: `tier ${r.tier}: ${k} must be a number ≥ 0` }, { tier: r.tier, field: k });
    }
    if (!Number.isInteger(r.firstContactWorkdays) || r.firstContactWorkdays < 0 || r.firstContactWorkdays > 30) {
      throw bad(
        { zh: `分级 ${r.tier} 的首次联系时限须为 0–30 个工作日`, en: `tier ${r.tier}: first contact must be 0–30 working days` },
        { tier: r.tier, field: 'firstContactWorkdays' },
      );
    }
    if (!Number.isInteger(r.answerWorkdays) || r.answerWorkdays < 1 || r.answerWorkdays > 60) {
      throw bad(
        { zh: `分级 ${r.tier} 的答复时限须为 1–60 个工作日`, en: `tier ${r.tier}: the answer must be due in 1–60 working days` },
        { tier: r.tier, field: 'answerWorkdays' },
      );
    }
    if (!hasCriteria(r) && i < sorted.length - 1) {
      throw bad({ zh: `分级 ${r.tier} 没有任何条件，其后的分级永远不会被采用`, en: `tier ${r.tier} has no criteria: the tiers after it could never apply` }, { tier: r.tier });
    }
  });
  return sorted;
}

export interface TierProblem {
  /** The rule whose criteria hold for no enterprise, or the enterprise no rule holds for. */
  kind: 'rule_matches_nothing' | 'no_tier';
  tier?: string;
  uscc?: string;
  reason: Text;
}

/**
 * Tiers for a whole roster. A rule whose criteria hold for no enterprise of the roster, and an
 * enterprise for which no rule holds, are problems: the caller refuses the roster or the rules.
 */
export function assignTiers(
  rules: readonly TierRule[],
  roster: ReadonlyArray<EnterpriseFigures & { uscc: string; name: string }>,
): { tiers: Map<string, string>; problems: TierProblem[] } {
  const sorted = checkRules(rules);
  const tiers = new Map<string, string>();
  const problems: TierProblem[] = [];
  const held = new Set<string>();
  for (const e of roster) {
    let first: TierRule | null = null;
    for (const r of sorted) {
      if (!ruleHolds(r, e)) continue;
      held.add(r.tier);
      first ??= r;
    }
    if (first) tiers.set(e.uscc, first.tier);
    else
      problems.push({ kind: 'no_tier', uscc: e.uscc, reason: { zh: `企业 ${e.name}（${e.uscc}）不符合任何分级标准`, en: `enterprise ${e.name} (${e.uscc}) meets no tier rule` } });
  }
  if (roster.length > 0) {
    for (const r of sorted) {
      if (!held.has(r.tier))
        problems.push({
          kind: 'rule_matches_nothing',
          tier: r.tier,
          reason: { zh: `分级标准 ${r.tier}（${r.label.zh}）不适用于任何企业`, en: `tier rule ${r.tier} (${r.label.en}) matches no enterprise` },
        });
    }
  }
  return { tiers, problems };
}
