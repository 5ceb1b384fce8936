import { matter, prerequisite } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './long-prerequisite-chain.js';

const chainOf = (...days: number[]) => days.map((d, i) => matter({ code: `M${i}`, promisedDays: d, prerequisites: i === 0 ? [] : [prerequisite(`M${i - 1}`)] }));

runRuleTests(rule, {
  valid: [
    { name: 'a chain within the threshold', matters: chainOf(10, 10, 10) },
    { name: 'one long matter alone is no chain', matters: [matter({ code: 'A', promisedDays: 40 })] },
    {
      name: 'a cycle is not a chain (mutual-prerequisite reports it)',
      matters: [matter({ code: 'A', promisedDays: 20, prerequisites: [prerequisite('B')] }), matter({ code: 'B', promisedDays: 20, prerequisites: [prerequisite('A')] })],
    },
  ],
  invalid: [
    {
      name: 'the chain above 30 working days is reported at each matter it ends in, whole',
      matters: chainOf(10, 15, 10, 5),
      findings: [
        { location: { matter: 'M2', prerequisite: 'M1' }, messageId: 'chain', details: { chain: ['M0', 'M1', 'M2'], workdays: 35 }, fixable: false },
        {
          location: { matter: 'M3', prerequisite: 'M2' },
          messageId: 'chain',
          details: { chain: ['M0', 'M1', 'M2', 'M3'], workdays: 40 },
          message: { zh: '40 个工作日', en: '40 working days' },
        },
      ],
    },
    {
      name: 'the longest of two branches counts',
      matters: [
        matter({ code: 'A', promisedDays: 5, prerequisites: [prerequisite('B'), prerequisite('C')] }),
        matter({ code: 'B', promisedDays: 3 }),
        matter({ code: 'C', promisedDays: 8 }),
      ],
      options: { maxWorkdays: 10 },
      findings: [{ location: { matter: 'A', prerequisite: 'C' }, messageId: 'chain', details: { chain: ['C', 'A'], workdays: 13 } }],
    },
  ],
});
