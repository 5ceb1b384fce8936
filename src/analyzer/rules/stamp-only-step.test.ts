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
    {
      name: 'the decision applies its own seal',
      matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'intake' }, { id: 'S2', kind: 'decision', stamps: ['行政审批专用章'] }) })],
    },
  ],
  invalid: [
    {
      name: 'a stamp-only step is folded into the decision; the seal the decision applies is not applied twice',
      matters: [asIs],
      findings: [
        {
          location: { matter: 'A', step: 'S3' },
          messageId: 'fold',
          details: { stamps: 3, steps: ['S2'] },
          message: { zh: ['并入环节「S2」', '共盖章 3 次'], en: 'fold it into step “S2”' },
          fixable: true,
        },
      ],
      output: {
        A: {
          ...asIs,
          steps: [asIs.steps[0], { ...asIs.steps[1], stamps: ['行政审批专用章', '骑缝章'] }, { ...asIs.steps[3], dependsOn: ['S2'], needsResultOf: ['S2'] }],
        },
      },
    },
    {
      name: 'a filing without a decision: the seal goes to the nearest founded review before it',
      matters: [
        matter({
          code: 'A',
          steps: chain({ id: 'S1', kind: 'intake' }, { id: 'S2', kind: 'review' }, { id: 'S3', kind: 'review', legalBases: [] }, { id: 'S4', kind: 'stamp', stamps: ['备案章'] }),
        }),
      ],
      findings: [{ location: { matter: 'A', step: 'S4' }, messageId: 'fold', details: { stamps: 1, steps: ['S2'] }, fixable: true }],
    },
    {
      name: 'without a decision or a founded review there is nothing to fold into: reported without a fix',
      matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'intake' }, { id: 'S2', kind: 'stamp', stamps: ['公章'] }) })],
      findings: [{ location: { matter: 'A', step: 'S2' }, messageId: 'noTarget', fixable: false, details: { stamps: 1 } }],
    },
  ],
});
