// 最多跑一次: more visits than the target, or a step that wants the applicant in person
// although it could be done online. The fixes drop the visits to the target and the
// unnecessary presence; steps that need the applicant physically (a site inspection with
// the owner) keep it.
import { matterName, stepName } from '../describe.js';
import type { Finding, Rule } from '../model.js';

export interface Options {
  /** Visits a matter may ask for at most. */
  maxVisits: number;
}

const rule: Rule<Options> = {
  meta: {
    id: 'extra-visit',
    severity: 'warning',
    type: 'waste',
    docs: {
      zh: '到现场次数超过一次，或可网上办理的环节仍要求申请人到场，应做到最多跑一次。',
      en: 'More than one visit, or presence required at a step that could be done online: at most one visit.',
      principle: 'one_visit',
    },
    fixable: true,
    scope: 'matter',
    defaultOptions: { maxVisits: 1 },
  },
  check(context) {
    const { maxVisits } = context.options;
    const findings: Finding[] = [];
    for (const matter of context.catalogue.matters) {
      const of = matterName(matter);
      const presence = matter.steps.filter((s) => s.applicantPresent);
      for (const step of presence) {
        if (!step.onlinePossible) continue;
        const s = stepName(step);
        findings.push(
          context.report({
            location: { matter: matter.code, step: step.id },
            message: { zh: `${of.zh}的${s.zh}要求申请人到场，但该环节可网上办理，应取消到场要求。`, en: `${s.en} of ${of.en} wants the applicant in person although it can be done online: drop the presence.` },
            fix: { description: { zh: `${s.zh}改为网上办理`, en: `Do ${s.en} online` }, operations: [{ op: 'setStepPresence', step: step.id, applicantPresent: false }] },
          }),
        );
      }
      if (matter.visits > maxVisits) {
        const physical = presence.filter((s) => !s.onlinePossible).length;
        findings.push(
          context.report({
            location: { matter: matter.code },
            message: {
              zh: `${of.zh}需到现场 ${matter.visits} 次，超过 ${maxVisits} 次${physical ? `（其中 ${physical} 个环节确需到场，应合并为一次）` : ''}；应做到最多跑${maxVisits === 1 ? '一' : maxVisits}次。`,
              en: `${of.en} takes ${matter.visits} visits, more than ${maxVisits}${physical ? ` (${physical} step(s) really need the applicant: combine them into one visit)` : ''}: at most ${maxVisits}.`,
            },
            fix: { description: { zh: `到现场次数减为 ${maxVisits} 次`, en: `Reduce visits to ${maxVisits}` }, operations: [{ op: 'setVisits', visits: maxVisits }] },
            details: physical ? { steps: presence.filter((s) => !s.onlinePossible).map((s) => s.id) } : undefined,
          }),
        );
      }
    }
    return findings;
  },
};

export default rule;
