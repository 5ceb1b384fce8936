// A matter that can only be applied for after a chain of other matters has been concluded
// makes the applicant wait for the sum of their time limits. The longest chain of
// prerequisites (promised working days, the matter itself included) above the threshold is
// reported with the whole chain; the cure — parallel handling, a commitment in place of a
// prerequisite, a bundle — is a redesign, so there is no automatic fix.
import { days, joinText, matterName, matterRef } from '../describe.js';
import { chainTo, longestChains } from '../graph.js';
import type { Rule } from '../model.js';
import { count, schemaOf } from '../options.js';

export interface Options {
  /** Longest acceptable chain in promised working days. */
  maxWorkdays: number;
}

const rule: Rule<Options, 'chain'> = {
  meta: {
    id: 'long-prerequisite-chain',
    severity: 'warning',
    type: 'waste',
    docs: {
      zh: '前置条件链过长：从第一个前置事项到本事项的承诺时限之和超过阈值，应改为并联办理或以承诺替代前置。',
      en: 'Prerequisite chain too long: the promised working days from the first prerequisite to this matter add up beyond the threshold; run them in parallel or replace a prerequisite by a commitment.',
      principle: 'parallel_approval',
    },
    fixable: false,
    scope: 'catalogue',
    messages: {
      chain: {
        zh: '{{of}}的前置条件链为 {{path}}，承诺时限合计 {{total}}，超过 {{limit}}；应并联办理或以告知承诺替代前置。',
        en: '{{of}} sits at the end of the prerequisite chain {{path}}, {{total}} of promised time in all, more than {{limit}}; run them in parallel or replace a prerequisite by a commitment.',
      },
    },
    schema: schemaOf({ maxWorkdays: count() }),
    defaultOptions: { maxWorkdays: 30 },
  },
  create(context) {
    const { index } = context;
    const chains = longestChains(index.prerequisiteGraph(), (code) => index.matters.get(code)!.promisedDays, index.prerequisiteComponents());
    return {
      matter(matter) {
        const best = chains.get(matter.code)!;
        if (best.total <= context.options.maxWorkdays || best.next === null) return;
        const chain = chainTo(chains, matter.code);
        const path = joinText(
          chain.map((c) => matterRef(index, c)),
          ' → ',
          ' → ',
        );
        const of = matterName(matter);
        const total = days(best.total);
        const limit = days(context.options.maxWorkdays);
        context.report({
          location: { matter: matter.code, prerequisite: chain[chain.length - 2] },
          messageId: 'chain',
          data: { of, path, total, limit },
          details: { chain, workdays: best.total, departments: chain.map((c) => index.matters.get(c)!.departmentCode) },
        });
      },
    };
  },
};

export default rule;
