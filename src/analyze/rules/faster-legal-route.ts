// A matter may have more than one lawful way to conclude it: the one its steps describe, and
// routes the law itself provides — 《消防法》第十五条 lets a public gathering place open on the
// applicant's commitment, the fire-safety inspection following within the time the law sets
// instead of preceding the licence. Such a route is lawful whatever 国办发〔2020〕42号 excludes
// from commitments in general (public safety): the law made the exception. Where a route
// promises less than the matter does now, the rule suggests it; the fix follows it (its
// promise, its steps moved after the decision, the materials its commitment replaces).
import { days, matterName } from '../describe.js';
import type { Finding, Rule } from '../model.js';

export type Options = Record<string, never>;

const rule: Rule<Options> = {
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
    defaultOptions: {},
  },
  check(context) {
    const findings: Finding[] = [];
    for (const matter of context.catalogue.matters) {
      let best = null as (typeof matter.routes)[number] | null;
      for (const r of matter.routes) if (r.id !== matter.route && r.promisedDays < matter.promisedDays && (best === null || r.promisedDays < best.promisedDays)) best = r;
      if (best === null) continue;
      const of = matterName(matter);
      const law = `${best.legalBasis.document}${best.legalBasis.article}`;
      const after = best.stepsAfterDecision.map((id) => matter.steps.find((s) => s.id === id)?.name ?? id);
      const moved = after.length ? { zh: `，${after.join('、')}改在决定后进行`, en: `, with ${after.join(', ')} after the decision` } : { zh: '', en: '' };
      findings.push(
        context.report({
          location: { matter: matter.code },
          message: {
            zh: `${of.zh}可依${law}按“${best.name}”办理：承诺时限 ${days(best.promisedDays).zh}（现为 ${days(matter.promisedDays).zh}）${moved.zh}。`,
            en: `${of.en} may follow the route “${best.name}” that ${law} provides: ${days(best.promisedDays).en} instead of ${days(matter.promisedDays).en}${moved.en}.`,
          },
          fix: { description: { zh: `按${law}的“${best.name}”办理`, en: `Follow the route “${best.name}” of ${law}` }, operations: [{ op: 'chooseRoute', route: best.id }] },
          details: { workdays: best.promisedDays, savedDays: matter.promisedDays - best.promisedDays, ...(after.length ? { steps: best.stepsAfterDecision } : {}) },
        }),
      );
    }
    return findings;
  },
};

export default rule;
