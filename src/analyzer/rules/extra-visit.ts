// 最多跑一次: more visits than the target, or a step that wants the applicant in person
// although it could be done online. The fixes drop the visits to the target and the
// unnecessary presence; steps that need the applicant physically (a site inspection with
// the owner) keep it.
import { matterName, stepName } from '../describe.js';
import type { Rule } from '../model.js';
import { count, schemaOf } from '../options.js';

export interface Options {
  /** Visits a matter may ask for at most. */
  maxVisits: number;
}

const rule: Rule<Options, 'presence' | 'presenceFix' | 'visits' | 'physicalNote' | 'visitsFix'> = {
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
    messages: {
      presence: {
        zh: '{{of}}的{{step}}要求申请人到场，但该环节可网上办理，应取消到场要求。',
        en: '{{step}} of {{of}} wants the applicant in person although it can be done online: drop the presence.',
      },
      presenceFix: { zh: '{{step}}改为网上办理', en: 'Do {{step}} online' },
      visits: {
        zh: '{{of}}需到现场 {{visits}} 次，超过 {{max}} 次{{physical}}；应做到最多跑{{maxWord}}次。',
        en: '{{of}} takes {{visits}} visits, more than {{max}}{{physical}}: at most {{max}}.',
      },
      physicalNote: {
        zh: '（其中 {{count}} 个环节确需到场，应合并为一次）',
        en: ' ({{count}} step(s) really need the applicant: combine them into one visit)',
      },
      visitsFix: { zh: '到现场次数减为 {{max}} 次', en: 'Reduce visits to {{max}}' },
    },
    schema: schemaOf({ maxVisits: count(1000) }),
    defaultOptions: { maxVisits: 1 },
  },
  create(context) {
    const { maxVisits } = context.options;
    return {
      matter(matter) {
        const of = matterName(matter);
        const presence = matter.steps.filter((s) => s.applicantPresent);
        for (const step of presence) {
          if (!step.onlinePossible) continue;
          const s = stepName(step);
          context.report({
            location: { matter: matter.code, step: step.id },
            messageId: 'presence',
            data: { of, step: s },
            fix: { messageId: 'presenceFix', data: { step: s }, operations: [{ op: 'setStepPresence', step: step.id, applicantPresent: false }] },
          });
        }
        if (matter.visits > maxVisits) {
          const physical = presence.filter((s) => !s.onlinePossible).length;
          context.report({
            location: { matter: matter.code },
            messageId: 'visits',
            data: {
              of,
              visits: matter.visits,
              max: maxVisits,
              maxWord: maxVisits === 1 ? '一' : maxVisits,
              physical: physical ? context.text('physicalNote', { count: physical }) : '',
            },
            fix: { messageId: 'visitsFix', data: { max: maxVisits }, operations: [{ op: 'setVisits', visits: maxVisits }] },
            details: physical ? { steps: presence.filter((s) => !s.onlinePossible).map((s) => s.id) } : undefined,
          });
        }
      },
    };
  },
};

export default rule;
