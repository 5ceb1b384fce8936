import { chain, matter, step } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './serial-countersign.js';

// intake → countersign D2 (2 days) → countersign D3 (3 days, does not need D2) → countersign D4 (1 day, needs nothing) → decision (needs all)
const asIs = matter({
  code: 'A',
  steps: [
    step({ id: 'S1', kind: 'intake' }),
    step({ id: 'S2', kind: 'countersign', departmentCode: 'D2', workdays: 2, dependsOn: ['S1'] }),
    step({ id: 'S3', kind: 'countersign', departmentCode: 'D3', workdays: 3, dependsOn: ['S2'], needsResultOf: [] }),
    step({ id: 'S4', kind: 'countersign', departmentCode: 'D4', workdays: 1, dependsOn: ['S3'], needsResultOf: [] }),
    step({ id: 'S5', kind: 'decision', dependsOn: ['S4'] }),
  ],
});

runRuleTests(rule, {
  valid: [
    {
      name: 'countersigns already in parallel',
      matters: [
        matter({
          code: 'A',
          steps: [step({ id: 'S1', kind: 'intake' }), step({ id: 'S2', kind: 'countersign', dependsOn: ['S1'] }), step({ id: 'S3', kind: 'countersign', dependsOn: ['S1'] })],
        }),
      ],
    },
    {
      name: 'a countersign that needs the other’s sign-off stays in series',
      matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'countersign', workdays: 2 }, { id: 'S2', kind: 'countersign', workdays: 2 }) })],
    },
    {
      name: 'a review waiting out of habit is parallelizable-steps’ to report',
      matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'countersign' }, { id: 'S2', kind: 'review', needsResultOf: [] }) })],
    },
  ],
  invalid: [
    {
      name: 'a run of three serial countersigns',
      matters: [asIs],
      findings: [
        { location: { matter: 'A', step: 'S3' }, messageId: 'serial', details: { steps: ['S2'], savedDays: 2 }, message: { zh: '2 个工作日', en: '2 working days' } },
        { location: { matter: 'A', step: 'S4' }, messageId: 'serial', details: { steps: ['S3'], savedDays: 1 } },
      ],
      output: {
        A: {
          ...asIs,
          steps: [
            asIs.steps[0],
            asIs.steps[1],
            { ...asIs.steps[2], dependsOn: ['S1'], needsResultOf: ['S1'] },
            // applied after S3 moved: S4 inherits S3's new start
            { ...asIs.steps[3], dependsOn: ['S1'], needsResultOf: ['S1'] },
            asIs.steps[4],
          ],
        },
      },
    },
  ],
});
