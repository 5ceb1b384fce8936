import { basis, chain, matter } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './redundant-review.js';

const ladder = matter({
  code: 'A',
  steps: chain(
    { id: 'S1', kind: 'intake' },
    { id: 'S2', kind: 'review', role: '科员', workdays: 1 },
    { id: 'S3', kind: 'review', role: '科长', workdays: 1, legalBases: [] },
    { id: 'S4', kind: 'review', role: '分管局长', workdays: 1, legalBases: [] },
    { id: 'S5', kind: 'decision', role: '局长' },
  ),
});

runRuleTests(rule, {
  valid: [
    {
      name: 'one review per department',
      matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'review' }, { id: 'S2', kind: 'review', departmentCode: 'D2', legalBases: [] }) })],
    },
    {
      name: 'two reviews the law sets both',
      matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'review' }, { id: 'S2', kind: 'review', legalBases: basis('《建设工程质量管理条例》', '第十三条') }) })],
    },
  ],
  invalid: [
    {
      name: 'a sign-off ladder: rungs without a basis of their own go',
      matters: [ladder],
      findings: [
        {
          location: { matter: 'A', step: 'S3' },
          messageId: 'repeated',
          details: { steps: ['S2', 'S3', 'S4'] },
          message: { zh: '审查 3 次', en: 'reviews 3 times' },
          fixable: true,
        },
        { location: { matter: 'A', step: 'S4' }, messageId: 'repeated', fixable: true },
      ],
      output: { A: { ...ladder, steps: [ladder.steps[0], ladder.steps[1], { ...ladder.steps[4], dependsOn: ['S2'], needsResultOf: ['S2'] }] } },
    },
    {
      name: 'no rung founded: the first review stays',
      matters: [matter({ code: 'A', steps: chain({ id: 'S1', kind: 'review', legalBases: [] }, { id: 'S2', kind: 'review', legalBases: [] }) })],
      findings: [{ location: { matter: 'A', step: 'S2' }, messageId: 'repeated' }],
    },
  ],
});
