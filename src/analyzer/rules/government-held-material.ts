// 免提交: a material a government department issued (a licence, a certificate, a filing) is
// already in the government's hands. Asking the applicant to bring it is waste; the fix
// obtains it by data sharing. Materials already obtained that way are not reported, nor is a
// booklet the applicant shows at the counter (户口簿 to print a page in: it is presented, not
// fetched). Sharing needs a channel: where the region has none yet (暂无共享渠道) the finding is
// a suggestion to build one, without a fix.
import { departmentRef, materialName, matterName, matterRef } from '../describe.js';
import type { Rule } from '../model.js';
import { schemaOf } from '../options.js';

export type Options = Record<string, never>;

const rule: Rule<Options, 'noChannel' | 'share' | 'shareFix' | 'someDepartment' | 'certificate' | 'resultOf'> = {
  meta: {
    id: 'government-held-material',
    severity: 'warning',
    type: 'waste',
    docs: {
      zh: '政府部门核发或可通过数据共享获取的材料，不再要求申请人提交，改由部门共享获取（免提交）。',
      en: 'A material a government department issued, or one available by data sharing, is obtained by the government rather than asked of the applicant.',
      principle: 'data_sharing',
    },
    fixable: true,
    scope: 'matter',
    messages: {
      noChannel: {
        zh: '{{of}}要求申请人提交{{material}}{{certificate}}，该材料由{{issuer}}核发{{by}}，但本地区暂无该材料的共享渠道；建成共享渠道后可免提交。',
        en: '{{of}} asks the applicant for {{material}}{{certificate}}, which {{issuer}} issued{{by}}, but the region has no sharing channel for it yet; once one exists, obtain it by data sharing.',
      },
      share: {
        zh: '{{of}}要求申请人提交{{material}}{{certificate}}，该材料由{{issuer}}核发{{by}}；应通过数据共享获取，申请人免提交。',
        en: '{{of}} asks the applicant for {{material}}{{certificate}}, which {{issuer}} issued{{by}}; obtain it by data sharing instead.',
      },
      shareFix: { zh: '{{material}}改为数据共享获取（免提交）', en: 'Obtain {{material}} by data sharing' },
      someDepartment: { zh: '政府部门', en: 'a government department' },
      certificate: { zh: '（{{certificate}}）', en: ' ({{certificate}})' },
      resultOf: { zh: '，由{{matter}}产生', en: ', the result of {{matter}}' },
    },
    schema: schemaOf({}),
    defaultOptions: {},
  },
  create(context) {
    return {
      matter(matter) {
        for (const material of matter.materials) {
          if (material.source.kind !== 'government' || material.source.dataSharing || material.source.presentOnly) continue;
          const m = materialName(material);
          const of = matterName(matter);
          const src = material.source;
          const data = {
            of,
            material: m,
            issuer: src.departmentCode ? departmentRef(context.index, src.departmentCode) : context.text('someDepartment'),
            certificate: src.certificate ? context.text('certificate', { certificate: src.certificate }) : '',
            by: src.matterCode ? context.text('resultOf', { matter: matterRef(context.index, src.matterCode) }) : '',
          };
          const details = src.matterCode
            ? { otherMatter: src.matterCode, ...(src.departmentCode ? { departments: [src.departmentCode] } : {}) }
            : src.departmentCode
              ? { departments: [src.departmentCode] }
              : undefined;
          if (src.noSharingChannel) {
            context.report({
              severity: 'suggestion',
              location: { matter: matter.code, material: material.id },
              messageId: 'noChannel',
              data,
              details,
            });
            continue;
          }
          context.report({
            location: { matter: matter.code, material: material.id },
            messageId: 'share',
            data,
            fix: { messageId: 'shareFix', data: { material: m }, operations: [{ op: 'obtainBySharing', material: material.id }] },
            details,
          });
        }
      },
    };
  },
};

export default rule;
