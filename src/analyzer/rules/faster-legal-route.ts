// A matter may have more than one lawful way to conclude it: the one its steps describe, and
// routes the law itself provides — 《消防法》第十五条 lets a public gathering place open on the
// applicant's commitment, the fire-safety inspection following within the time the law sets
// instead of preceding the licence. Such a route is lawful whatever 国办发〔2020〕42号 excludes
// from commitments in general (public safety): the law made the exception. Where a route
// promises less than the matter does now, the rule suggests it; the fix follows it (its
// promise, its steps moved after the decision, the materials its commitment replaces).
import { days, joinText, matterName } from '../describe.js';
import type { Rule } from '../model.js';
import { schemaOf } from '../options.js';

export type Options = Record<string, never>;

const rule: Rule<Options, 'route' | 'moved' | 'fix'> = {
  meta: {
    id: 'faster-legal-route',
    severity: 'suggestion',
    type: 'waste',
    docs: {
      zh: '法律本身规定了更快的办理路径（如《消防法》第十五条的告知承诺方式）的，按该路径办理：承诺办结、现场检查改在决定后进行。',
      en: 'Where the law itself provides a faster route (such as the commitment route of the Fire Protection Law, article 15), the matter follows it: decided on the commitment, the inspection after the decision.',
      principle: 'commitment',
    },
    fixable: true,
    scope: 'matter',
    messages: {
      route: {
        zh: '{{of}}可依{{law}}按“{{route}}”办理：承诺时限 {{days}}（现为 {{now}}）{{moved}}。',
        en: '{{of}} may follow the route “{{route}}” that {{law}} provides: {{days}} instead of {{now}}{{moved}}.',
      },
      moved: { zh: '，{{steps}}改在决定后进行', en: ', with {{steps}} after the decision' },
      fix: { zh: '按{{law}}的“{{route}}”办理', en: 'Follow the route “{{route}}” of {{law}}' },
    },
    schema: schemaOf({}),
    defaultOptions: {},
  },
  create(context) {
    return {
      matter(matter) {
        let best = null as (typeof matter.routes)[number] | null;
        for (const r of matter.routes) if (r.id !== matter.route && r.promisedDays < matter.promisedDays && (best === null || r.promisedDays < best.promisedDays)) best = r;
        if (best === null) return;
        const of = matterName(matter);
        const law = `${best.legalBasis.document}${best.legalBasis.article}`;
        const after = best.stepsAfterDecision.map((id) => matter.steps.find((s) => s.id === id)?.name ?? id);
        const moved = after.length ? context.text('moved', { steps: joinText(after.map((n) => ({ zh: n, en: n }))) }) : '';
        context.report({
          location: { matter: matter.code },
          messageId: 'route',
          data: { of, law, route: best.name, days: days(best.promisedDays), now: days(matter.promisedDays), moved },
          fix: { messageId: 'fix', data: { law, route: best.name }, operations: [{ op: 'chooseRoute', route: best.id }] },
          details: { workdays: best.promisedDays, savedDays: matter.promisedDays - best.promisedDays, ...(after.length ? { steps: best.stepsAfterDecision } : {}) },
        });
      },
    };
  },
};

export default rule;
