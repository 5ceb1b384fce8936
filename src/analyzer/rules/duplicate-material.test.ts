import { material, matter, prerequisite } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule, { materialKey } from './duplicate-material.js';
import { describe, expect, it } from 'vitest';

const id1 = material({ id: 'M1', name: '居民身份证', canonicalId: 'identity_card' });
const id2 = material({ id: 'M2', name: '法定代表人身份证明', canonicalId: 'identity_card' });
const within = matter({ code: 'A', materials: [id1, material({ id: 'M3', name: '施工合同' }), id2] });
const contractB = material({ id: 'M1', name: '施工合同（复印件）' });
const later = matter({ code: 'B', prerequisites: [prerequisite('A')], materials: [contractB] });

runRuleTests(rule, {
  valid: [
    {
      name: 'different documents',
      matters: [matter({ code: 'A', materials: [material({ id: 'M1', canonicalId: 'identity_card' }), material({ id: 'M2', canonicalId: 'business_licence' })] })],
    },
    { name: 'the same document in unrelated matters', matters: [matter({ code: 'A', materials: [id1] }), matter({ code: 'B', materials: [id1] })] },
    {
      name: 'application forms are each matter’s own',
      matters: [
        matter({ code: 'A', materials: [material({ id: 'M1', name: '申请表', category: 'application_form' })] }),
        matter({ code: 'B', prerequisites: [prerequisite('A')], materials: [material({ id: 'M1', name: '申请表', category: 'application_form' })] }),
      ],
    },
    {
      name: 'across prerequisites switched off',
      options: { acrossPrerequisites: false },
      matters: [within.materials.length ? matter({ code: 'A', materials: [material({ id: 'M3', name: '施工合同' })] }) : within, later],
    },
  ],
  invalid: [
    {
      name: 'the same canonical material twice within a matter: the second goes',
      matters: [within],
      findings: [{ location: { matter: 'A', material: 'M2' }, messageId: 'within', details: { otherMaterial: 'M1' }, fixable: true }],
      output: { A: { ...within, materials: [id1, within.materials[1]] } },
    },
    {
      name: 'a material handed in for the prerequisite matter is reused',
      matters: [matter({ code: 'A', materials: [material({ id: 'M3', name: '施工合同' })] }), later],
      findings: [{ location: { matter: 'B', material: 'M1' }, messageId: 'across', details: { otherMatter: 'A', otherMaterial: 'M3' }, fixable: true }],
      output: { B: { ...later, materials: [{ ...contractB, source: { ...contractB.source, dataSharing: true } }] } },
    },
    {
      name: 'option groups: matters done together',
      options: { groups: [['A', 'B']] },
      matters: [matter({ code: 'A', materials: [id1] }), matter({ code: 'B', materials: [id2] })],
      findings: [{ location: { matter: 'B', material: 'M2' }, messageId: 'across', details: { otherMatter: 'A', otherMaterial: 'M1' } }],
    },
  ],
});

describe('materialKey', () => {
  it('recognises the same document under a copy marker or punctuation', () => {
    expect(materialKey(material({ id: 'X', name: '施工合同（复印件）' }))).toBe(materialKey(material({ id: 'Y', name: '施工合同' })));
    expect(materialKey(material({ id: 'X', name: '营业执照', canonicalId: 'business_licence' }))).not.toBe(materialKey(material({ id: 'Y', name: '营业执照' })));
  });
});
