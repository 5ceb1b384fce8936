// 没有必要的会签坚决减掉: a countersign that cites no legal basis is removed; the steps
// after it wait for what it waited for.
import { departmentRef, matterName, stepName } from '../describe.js';
import type { Rule } from '../model.js';
import { schemaOf } from '../options.js';

export type Options = Record<string, never>;

const rule: Rule<Options, 'countersign' | 'fix'> = {
  meta: {
    id: 'countersign-without-basis',
    severity: 'error',
    type: 'problem',
    docs: {
      zh: '没有法律法规依据的会签，予以取消。',
      en: 'A countersign without a legal basis is removed.',
      principle: 'unnecessary_review',
    },
    fixable: true,
    scope: 'matter',
    messages: {
      countersign: {
        zh: '{{of}}的{{step}}要求{{department}}会签，没有法律法规依据，应取消。',
        en: '{{step}} of {{of}} asks {{department}} to countersign without any legal basis: remove it.',
      },
      fix: { zh: '取消会签{{step}}', en: 'Remove the countersign {{step}}' },
    },
    schema: schemaOf({}),
    defaultOptions: {},
  },
  create(context) {
    return {
      matter(matter) {
        for (const step of matter.steps) {
          if (step.kind !== 'countersign' || step.legalBases.length) continue;
          const s = stepName(step);
          const d = departmentRef(context.index, step.departmentCode);
          const of = matterName(matter);
          context.report({
            location: { matter: matter.code, step: step.id },
            messageId: 'countersign',
            data: { of, step: s, department: d },
            fix: { messageId: 'fix', data: { step: s }, operations: [{ op: 'removeStep', step: step.id }] },
            details: { departments: [step.departmentCode] },
          });
        }
      },
    };
  },
};

export default rule;
