// The promised time limit (承诺时限) is what the government tells the applicant. Longer than
// the statutory limit it breaks the law (an error); longer than the critical path of the
// steps (what the work needs, in working days) it is slack the reform cuts. The fix sets
// the promise to the critical path, and never above the statutory limit; 0 means the
// matter is concluded on the spot (即办).
import { days, matterName } from '../describe.js';
import { criticalPathDays } from '../graph.js';
import type { Rule } from '../model.js';
import { count, schemaOf } from '../options.js';

export interface Options {
  /** Working days of slack tolerated above the critical path. */
  slackDays: number;
}

const rule: Rule<Options, 'beyondStatutory' | 'beyondNeed' | 'promise' | 'shrink' | 'onTheSpot' | 'inDays'> = {
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
    messages: {
      beyondStatutory: {
        zh: '{{of}}承诺时限 {{promised}}，超过法定时限 {{statutory}}；各环节关键路径需 {{need}}，应改为{{target}}。',
        en: '{{of}} promises {{promised}}, more than the statutory {{statutory}}; its steps need {{need}} on the critical path: promise {{target}}.',
      },
      beyondNeed: {
        zh: '{{of}}承诺时限 {{promised}}，而各环节关键路径只需 {{need}}，应压缩为{{target}}。',
        en: '{{of}} promises {{promised}} while its steps need {{need}} on the critical path: promise {{target}}.',
      },
      promise: { zh: '承诺时限改为{{target}}', en: 'Promise {{target}}' },
      shrink: { zh: '承诺时限压缩为{{target}}', en: 'Promise {{target}}' },
      onTheSpot: { zh: '即时办结', en: 'on the spot (0 working days)' },
      inDays: { zh: ' {{days}}', en: '{{days}}' },
    },
    schema: schemaOf({ slackDays: count() }),
    defaultOptions: { slackDays: 0 },
  },
  create(context) {
    return {
      matter(matter) {
        const need = criticalPathDays(matter.steps);
        const of = matterName(matter);
        const promised = days(matter.promisedDays);
        const target = (n: number) => (n === 0 ? context.text('onTheSpot') : context.text('inDays', { days: days(n) }));
        if (matter.statutoryDays !== null && matter.promisedDays > matter.statutoryDays) {
          const to = Math.min(matter.statutoryDays, need);
          context.report({
            severity: 'error',
            location: { matter: matter.code },
            messageId: 'beyondStatutory',
            data: { of, promised, statutory: days(matter.statutoryDays), need: days(need), target: target(to) },
            fix: { messageId: 'promise', data: { target: target(to) }, operations: [{ op: 'setPromisedDays', days: to }] },
            details: { workdays: need },
          });
          return;
        }
        if (matter.promisedDays > need + context.options.slackDays) {
          context.report({
            location: { matter: matter.code },
            messageId: 'beyondNeed',
            data: { of, promised, need: days(need), target: target(need) },
            fix: { messageId: 'shrink', data: { target: target(need) }, operations: [{ op: 'setPromisedDays', days: need }] },
            details: { workdays: need, savedDays: matter.promisedDays - need },
          });
        }
      },
    };
  },
};

export default rule;
