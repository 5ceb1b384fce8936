import { chain, matter } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './countersign-without-basis.js';

const asIs = matter({
  code: 'A',
  steps: chain({ id: 'S1', kind: 'intake' }, { id: 'S2', kind: 'countersign', departmentCode: 'D2', workdays: 2, legalBases: [] }, { id: 'S3', kind: 'decision' }),
});

runRuleTests(rule, {
  valid: [
    {
      name: 'a countersign the law requires',
      matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'intake' }, { id: 'S2', kind: 'countersign', departmentCode: 'D2' }) })],
    },
    { name: 'a review without basis is not a countersign', matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'review', legalBases: [] }) })] },
  ],
  invalid: [
    {
      name: 'a countersign without basis is removed and the decision follows the intake',
      matters: [asIs],
      departments: [{ code: 'D2', name: '消防救援大队', regionCode: '370883' }],
      findings: [
        { location: { matter: 'A', step: 'S2' }, messageId: 'countersign', severity: 'error', message: { zh: '消防救援大队' }, fixable: true, details: { departments: ['D2'] } },
      ],
      output: { A: { ...asIs, steps: [asIs.steps[0], { ...asIs.steps[2], dependsOn: ['S1'], needsResultOf: ['S1'] }] } },
    },
  ],
});
