import { chain, material, matter, prerequisite, step } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './no-legal-basis.js';

const founded = matter({
  code: 'A',
  materials: [material({ id: 'M1' }), material({ id: 'M2', category: 'application_form', legalBases: [] })],
  steps: chain({ id: 'S1', kind: 'intake', legalBases: [] }, { id: 'S2', kind: 'review' }, { id: 'S3', kind: 'decision', legalBases: [] }),
  prerequisites: [prerequisite('B')],
});

const asIs = matter({
  code: 'A',
  materials: [material({ id: 'M1' }), material({ id: 'M2', legalBases: [] })],
  steps: chain({ id: 'S1', kind: 'intake' }, { id: 'S2', kind: 'review', legalBases: [], workdays: 1 }, { id: 'S3', kind: 'decision' }),
  prerequisites: [prerequisite('B', [])],
});

runRuleTests(rule, {
  valid: [
    { name: 'every step, material and prerequisite cites a basis', matters: [founded, matter({ code: 'B' })] },
    { name: 'intake, decision and the application form are covered by the matter’s own basis', matters: [founded] },
    { name: 'a countersign is countersign-without-basis’s to judge', matters: [matter({ code: 'A', steps: [step({ id: 'S1', kind: 'countersign', legalBases: [] })] })] },
  ],
  invalid: [
    {
      name: 'a step, a material and a prerequisite without basis are each removed',
      matters: [asIs, matter({ code: 'B' })],
      findings: [
        { location: { matter: 'A', step: 'S2' }, severity: 'error', message: { zh: '没有法律法规依据', en: 'no legal basis' }, fixable: true },
        { location: { matter: 'A', material: 'M2' }, fixable: true },
        { location: { matter: 'A', prerequisite: 'B' }, fixable: true },
      ],
      output: {
        A: {
          ...asIs,
          materials: [asIs.materials[0]],
          // the decision now waits for the intake, which it needs (it needed the review that needed the intake)
          steps: [asIs.steps[0], { ...asIs.steps[2], dependsOn: ['S1'], needsResultOf: ['S1'] }],
          prerequisites: [],
        },
      },
    },
    {
      name: 'a matter without any basis is reported, without a fix',
      matters: [matter({ code: 'A', legalBases: [] })],
      findings: [{ location: { matter: 'A' }, message: { zh: '没有设定依据' }, fixable: false }],
    },
    {
      name: 'options: a region can hold intake to its own basis',
      matters: [matter({ code: 'A', steps: [step({ id: 'S1', kind: 'intake', legalBases: [] })] })],
      options: { inherentStepKinds: [] },
      findings: [{ location: { matter: 'A', step: 'S1' } }],
    },
  ],
});
