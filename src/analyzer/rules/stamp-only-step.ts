// 没有必要的盖章坚决减掉: a step whose only work is to apply a seal adds a hand-over and a
// wait. The fix folds its seals into the decision (a seal the decision already applies is
// not applied twice) and removes the step. The finding counts the matter's stamps.
import { matterName, stepName } from '../describe.js';
import type { Rule } from '../model.js';
import { schemaOf, stepKinds } from '../options.js';
import type { Step, StepKind } from '../../catalogue/model.js';

export interface Options {
  /** Step kinds whose only work is stamping. */
  stampKinds: StepKind[];
}

/**
 * Where the seals go: the decision the stamp step follows, else the matter's last decision;
 * a matter without a decision (a filing) — the nearest earlier step with a legal basis of
 * its own that examines the application (a review, not the intake), walking back along dependsOn.
 */
const FOLDABLE = new Set<StepKind>(['decision', 'review', 'countersign', 'site_inspection', 'expert_review']);

function foldTarget(step: Step, decisions: Step[], byId: ReadonlyMap<string, Step>): Step | undefined {
  const decision = decisions.find((d) => step.dependsOn.includes(d.id)) ?? decisions[decisions.length - 1];
  if (decision) return decision;
  const seen = new Set<string>([step.id]);
  let frontier = step.dependsOn;
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) {
      const s = byId.get(id);
      if (!s || seen.has(id)) return;
      seen.add(id);
      if (FOLDABLE.has(s.kind) && s.legalBases.length > 0) return s;
      next.push(...s.dependsOn);
    }
    frontier = next;
  }
  return undefined;
}

const rule: Rule<Options, 'fold' | 'noTarget' | 'foldFix'> = {
  meta: {
    id: 'stamp-only-step',
    severity: 'warning',
    type: 'waste',
    docs: {
      zh: '只盖章的环节，应并入决定环节；统计盖章次数。',
      en: 'A step that only applies a stamp is folded into the decision; stamps are counted.',
      principle: 'unnecessary_review',
    },
    fixable: true,
    scope: 'matter',
    messages: {
      fold: {
        zh: '{{of}}的{{step}}只加盖印章（{{seals}}），应并入{{into}}。该事项共盖章 {{stamps}} 次。',
        en: '{{step}} of {{of}} only applies a stamp ({{seals}}); fold it into {{into}}. The matter applies {{stamps}} stamp(s) in all.',
      },
      noTarget: {
        zh: '{{of}}的{{step}}只加盖印章（{{seals}}），该事项没有可并入的决定或有依据的环节，应重新设计。该事项共盖章 {{stamps}} 次。',
        en: '{{step}} of {{of}} only applies a stamp ({{seals}}) and the matter has no decision or founded step to fold it into: redesign it. The matter applies {{stamps}} stamp(s) in all.',
      },
      foldFix: { zh: '将{{step}}并入{{into}}', en: 'Fold {{step}} into {{into}}' },
    },
    schema: schemaOf({ stampKinds: stepKinds }),
    defaultOptions: { stampKinds: ['stamp'] },
  },
  create(context) {
    const kinds = new Set<string>(context.options.stampKinds);
    return {
      matter(matter) {
        const stampSteps = matter.steps.filter((s) => kinds.has(s.kind));
        if (stampSteps.length === 0) return;
        const stamps = matter.steps.reduce((n, s) => n + s.stamps.length, 0);
        const decisions = matter.steps.filter((s) => s.kind === 'decision');
        const byId = new Map(matter.steps.map((s) => [s.id, s]));
        const of = matterName(matter);
        for (const step of stampSteps) {
          const into = foldTarget(step, decisions, byId);
          const s = stepName(step);
          const seals = step.stamps.length ? step.stamps.join('、') : '—';
          context.report({
            location: { matter: matter.code, step: step.id },
            messageId: into ? 'fold' : 'noTarget',
            data: { of, step: s, seals, stamps, ...(into ? { into: stepName(into) } : {}) },
            fix: into ? { messageId: 'foldFix', data: { step: s, into: stepName(into) }, operations: [{ op: 'foldStep', step: step.id, into: into.id }] } : undefined,
            details: { stamps, ...(into ? { steps: [into.id] } : {}) },
          });
        }
      },
    };
  },
};

export default rule;
