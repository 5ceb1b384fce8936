// The promised time limit (承诺时限) is what the government tells the applicant. Longer than
// the statutory limit it breaks the law (an error); longer than the critical path of the
// steps (what the work needs, in working days) it is slack the reform cuts. The fix sets
// the promise to the critical path, and never above the statutory limit; 0 means the
// matter is concluded on the spot (即办).
import { days, matterName } from '../describe.js';
import { criticalPathDays } from '../graph.js';
import type { Finding, Rule } from '../model.js';

export interface Options {
  /** Working days of slack tolerated above the critical path. */
  slackDays: number;
}

const rule: Rule<Options> = {
  meta: {
    id: 'promised-exceeds-need',
    severity: 'warning',
    type: 'waste',
    docs: {
      zh: '承诺时限长于各环节关键路径所需工作日的，压缩至实际所需；承诺时限超过法定时限的，为错误。',
      en: 'A promised limit longer than the critical path of the steps shrinks to what they need; a promised limit beyond the statutory limit is an error.',
      principle: 'time_limit',
    },
    fixable: true,
    scope: 'matter',
    defaultOptions: { slackDays: 0 },
  },
  check(context) {
    const findings: Finding[] = [];
    for (const matter of context.catalogue.matters) {
      const need = criticalPathDays(matter.steps);
      const of = matterName(matter);
      const promised = days(matter.promisedDays);
      const target = (n: number) => (n === 0 ? { zh: '即时办结', en: 'on the spot (0 working days)' } : { zh: ` ${days(n).zh}`, en: days(n).en });
      if (matter.statutoryDays !== null && matter.promisedDays > matter.statutoryDays) {
        const to = Math.min(matter.statutoryDays, need);
        findings.push(
          context.report({
            severity: 'error',
            location: { matter: matter.code },
            message: {
              zh: `${of.zh}承诺时限 ${promised.zh}，超过法定时限 ${days(matter.statutoryDays).zh}；各环节关键路径需 ${days(need).zh}，应改为${target(to).zh}。`,
              en: `${of.en} promises ${promised.en}, more than the statutory ${days(matter.statutoryDays).en}; its steps need ${days(need).en} on the critical path: promise ${target(to).en}.`,
            },
            fix: { description: { zh: `承诺时限改为${target(to).zh}`, en: `Promise ${target(to).en}` }, operations: [{ op: 'setPromisedDays', days: to }] },
            details: { workdays: need },
          }),
        );
        continue;
      }
      if (matter.promisedDays > need + context.options.slackDays) {
        findings.push(
          context.report({
            location: { matter: matter.code },
            message: {
              zh: `${of.zh}承诺时限 ${promised.zh}，而各环节关键路径只需 ${days(need).zh}，应压缩为${target(need).zh}。`,
              en: `${of.en} promises ${promised.en} while its steps need ${days(need).en} on the critical path: promise ${target(need).en}.`,
            },
            fix: { description: { zh: `承诺时限压缩为${target(need).zh}`, en: `Promise ${target(need).en}` }, operations: [{ op: 'setPromisedDays', days: need }] },
            details: { workdays: need, savedDays: matter.promisedDays - need },
          }),
        );
      }
    }
    return findings;
  },
};

export default rule;
