import { COMMITMENT_EXCLUSIONS } from '../../catalogue/model.js';
import { material, matter } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './commitment-eligible.js';

const proof = material({ id: 'M1', name: '施工场地具备施工条件的证明', category: 'proof' });
const asIs = matter({ code: 'A', materials: [proof, material({ id: 'M2', category: 'drawing' })] });

runRuleTests(rule, {
  valid: [
    { name: 'a proof already replaced by a commitment', matters: [matter({ code: 'A', materials: [material({ id: 'M1', category: 'proof', commitmentAllowed: true })] })] },
    {
      name: 'drawings and contracts are not proofs',
      matters: [matter({ code: 'A', materials: [material({ id: 'M1', category: 'drawing' }), material({ id: 'M2', category: 'contract' })] })],
    },
    {
      name: 'a government-issued proof is obtained by sharing instead',
      matters: [matter({ code: 'A', materials: [material({ id: 'M1', category: 'proof', source: { kind: 'government' } })] })],
    },
    ...COMMITMENT_EXCLUSIONS.map((exclusion) => ({
      name: `a proof concerning ${exclusion} is never suggested (国办发〔2020〕42号)`,
      matters: [matter({ code: 'A', materials: [material({ id: 'M1', category: 'proof', commitmentExclusion: exclusion })] })],
    })),
    {
      name: 'a public-safety document received now and checked after the decision is still no commitment',
      matters: [
        matter({
          code: 'A',
          materials: [
            material({ id: 'M1', category: 'proof', commitmentExclusion: 'public_safety', postDecisionCheck: { legalBasis: { document: '《意见》', article: '', text: '' } } }),
          ],
        }),
      ],
    },
    {
      name: 'a hospital’s 出生医学证明 is never suggested: only the hospital can attest a birth',
      matters: [
        matter({
          code: 'A',
          materials: [material({ id: 'M1', name: '出生医学证明', category: 'proof', source: { kind: 'third_party', issuer: '助产医疗机构', issuerType: 'hospital' } })],
        }),
      ],
    },
    {
      name: 'the exclusions hold whatever the options say',
      options: { categories: ['proof', 'licence', 'other'] },
      matters: [matter({ code: 'A', materials: [material({ id: 'M1', category: 'licence', commitmentExclusion: 'public_safety' })] })],
    },
  ],
  invalid: [
    {
      name: 'a proof a commitment letter can replace',
      matters: [asIs],
      findings: [{ location: { matter: 'A', material: 'M1' }, messageId: 'eligible', severity: 'suggestion', fixable: true }],
      output: { A: { ...asIs, materials: [{ ...proof, commitmentAllowed: true }, asIs.materials[1]] } },
    },
    {
      name: 'a commitment allowed for a life-and-health proof is an error and is withdrawn',
      matters: [matter({ code: 'A', materials: [material({ id: 'M1', category: 'proof', commitmentAllowed: true, commitmentExclusion: 'life_health' })] })],
      findings: [{ location: { matter: 'A', material: 'M1' }, messageId: 'excluded', severity: 'error', message: { zh: '人身健康' }, fixable: true }],
    },
    {
      name: 'a proof received now and checked after the decision: the letter can replace it, and then it is no longer handed in nor checked as a document',
      matters: [matter({ code: 'A', materials: [{ ...proof, postDecisionCheck: { legalBasis: { document: '《意见》', article: '', text: '' } } }] })],
      findings: [{ location: { matter: 'A', material: 'M1' }, messageId: 'eligible', severity: 'suggestion', fixable: true }],
      output: { A: { ...matter({ code: 'A', materials: [proof] }), materials: [{ ...proof, commitmentAllowed: true, postDecisionCheck: null }] } },
    },
    {
      name: 'a commitment allowed in place of a hospital’s certificate is an error and is withdrawn',
      matters: [
        matter({
          code: 'A',
          materials: [material({ id: 'M1', name: '出生医学证明', category: 'proof', commitmentAllowed: true, source: { kind: 'third_party', issuerType: 'hospital' } })],
        }),
      ],
      findings: [{ location: { matter: 'A', material: 'M1' }, messageId: 'issuerOnly', severity: 'error', message: { zh: '医疗机构', en: 'medical institution' }, fixable: true }],
    },
    {
      name: 'option includeConditional: conditional proofs too by default',
      matters: [matter({ code: 'A', materials: [material({ id: 'M1', category: 'proof', requirement: 'conditional' })] })],
      findings: [{ location: { matter: 'A', material: 'M1' }, messageId: 'eligible' }],
    },
  ],
});
