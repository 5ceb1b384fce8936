// 证明事项告知承诺制 (国办发〔2020〕42号): a proof the applicant must obtain elsewhere can be
// replaced by a signed commitment, checked afterwards — except where the matter or the
// proof directly concerns national security, public safety, prudential financial
// supervision, the ecology, or life, health and property safety. Those exclusions are the
// State Council's, not a region's option: a region cannot switch them off. A commitment the
// list already allows in an excluded category is an error, and the fix withdraws it.
// Nor can an applicant's promise stand in for a fact only its issuer can attest — a hospital's
// 出生医学证明, a medical finding, a court's judgment (`NOT_REPLACEABLE_BY_COMMITMENT`): such a
// material is never suggested, and allowing it is an error too.
import { COMMITMENT_EXCLUSIONS, COMMITMENT_EXCLUSION_LABELS, ISSUER_TYPE_LABELS, NOT_REPLACEABLE_BY_COMMITMENT, type MaterialCategory } from '../../catalogue/model.js';
import { materialName, matterName } from '../describe.js';
import type { Rule } from '../model.js';
import { flag, materialCategories, schemaOf } from '../options.js';

export interface Options {
  /** Material categories a commitment letter may replace (证明材料). */
  categories: MaterialCategory[];
  /** Also suggest it for conditional materials. */
  includeConditional: boolean;
}

/** The categories 国办发〔2020〕42号 excludes from commitment-based approval. */
export const EXCLUDED = new Set<string>(COMMITMENT_EXCLUSIONS);

const rule: Rule<Options, 'excluded' | 'issuerOnly' | 'requireAgain' | 'eligible' | 'eligibleFix'> = {
  meta: {
    id: 'commitment-eligible',
    severity: 'suggestion',
    type: 'waste',
    docs: {
      zh: '可由告知承诺书替代的证明材料，实行告知承诺制；国办发〔2020〕42号排除的国家安全、公共安全、金融业审慎监管、生态环境保护和人身健康、生命财产安全类除外，已对此类材料实行承诺的报错。',
      en: 'A proof a commitment letter may replace is replaced; the categories the State Council’s 2020 No. 42 excludes (national security, public safety, prudential financial supervision, ecology, life, health and property safety) never are, and allowing a commitment for them is an error.',
      principle: 'commitment',
    },
    fixable: true,
    scope: 'matter',
    messages: {
      excluded: {
        zh: '{{of}}允许以承诺书替代{{material}}，但该材料涉及{{exclusion}}，属国办发〔2020〕42号排除的范围，不得实行告知承诺。',
        en: '{{of}} lets a commitment letter replace {{material}}, but it concerns {{exclusion}}, which the State Council’s 2020 No. 42 excludes from commitment-based approval.',
      },
      issuerOnly: {
        zh: '{{of}}允许以承诺书替代{{material}}，但该材料由{{issuer}}出具、证明只有出具机构才能证明的事实，申请人的承诺不能替代。',
        en: '{{of}} lets a commitment letter replace {{material}}, but it is issued by a {{issuer}} and attests a fact only its issuer can attest: the applicant’s promise cannot replace it.',
      },
      requireAgain: { zh: '恢复提交{{material}}', en: 'Require {{material}} again' },
      eligible: {
        zh: '{{of}}要求提交的{{material}}属证明材料，可实行告知承诺制，以承诺书替代、事后核查。',
        en: '{{material}} of {{of}} is a proof a commitment letter can replace, checked afterwards.',
      },
      eligibleFix: { zh: '以告知承诺书替代{{material}}', en: 'Replace {{material}} by a commitment' },
    },
    schema: schemaOf({ categories: materialCategories, includeConditional: flag }),
    defaultOptions: { categories: ['proof'], includeConditional: true },
  },
  create(context) {
    const categories = new Set<string>(context.options.categories);
    return {
      matter(matter) {
        const of = matterName(matter);
        // A commitment the law itself provides for (the route the matter follows) is lawful whatever 42号 excludes.
        const statutory = new Set(matter.routes.find((r) => r.id === matter.route)?.commitmentMaterials ?? []);
        for (const material of matter.materials) {
          if (statutory.has(material.id)) continue;
          const exclusion = material.commitmentExclusion;
          if (exclusion !== null && EXCLUDED.has(exclusion)) {
            if (!material.commitmentAllowed) continue;
            const m = materialName(material);
            const label = COMMITMENT_EXCLUSION_LABELS[exclusion];
            context.report({
              severity: 'error',
              location: { matter: matter.code, material: material.id },
              messageId: 'excluded',
              data: { of, material: m, exclusion: { zh: label.zh, en: label.en.toLowerCase() } },
              fix: { messageId: 'requireAgain', data: { material: m }, operations: [{ op: 'setCommitmentAllowed', material: material.id, allowed: false }] },
            });
            continue;
          }
          const issuerType = material.source.issuerType;
          if (issuerType !== null && NOT_REPLACEABLE_BY_COMMITMENT.has(issuerType)) {
            if (!material.commitmentAllowed) continue;
            const m = materialName(material);
            const label = ISSUER_TYPE_LABELS[issuerType];
            context.report({
              severity: 'error',
              location: { matter: matter.code, material: material.id },
              messageId: 'issuerOnly',
              data: { of, material: m, issuer: { zh: label.zh, en: label.en.toLowerCase() } },
              fix: { messageId: 'requireAgain', data: { material: m }, operations: [{ op: 'setCommitmentAllowed', material: material.id, allowed: false }] },
            });
            continue;
          }
          if (material.commitmentAllowed || material.source.dataSharing || material.source.kind === 'government') continue;
          if (!categories.has(material.category)) continue;
          if (material.requirement === 'conditional' && !context.options.includeConditional) continue;
          // named only here: most materials give no finding
          const m = materialName(material);
          context.report({
            location: { matter: matter.code, material: material.id },
            messageId: 'eligible',
            data: { of, material: m },
            fix: { messageId: 'eligibleFix', data: { material: m }, operations: [{ op: 'setCommitmentAllowed', material: material.id, allowed: true }] },
          });
        }
      },
    };
  },
};

export default rule;
