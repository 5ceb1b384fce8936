import { material, matter } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './government-held-material.js';

const permit = material({ id: 'M1', name: '建设工程规划许可证', source: { kind: 'government', departmentCode: 'ZRZY', matterCode: 'P', certificate: '建设工程规划许可证' } });
const asIs = matter({ code: 'A', materials: [permit, material({ id: 'M2' })] });

runRuleTests(rule, {
  valid: [
    {
      name: 'applicant’s own materials',
      matters: [matter({ code: 'A', materials: [material({ id: 'M1' }), material({ id: 'M2', source: { kind: 'third_party', issuer: '银行' } })] })],
    },
    {
      name: 'a government material already obtained by data sharing',
      matters: [matter({ code: 'A', materials: [material({ id: 'M1', source: { kind: 'government', dataSharing: true } })] })],
    },
    {
      name: 'a booklet shown at the counter (户口簿 to print a page in) is presented, not obtained by data sharing',
      matters: [matter({ code: 'A', materials: [material({ id: 'M1', name: '居民户口簿', source: { kind: 'government', departmentCode: 'GAJ', presentOnly: true } })] })],
    },
  ],
  invalid: [
    {
      name: 'the planning permit another department issued is obtained by data sharing',
      matters: [asIs, matter({ code: 'P', name: '建设工程规划许可', departmentCode: 'ZRZY' })],
      departments: [{ code: 'ZRZY', name: '自然资源和规划局', regionCode: '370883' }],
      findings: [
        { location: { matter: 'A', material: 'M1' }, messageId: 'share', message: { zh: ['自然资源和规划局', '建设工程规划许可'] }, details: { otherMatter: 'P' }, fixable: true },
      ],
      output: { A: { ...asIs, materials: [{ ...permit, source: { ...permit.source, dataSharing: true } }, asIs.materials[1]] } },
    },
    {
      name: 'without a sharing channel in the region yet: a suggestion to build one, and no fix',
      matters: [matter({ code: 'A', materials: [material({ id: 'M1', name: '婚姻登记证明', source: { kind: 'government', departmentCode: 'MZJ', noSharingChannel: true } })] })],
      findings: [{ location: { matter: 'A', material: 'M1' }, messageId: 'noChannel', severity: 'suggestion', fixable: false }],
    },
  ],
});
