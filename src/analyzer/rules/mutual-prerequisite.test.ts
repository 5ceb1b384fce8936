import { matter, prerequisite } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './mutual-prerequisite.js';

const departments = [
  { code: 'ZJJ', name: '住房和城乡建设局', regionCode: '370883' },
  { code: 'ZRZY', name: '自然资源和规划局', regionCode: '370883' },
  { code: 'XFJY', name: '消防救援大队', regionCode: '370883' },
];

const a = matter({ code: 'A', name: '施工许可', departmentCode: 'ZJJ', prerequisites: [prerequisite('B')] });
const b = matter({ code: 'B', name: '规划核实', departmentCode: 'ZRZY', prerequisites: [prerequisite('C', [])] });
const c = matter({ code: 'C', name: '消防验收', departmentCode: 'XFJY', prerequisites: [prerequisite('A')] });

runRuleTests(rule, {
  valid: [
    {
      name: 'a chain is no cycle',
      matters: [matter({ code: 'A', prerequisites: [prerequisite('B')] }), matter({ code: 'B', prerequisites: [prerequisite('C')] }), matter({ code: 'C' })],
    },
    {
      name: 'a diamond is no cycle',
      matters: [
        matter({ code: 'A', prerequisites: [prerequisite('B'), prerequisite('C')] }),
        matter({ code: 'B', prerequisites: [prerequisite('D')] }),
        matter({ code: 'C', prerequisites: [prerequisite('D')] }),
        matter({ code: 'D' }),
      ],
    },
    { name: 'a prerequisite outside the catalogue is not followed', matters: [matter({ code: 'A', prerequisites: [prerequisite('X')] })] },
  ],
  invalid: [
    {
      name: 'two matters each waiting for the other, both links founded: reported once, no fix',
      matters: [matter({ code: 'A', prerequisites: [prerequisite('B')] }), matter({ code: 'B', prerequisites: [prerequisite('A')] })],
      findings: [{ location: { matter: 'A', prerequisite: 'B' }, messageId: 'cycle', severity: 'error', details: { cycle: ['A', 'B'] }, fixable: false }],
    },
    {
      name: 'a three-matter cycle across three departments is reported whole; the unfounded link is removed',
      matters: [a, b, c],
      departments,
      findings: [
        {
          location: { matter: 'A', prerequisite: 'B' },
          messageId: 'cycle',
          details: { cycle: ['A', 'B', 'C'], departments: ['ZJJ', 'ZRZY', 'XFJY'] },
          fixable: false,
          message: { zh: ['施工许可', '规划核实', '消防验收', '住房和城乡建设局', '消防救援大队'], en: 'across' },
        },
        { location: { matter: 'B', prerequisite: 'C' }, messageId: 'cycle', details: { cycle: ['A', 'B', 'C'] }, fixable: true },
      ],
      output: { B: { ...b, prerequisites: [] }, A: a },
    },
    {
      name: 'a matter that is its own prerequisite',
      matters: [matter({ code: 'A', prerequisites: [prerequisite('A', [])] })],
      findings: [{ location: { matter: 'A', prerequisite: 'A' }, messageId: 'cycle', details: { cycle: ['A'] }, fixable: true }],
    },
    {
      name: 'two cycles through the same matter are both reported',
      matters: [
        matter({ code: 'A', prerequisites: [prerequisite('B'), prerequisite('C')] }),
        matter({ code: 'B', prerequisites: [prerequisite('A')] }),
        matter({ code: 'C', prerequisites: [prerequisite('A')] }),
      ],
      findings: [
        { location: { matter: 'A', prerequisite: 'B' }, messageId: 'cycle', details: { cycle: ['A', 'B'] } },
        { location: { matter: 'A', prerequisite: 'C' }, messageId: 'cycle', details: { cycle: ['A', 'C'] } },
      ],
    },
  ],
});
