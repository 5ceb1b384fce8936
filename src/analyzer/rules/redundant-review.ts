// 没有必要的审核坚决减掉: a department reviewing the same application more than once — a
// sign-off ladder (科员 → 科长 → 分管局长 → 局长) — where a rung cites no legal basis of its
// own. Per department, review steps with a basis are kept; rungs without one are redundant
// once the department reviews at all (if none has a basis, the first one stays). The fix
// removes the redundant rungs (the chain is flattened).
import { departmentRef, joinText, matterName, stepName } from '../describe.js';
import type { Rule } from '../model.js';
import { schemaOf, stepKinds } from '../options.js';
import type { Step, StepKind } from '../../catalogue/model.js';

export interface Options {
  /** Step kinds that count as a review. */
  reviewKinds: StepKind[];
}

const rule: Rule<Options, 'repeated' | 'rung' | 'fix'> = {
  meta: {
    id: 'redundant-review',
    severity: 'warning',
    type: 'waste',
    docs: {
      zh: '同一部门重复审查（层层审签），且该层级没有自己的法律依据，应扁平化、只保留一次审查。',
      en: 'The same department reviews again (a sign-off ladder) and that rung has no legal basis of its own: flatten it to one review.',
      principle: 'unnecessary_review',
    },
    fixable: true,
    scope: 'matter',
    messages: {
      repeated: {
        zh: '{{of}}中{{department}}审查 {{reviews}} 次（{{ladder}}）；{{step}}没有自己的法律依据，属重复审查，应予取消。',
        en: 'In {{of}}, {{department}} reviews {{reviews}} times ({{ladder}}); {{step}} has no legal basis of its own and repeats the review: remove it.',
      },
      rung: { zh: '{{name}}（{{role}}）', en: '{{name}} ({{role}})' },
      fix: { zh: '取消重复审查{{step}}', en: 'Remove the repeated review {{step}}' },
    },
    schema: schemaOf({ reviewKinds: stepKinds }),
    defaultOptions: { reviewKinds: ['review'] },
  },
  create(context) {
    const kinds = new Set<string>(context.options.reviewKinds);
    return {
      matter(matter) {
        let reviewCount = 0;
        for (const s of matter.steps) if (kinds.has(s.kind)) reviewCount++;
        if (reviewCount < 2) return;
        const byDepartment = new Map<string, Step[]>();
        for (const s of matter.steps) {
          if (!kinds.has(s.kind)) continue;
          let list = byDepartment.get(s.departmentCode);
          if (!list) byDepartment.set(s.departmentCode, (list = []));
          list.push(s);
        }
        for (const [department, reviews] of byDepartment) {
          if (reviews.length < 2) continue;
          const founded = reviews.filter((s) => s.legalBases.length > 0);
          const redundant = founded.length ? reviews.filter((s) => s.legalBases.length === 0) : reviews.slice(1);
          const ladder = joinText(
            reviews.map((s) => (s.role ? context.text('rung', { name: s.name, role: s.role }) : { zh: s.name, en: s.name })),
            ' → ',
            ' → ',
          );
          const dept = departmentRef(context.index, department);
          const of = matterName(matter);
          for (const step of redundant) {
            const s = stepName(step);
            context.report({
              location: { matter: matter.code, step: step.id },
              messageId: 'repeated',
              data: { of, department: dept, reviews: reviews.length, ladder, step: s },
              fix: { messageId: 'fix', data: { step: s }, operations: [{ op: 'removeStep', step: step.id }] },
              details: { steps: reviews.map((r) => r.id), departments: [department] },
            });
          }
        }
      },
    };
  },
};

export default rule;
