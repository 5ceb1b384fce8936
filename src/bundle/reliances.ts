// What a bundle relies on, each one vetoable by the reform office: the analyzer's fixes that
// flatten the bundled matters (removals, sharing, commitments, parallel steps …) and the
// replacements the merge makes of a material (obtained by data sharing, replaced by the
// commitment letter, produced inside the bundle, received and checked after the decision).
// A vetoed fix is not applied; a vetoed replacement leaves the material handed in and examined
// before the decision. The draft, its letter, process and figures are then computed without it.
// Pure: data in, data out.
import type { Finding, FixOperation } from '../analyzer/model.js';
import { locationText } from '../analyzer/report.js';
import type { BundleMaterial, Text } from './model.js';
import { isCommitmentLetter } from './letter.js';

export const RELIANCE_KINDS = ['removal', 'sharing', 'commitment', 'post_decision_check', 'bundle_result', 'redesign'] as const;
export type RelianceKind = (typeof RELIANCE_KINDS)[number];

export const RELIANCE_KIND_LABELS: Record<RelianceKind, Text> = {
  removal: { zh: '取消', en: 'removal' },
  sharing: { zh: '数据共享免提交', en: 'data sharing' },
  commitment: { zh: '告知承诺代替', en: 'commitment' },
  post_decision_check: { zh: '收件备查', en: 'checked after the decision' },
  bundle_result: { zh: '一件事内产生', en: 'produced inside the bundle' },
  redesign: { zh: '流程再造', en: 'redesign' },
};

export interface BundleReliance {
  /** `fix:<matter>:<rule>|<location>` or `material:<bundle material key>`: what a veto names. */
  key: string;
  kind: RelianceKind;
  source: 'fix' | 'material';
  matterCodes: string[];
  /** The analyzer rule behind a fix. */
  rule: string | null;
  description: Text;
  vetoed: boolean;
}

/** A veto as the store keeps it: which reliance, why, by whom, when. */
export interface BundleVeto {
  key: string;
  reason: string;
  by: string;
  byName: string;
  at: string;
}

/** The veto key of a finding's fix. */
export function fixRelianceKey(f: Pick<Finding, 'matter' | 'rule' | 'location'>): string {
  return `fix:${f.matter}:${f.rule}|${locationText(f.location)}`;
}

function kindOfOperations(ops: readonly FixOperation[]): RelianceKind {
  const kinds = new Set(ops.map((o) => o.op));
  if (kinds.has('obtainBySharing')) return 'sharing';
  if (kinds.has('setCommitmentAllowed')) return 'commitment';
  if (kinds.has('removeStep') || kinds.has('removeMaterial') || kinds.has('removePrerequisite')) return 'removal';
  return 'redesign';
}

/**
 * Collects the fixes the analyzer proposes while flattening and says which are applied: pass
 * `accept` as the runner's `acceptFix`, then read `reliances`.
 */
export function fixCollector(vetoes: ReadonlySet<string>): { accept: (f: Finding) => boolean; reliances: () => BundleReliance[] } {
  const seen = new Map<string, BundleReliance>();
  return {
    accept: (f) => {
      const key = fixRelianceKey(f);
      if (!seen.has(key) && f.fix) {
        seen.set(key, {
          key,
          kind: kindOfOperations(f.fix.operations),
          source: 'fix',
          matterCodes: [f.matter],
          rule: f.rule,
          description: f.fix.description,
          vetoed: vetoes.has(key),
        });
      }
      return !vetoes.has(key);
    },
    reliances: () => [...seen.values()],
  };
}

function materialReliance(m: BundleMaterial): Omit<BundleReliance, 'vetoed'> | null {
  const base = { key: `material:${m.key}`, source: 'material' as const, matterCodes: [...new Set(m.uses.map((u) => u.matterCode))], rule: null };
  switch (m.disposition) {
    case 'shared':
      return {
        ...base,
        kind: 'sharing',
        description: {
          zh: `「${m.name}」由${m.issuer || '政府部门'}通过数据共享获取，申请人免提交`,
          en: `“${m.name}” obtained from ${m.issuer || 'a government department'} by data sharing; the applicant hands nothing in`,
        },
      };
    case 'commitment':
      return isCommitmentLetter(m.name)
        ? { ...base, kind: 'commitment', description: { zh: `「${m.name}」并入一件事告知承诺书，不再另交`, en: `“${m.name}” merged into the bundle’s commitment letter` } }
        : { ...base, kind: 'commitment', description: { zh: `「${m.name}」以告知承诺代替，不再提交`, en: `“${m.name}” replaced by a commitment in the letter` } };
    case 'bundle_result':
      return {
        ...base,
        kind: 'bundle_result',
        description: { zh: `「${m.name}」由本一件事内的${m.issuer}产生，申请人免提交`, en: `“${m.name}” produced inside the bundle by ${m.issuer}; not handed in` },
      };
    case 'submit':
      return m.checkedAfterDecision
        ? {
            ...base,
            kind: 'post_decision_check',
            description: { zh: `「${m.name}」收件备查，决定后事中事后核查`, en: `“${m.name}” received at intake and checked after the decision` },
          }
        : null;
    default:
      return null;
  }
}

/**
 * The material replacements of a merged list, each marked vetoed or not, and the list with the
 * vetoes applied: a vetoed material is handed in and examined before the decision.
 */
export function applyMaterialVetoes(materials: readonly BundleMaterial[], vetoes: ReadonlySet<string>): { materials: BundleMaterial[]; reliances: BundleReliance[] } {
  const reliances: BundleReliance[] = [];
  const out = materials.map((m) => {
    const r = materialReliance(m);
    if (!r) return m;
    const vetoed = vetoes.has(r.key);
    reliances.push({ ...r, vetoed });
    return vetoed ? { ...m, disposition: 'submit' as const, checkedAfterDecision: null } : m;
  });
  return { materials: out, reliances };
}
