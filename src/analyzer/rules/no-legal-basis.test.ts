import { describe, expect, it } from 'vitest';
import { applyFixes } from '../fix.js';
import { analyze } from '../runner.js';
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
      name: 'a step and a prerequisite without basis are removed; a material without its own citation in a founded matter is a warning the office decides',
      matters: [asIs, matter({ code: 'B' })],
      findings: [
        { location: { matter: 'A', step: 'S2' }, messageId: 'step', severity: 'error', fixable: true },
        { location: { matter: 'A', material: 'M2' }, messageId: 'materialToVerify', severity: 'warning', fixable: true },
        { location: { matter: 'A', prerequisite: 'B' }, messageId: 'prerequisite', fixable: true },
      ],
      // once the office accepts every finding
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
      name: 'in a matter without any basis, a material without basis is an error and goes',
      matters: [matter({ code: 'A', legalBases: [], materials: [material({ id: 'M1', legalBases: [] })] })],
      findings: [
        { location: { matter: 'A' }, messageId: 'matter', fixable: false },
        { location: { matter: 'A', material: 'M1' }, messageId: 'material', severity: 'error', fixable: true },
      ],
    },
    {
      name: 'a matter without any basis is reported, without a fix',
      matters: [matter({ code: 'A', legalBases: [] })],
      findings: [{ location: { matter: 'A' }, messageId: 'matter', fixable: false }],
    },
    {
      name: 'options: a region can hold intake to its own basis',
      matters: [matter({ code: 'A', steps: [step({ id: 'S1', kind: 'intake', legalBases: [] })] })],
      options: { inherentStepKinds: [] },
      findings: [{ location: { matter: 'A', step: 'S1' }, messageId: 'step' }],
    },
  ],
});

describe('no-legal-basis: the office decides a material that serves a founded matter', () => {
  const photo = material({ id: 'M9', name: '近期免冠照片', legalBases: [] });
  const catalogue = { regionCode: '370883', departments: [], matters: [matter({ code: 'A', materials: [material({ id: 'M1' }), photo] })] };

  it('analyze() leaves the material in the to-be version until the office accepts its removal', () => {
    const result = analyze(catalogue);
    const finding = result.findings.find((f) => f.location.material === 'M9')!;
    expect(finding.fix?.decisionRequired).toBe(true);
    expect(result.toBe.find((m) => m.code === 'A')?.materials.map((m) => m.id) ?? ['M1', 'M9']).toContain('M9');
    expect(result.figures.toBe.catalogue.materials).toBe(2);
  });

  it('accepting it (applying its fix) removes the material', () => {
    const finding = analyze(catalogue).findings.find((f) => f.location.material === 'M9')!;
    expect(applyFixes(catalogue.matters[0], [finding.fix!]).materials.map((m) => m.id)).toEqual(['M1']);
  });
});
