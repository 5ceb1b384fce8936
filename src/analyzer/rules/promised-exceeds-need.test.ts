import { chain, matter } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './promised-exceeds-need.js';

const steps = chain({ id: 'S1', kind: 'intake' }, { id: 'S2', kind: 'review', workdays: 2 }, { id: 'S3', kind: 'decision', workdays: 1 });
const slack = matter({ code: 'A', promisedDays: 10, statutoryDays: 20, steps });

runRuleTests(rule, {
  valid: [
    { name: 'promised equals the critical path', matters: [matter({ code: 'A', promisedDays: 3, steps })] },
    { name: 'an instant matter whose steps take no days', matters: [matter({ code: 'A', promisedDays: 0 })] },
    { name: 'option slackDays', options: { slackDays: 7 }, matters: [slack] },
  ],
  invalid: [
    {
      name: 'promised 10 days for 3 days of work',
      matters: [slack],
      findings: [
        {
          location: { matter: 'A' },
          messageId: 'beyondNeed',
          severity: 'warning',
          details: { workdays: 3, savedDays: 7 },
          message: { zh: '只需 3 个工作日', en: 'need 3 working days' },
          fixable: true,
        },
      ],
      output: { A: { ...slack, promisedDays: 3 } },
    },
    {
      name: 'promised beyond the statutory limit is an error',
      matters: [matter({ code: 'A', promisedDays: 25, statutoryDays: 20, steps })],
      findings: [{ location: { matter: 'A' }, messageId: 'beyondStatutory', severity: 'error' }],
    },
    {
      name: 'steps that take no time: on the spot',
      matters: [matter({ code: 'A', promisedDays: 2 })],
      findings: [{ location: { matter: 'A' }, messageId: 'beyondNeed', message: { zh: '即时办结', en: 'on the spot' } }],
      output: { A: matter({ code: 'A', promisedDays: 0 }) },
    },
  ],
});
