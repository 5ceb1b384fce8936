// 免提交: a material a government department issued (a licence, a certificate, a filing) is
// already in the government's hands. Asking the applicant to bring it is waste; the fix
// obtains it by data sharing. Materials already obtained that way are not reported, nor is a
// booklet the applicant shows at the counter (户口簿 to print a page in: it is presented, not
// fetched). Sharing needs a channel: where the region has none yet (暂无共享渠道) the finding is
// a suggestion to build one, without a fix.
import { departmentRef, materialName, matterName, matterRef } from '../describe.js';
import type { Finding, Rule } from '../model.js';

export type Options = Record<string, never>;

const rule: Rule<Options> = {
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
    defaultOptions: {},
  },
  check(context) {
    const findings: Finding[] = [];
    for (const matter of context.catalogue.matters) {
      for (const material of matter.materials) {
        if (material.source.kind !== 'government' || material.source.dataSharing || material.source.presentOnly) continue;
        const m = materialName(material);
        const of = matterName(matter);
        const src = material.source;
        const issuer = src.departmentCode ? departmentRef(context.index, src.departmentCode) : { zh: '政府部门', en: 'a government department' };
        const cert = src.certificate ? { zh: `（${src.certificate}）`, en: ` (${src.certificate})` } : { zh: '', en: '' };
        const by = src.matterCode ? { zh: `，由${matterRef(context.index, src.matterCode).zh}产生`, en: `, the result of ${matterRef(context.index, src.matterCode).en}` } : { zh: '', en: '' };
        const details = src.matterCode ? { otherMatter: src.matterCode, ...(src.departmentCode ? { departments: [src.departmentCode] } : {}) } : src.departmentCode ? { departments: [src.departmentCode] } : undefined;
        if (src.noSharingChannel) {
          findings.push(
            context.report({
              severity: 'suggestion',
              location: { matter: matter.code, material: material.id },
              message: {
                zh: `${of.zh}要求申请人提交${m.zh}${cert.zh}，该材料由${issuer.zh}核发${by.zh}，但本地区暂无该材料的共享渠道；建成共享渠道后可免提交。`,
                en: `${of.en} asks the applicant for ${m.en}${cert.en}, which ${issuer.en} issued${by.en}, but the region has no sharing channel for it yet; once one exists, obtain it by data sharing.`,
              },
              details,
            }),
          );
          continue;
        }
        findings.push(
          context.report({
            location: { matter: matter.code, material: material.id },
            message: {
              zh: `${of.zh}要求申请人提交${m.zh}${cert.zh}，该材料由${issuer.zh}核发${by.zh}；应通过数据共享获取，申请人免提交。`,
              en: `${of.en} asks the applicant for ${m.en}${cert.en}, which ${issuer.en} issued${by.en}; obtain it by data sharing instead.`,
            },
            fix: { description: { zh: `${m.zh}改为数据共享获取（免提交）`, en: `Obtain ${m.en} by data sharing` }, operations: [{ op: 'obtainBySharing', material: material.id }] },
            details,
          }),
        );
      }
    }
    return findings;
  },
};

export default rule;
