// 凡是没有法律法规依据的程序坚决减掉: a step, material or prerequisite that cites no legal
// basis is removed in the to-be version. A matter without any basis is reported too (the
// matter itself cannot be fixed by a new version; it goes to the reform office).
// A material without a citation of its own that serves a matter which has a basis (the photo
// printed on a health certificate, the ID card shown for it) is not unlawful on its face: the
// matter's basis may well cover it. It is a warning, and its removal a proposal the office
// decides (the fix waits for an explicit accept).
import type { MaterialCategory, StepKind } from '../../catalogue/model.js';
import { materialName, matterName, matterRef, stepName } from '../describe.js';
import type { Rule } from '../model.js';
import { materialCategories, schemaOf, stepKinds } from '../options.js';

export interface Options {
  /** Step kinds every matter has by nature (its own legal basis covers them). */
  inherentStepKinds: StepKind[];
  /** Step kinds a more specific rule judges (countersign-without-basis). */
  ignoreStepKinds: StepKind[];
  /** Material categories the matter's own legal basis covers (the application form). */
  inherentMaterialCategories: MaterialCategory[];
}

const rule: Rule<Options, 'matter' | 'step' | 'stepFix' | 'materialToVerify' | 'materialToVerifyFix' | 'material' | 'materialFix' | 'prerequisite' | 'prerequisiteFix'> = {
  meta: {
    id: 'no-legal-basis',
    severity: 'error',
    type: 'problem',
    docs: {
      zh: '没有法律法规依据的环节、材料和前置条件，予以取消。',
      en: 'Steps, materials and prerequisites that cite no legal basis are removed.',
      principle: 'legal_basis',
    },
    fixable: true,
    scope: 'matter',
    messages: {
      matter: { zh: '{{of}}没有设定依据，应核实其合法性或取消该事项。', en: '{{of}} cites no legal basis: verify it is lawful or abolish it.' },
      step: { zh: '{{of}}的{{step}}没有法律法规依据，应予取消。', en: '{{step}} of {{of}} has no legal basis and should be removed.' },
      stepFix: { zh: '取消{{step}}', en: 'Remove {{step}}' },
      materialToVerify: {
        zh: '{{of}}要求的{{material}}未单独列明依据；事项本身有设定依据，请核实该材料是否为依据所要求：不是的，取消该材料。',
        en: '{{material}} required by {{of}} cites no provision of its own; the matter has a legal basis, so verify whether that basis requires it, and drop it if not.',
      },
      materialToVerifyFix: { zh: '取消{{material}}（经确认无依据）', en: 'Remove {{material}} (once confirmed without basis)' },
      material: { zh: '{{of}}要求的{{material}}没有法律法规依据，应不再要求提交。', en: '{{material}} required by {{of}} has no legal basis and should no longer be required.' },
      materialFix: { zh: '取消{{material}}', en: 'Remove {{material}}' },
      prerequisite: {
        zh: '{{of}}以{{prerequisite}}为前置条件，但没有法律法规依据，应取消该前置。',
        en: '{{of}} requires {{prerequisite}} first without any legal basis; the prerequisite should go.',
      },
      prerequisiteFix: { zh: '取消前置条件{{prerequisite}}', en: 'Remove the prerequisite {{prerequisite}}' },
    },
    schema: schemaOf({ inherentStepKinds: stepKinds, ignoreStepKinds: stepKinds, inherentMaterialCategories: materialCategories }),
    defaultOptions: {
      inherentStepKinds: ['intake', 'decision', 'delivery'],
      ignoreStepKinds: ['countersign'],
      inherentMaterialCategories: ['application_form'],
    },
  },
  create(context) {
    const { inherentStepKinds, ignoreStepKinds, inherentMaterialCategories } = context.options;
    const skipSteps = new Set<string>([...inherentStepKinds, ...ignoreStepKinds]);
    const skipMaterials = new Set<string>(inherentMaterialCategories);
    return {
      matter(matter) {
        const of = matterName(matter);
        if (matter.legalBases.length === 0) {
          context.report({
            location: { matter: matter.code },
            messageId: 'matter',
            data: { of },
          });
        }
        for (const step of matter.steps) {
          if (skipSteps.has(step.kind) || step.legalBases.length) continue;
          const s = stepName(step);
          context.report({
            location: { matter: matter.code, step: step.id },
            messageId: 'step',
            data: { of, step: s },
            fix: { messageId: 'stepFix', data: { step: s }, operations: [{ op: 'removeStep', step: step.id }] },
          });
        }
        const matterHasBasis = matter.legalBases.length > 0;
        for (const material of matter.materials) {
          if (skipMaterials.has(material.category) || material.legalBases.length) continue;
          const m = materialName(material);
          if (matterHasBasis) {
            context.report({
              // never heavier than the region configured, never an error
              severity: context.severity === 'error' ? 'warning' : context.severity,
              location: { matter: matter.code, material: material.id },
              messageId: 'materialToVerify',
              data: { of, material: m },
              fix: { messageId: 'materialToVerifyFix', data: { material: m }, operations: [{ op: 'removeMaterial', material: material.id }], decisionRequired: true },
            });
            continue;
          }
          context.report({
            location: { matter: matter.code, material: material.id },
            messageId: 'material',
            data: { of, material: m },
            fix: { messageId: 'materialFix', data: { material: m }, operations: [{ op: 'removeMaterial', material: material.id }] },
          });
        }
        for (const prerequisite of matter.prerequisites) {
          if (prerequisite.legalBases.length) continue;
          const p = matterRef(context.index, prerequisite.matterCode);
          context.report({
            location: { matter: matter.code, prerequisite: prerequisite.matterCode },
            messageId: 'prerequisite',
            data: { of, prerequisite: p },
            fix: { messageId: 'prerequisiteFix', data: { prerequisite: p }, operations: [{ op: 'removePrerequisite', prerequisite: prerequisite.matterCode }] },
          });
        }
      },
    };
  },
};

export default rule;
