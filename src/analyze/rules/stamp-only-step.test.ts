import { chain, matter } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './stamp-only-step.js';

const asIs = matter({
  code: 'A',
  steps: chain(
    { id: 'S1', kind: 'intake' },
    { id: 'S2', kind: 'decision', stamps: ['行政审批专用章'] },
    { id: 'S3', kind: 'stamp', workdays: 1, stamps: ['行政审批专用章', '骑缝章'] },
    { id: 'S4', kind: 'delivery' },
  ),
});

runRuleTests(rule, {
  valid: [
    { name: 'the decision applies its own seal', matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'intake' }, { id: 'S2', kind: 'decision', stamps: ['行政审批专用章'] }) })] },
  ],
  invalid: [
    {
      name: 'a stamp-only step is folded into the decision; the seal the decision applies is not applied twice',
      matters: [asIs],
      findings: [{ location: { matter: 'A', step: 'S3' }, details: { stamps: 3, steps: ['S2'] }, message: { zh: ['并入决定', '共盖章 3 次'], en: 'fold it into the decision' }, fixable: true }],
      output: {
        A: {
          ...asIs,
          steps: [asIs.steps[0], { ...asIs.steps[1], stamps: ['行政审批专用章', '骑缝章'] }, { ...asIs.steps[3], dependsOn: ['S2'], needsResultOf: ['S2'] }],
        },
      },
    },
    {
      name: 'without a decision there is nothing to fold into: reported without a fix',
      matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'intake' }, { id: 'S2', kind: 'stamp', stamps: ['公章'] }) })],
      findings: [{ location: { matter: 'A', step: 'S2' }, fixable: false, details: { stamps: 1 } }],
    },
  ],
});
