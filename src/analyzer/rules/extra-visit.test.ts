import { chain, matter } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './extra-visit.js';

const asIs = matter({
  code: 'A',
  visits: 3,
  steps: chain(
    { id: 'S1', kind: 'intake', applicantPresent: true },
    { id: 'S2', kind: 'site_inspection', applicantPresent: true, onlinePossible: false },
    { id: 'S3', kind: 'delivery', applicantPresent: true },
  ),
});

runRuleTests(rule, {
  valid: [
    {
      name: 'one visit, presence only where it is physical',
      matters: [matter({ code: 'A', visits: 1, steps: chain({ id: 'S1', kind: 'site_inspection', applicantPresent: true, onlinePossible: false }) })],
    },
    { name: 'no visit at all', matters: [matter({ code: 'A', visits: 0 })] },
    { name: 'option maxVisits', options: { maxVisits: 2 }, matters: [matter({ code: 'A', visits: 2 })] },
  ],
  invalid: [
    {
      name: 'three visits; intake and delivery could be online',
      matters: [asIs],
      findings: [
        { location: { matter: 'A', step: 'S1' }, messageId: 'presence', fixable: true },
        { location: { matter: 'A', step: 'S3' }, messageId: 'presence', fixable: true },
        { location: { matter: 'A' }, messageId: 'visits', message: { zh: '最多跑一次', en: 'at most 1' }, details: { steps: ['S2'] }, fixable: true },
      ],
      output: { A: { ...asIs, visits: 1, steps: [{ ...asIs.steps[0], applicantPresent: false }, asIs.steps[1], { ...asIs.steps[2], applicantPresent: false }] } },
    },
  ],
});
