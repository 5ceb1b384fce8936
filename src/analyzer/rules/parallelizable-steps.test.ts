import { chain, matter, step } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './parallelizable-steps.js';

// intake → site inspection (3 days) → expert review (5 days, does not need the inspection) → decision (needs both)
const asIs = matter({
  code: 'A',
  steps: [
    step({ id: 'S1', kind: 'intake' }),
    step({ id: 'S2', kind: 'site_inspection', workdays: 3, dependsOn: ['S1'] }),
    step({ id: 'S3', kind: 'expert_review', workdays: 5, dependsOn: ['S2'], needsResultOf: [] }),
    step({ id: 'S4', kind: 'decision', dependsOn: ['S3'], needsResultOf: ['S3'] }),
  ],
});

runRuleTests(rule, {
  valid: [
    {
      name: 'every step needs the one before',
      matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'intake' }, { id: 'S2', workdays: 2 }, { id: 'S3', kind: 'decision' }) })],
    },
    {
      name: 'serial countersigns are serial-countersign’s',
      matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'countersign' }, { id: 'S2', kind: 'countersign', needsResultOf: [] }) })],
    },
    {
      name: 'option minSavedDays: a move that saves nothing is not reported',
      options: { minSavedDays: 1 },
      matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'intake' }, { id: 'S2', workdays: 0 }, { id: 'S3', workdays: 0, needsResultOf: [] }) })],
    },
  ],
  invalid: [
    {
      name: 'an expert review waiting for a site inspection it does not need: 3 working days saved',
      matters: [asIs],
      findings: [
        {
          location: { matter: 'A', step: 'S3' },
          messageId: 'parallel',
          details: { steps: ['S2'], savedDays: 3 },
          message: { zh: '缩短 3 个工作日', en: 'by 3 working days' },
          fixable: true,
        },
      ],
      output: { A: { ...asIs, steps: [asIs.steps[0], asIs.steps[1], { ...asIs.steps[2], dependsOn: ['S1'], needsResultOf: ['S1'] }, asIs.steps[3]] } },
    },
  ],
});
