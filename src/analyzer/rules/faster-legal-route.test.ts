import { describe, expect, it } from 'vitest';
import { analyze } from '../runner.js';
import { chain, material, matter } from '../fixtures.js';
import { runRuleTests } from '../rule-tester.js';
import rule from './faster-legal-route.js';

const FIRE_LAW = {
  document: '《中华人民共和国消防法》',
  article: '第十五条',
  text: '公众聚集场所投入使用、营业前消防安全检查实行告知承诺管理。……对申请人选择采用告知承诺方式办理的……',
};
const commitmentRoute = { id: 'commitment', name: '告知承诺方式', legalBasis: FIRE_LAW, promisedDays: 0, stepsAfterDecision: ['S2'], commitmentMaterials: ['M1'] };
/** 公众聚集场所投入使用、营业前消防安全检查: ten working days with the inspection before the licence. */
const inspection = () =>
  matter({
    code: 'XF-01',
    name: '公众聚集场所投入使用、营业前消防安全检查',
    promisedDays: 10,
    statutoryDays: 10,
    materials: [material({ id: 'M1', name: '消防安全制度和应急预案', category: 'proof', commitmentExclusion: 'public_safety' })],
    steps: chain({ id: 'S1', kind: 'review', workdays: 2 }, { id: 'S2', name: '消防安全检查', kind: 'site_inspection', workdays: 8 }, { id: 'S3', kind: 'decision' }),
    routes: [commitmentRoute],
  });

runRuleTests(rule, {
  valid: [
    { name: 'a matter without routes of its own', matters: [matter({ code: 'A' })] },
    { name: 'a matter that already follows its fastest route', matters: [{ ...inspection(), route: 'commitment', promisedDays: 0 }] },
    { name: 'a route that is not faster is no suggestion', matters: [{ ...inspection(), routes: [{ ...commitmentRoute, promisedDays: 10 }] }] },
  ],
  invalid: [
    {
      name: 'the commitment route of 《消防法》第十五条 is suggested, with the inspection after the decision',
      matters: [inspection()],
      findings: [
        {
          location: { matter: 'XF-01' },
          messageId: 'route',
          severity: 'suggestion',
          message: { zh: ['《中华人民共和国消防法》第十五条', '告知承诺方式', '0 个工作日', '消防安全检查改在决定后进行'], en: 'instead of 10 working days' },
          fixable: true,
          details: { workdays: 0, savedDays: 10, steps: ['S2'] },
        },
      ],
    },
  ],
});

describe('faster-legal-route with the other rules', () => {
  it('following the statutory route, a public-safety material replaced by the law’s own commitment is no 42号 error, and the inspection leaves the path to the licence', () => {
    const result = analyze({ regionCode: '370883', departments: [], matters: [inspection()] });
    const toBe = result.toBe[0];
    expect(toBe.route).toBe('commitment');
    expect(toBe.steps.map((s) => s.id)).toEqual(['S1', 'S3']);
    expect(toBe.materials[0].commitmentAllowed).toBe(true);
    expect(result.remaining.filter((f) => f.rule === 'commitment-eligible')).toEqual([]);
    expect(result.figures.toBe.matters['XF-01'].promisedDays).toBe(0);
  });

  it('without the route, 42号 still keeps the commitment out', () => {
    const m = { ...inspection(), routes: [], materials: [{ ...inspection().materials[0], commitmentAllowed: true }] };
    const result = analyze({ regionCode: '370883', departments: [], matters: [m] });
    expect(result.findings.filter((f) => f.rule === 'commitment-eligible').map((f) => f.severity)).toEqual(['error']);
  });
});
