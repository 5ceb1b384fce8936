// A restaurant's opening, modelled the way a county lists it: the food business licence, the
// fire-safety inspection of a public gathering place and the outdoor sign each inspect the
// premises and each form asks for the shop's address under its own label.
import { describe, expect, it } from 'vitest';
import { basis, field, matter, step } from '../catalogue/build.js';
import type { Catalogue, Matter } from '../catalogue/model.js';
import { createBundleDraft } from './merge.js';

const LAW = basis('《中华人民共和国食品安全法》', '第三十五条', '');

function withInspection(code: string, name: string, departmentCode: string, address: string): Matter {
  return matter({
    code,
    name,
    kind: 'licensing',
    departmentCode,
    legalBases: [LAW],
    promisedDays: 5,
    steps: [
      step({ id: 'S01', name: '受理', kind: 'intake', departmentCode }),
      step({
        id: 'S02',
        name: '现场核查',
        kind: 'site_inspection',
        departmentCode,
        workdays: 2,
        applicantPresent: true,
        legalBases: [LAW],
        dependsOn: ['S01'],
        needsResultOf: ['S01'],
      }),
      step({ id: 'S03', name: '决定', kind: 'decision', departmentCode, workdays: 1, dependsOn: ['S02'], needsResultOf: ['S02'] }),
    ],
    formFields: [field('F01', address, null, { type: 'address' }), field('F02', '联系电话', 'contact_phone')],
  });
}

const restaurant = (): Catalogue => ({
  regionCode: '370883',
  departments: [
    { code: 'SJJ', name: '市场监督管理局', regionCode: '370883' },
    { code: 'XFJY', name: '消防救援大队', regionCode: '370883' },
    { code: 'CGJ', name: '综合行政执法局', regionCode: '370883' },
  ],
  matters: [
    withInspection('CY-01', '食品经营许可', 'SJJ', '经营场所'),
    withInspection('CY-02', '公众聚集场所投入使用、营业前消防安全检查', 'XFJY', '场所地址'),
    withInspection('CY-03', '户外招牌设置审批', 'CGJ', '店铺地址'),
  ],
});

describe('one joint inspection (联合勘验) at the one site', () => {
  it('three inspections at the shop become one joint inspection: the departments come together, once', () => {
    const d = createBundleDraft(restaurant(), { name: '开餐馆一件事', matterCodes: ['CY-01', 'CY-02', 'CY-03'] });
    expect(d.before.inspections).toBe(3);
    expect(d.after.inspections).toBe(1);
    const inspections = d.process.branches.flatMap((b) => b.steps.filter((s) => s.kind === 'site_inspection').map((s) => [b.matterCode, s.departmentCode, s.name]));
    expect(inspections).toEqual([
      ['CY-01', 'SJJ', '联合勘验：现场核查'],
      ['CY-02', 'XFJY', '联合勘验：现场核查'],
      ['CY-03', 'CGJ', '联合勘验：现场核查'],
    ]);
    // an inspection at the applicant's shop is no trip to the hall
    expect(d.after.visits).toBe(1);
  });

  it('a lone inspection keeps its name', () => {
    const cat = restaurant();
    cat.matters[1] = { ...cat.matters[1], steps: cat.matters[1].steps.filter((s) => s.kind !== 'site_inspection').map((s) => ({ ...s, dependsOn: [], needsResultOf: [] })) };
    cat.matters[2] = { ...cat.matters[2], steps: cat.matters[2].steps.filter((s) => s.kind !== 'site_inspection').map((s) => ({ ...s, dependsOn: [], needsResultOf: [] })) };
    const d = createBundleDraft(cat, { name: '开餐馆一件事', matterCodes: ['CY-01', 'CY-02', 'CY-03'] });
    expect(d.after.inspections).toBe(1);
    expect(d.process.branches[0].steps.find((s) => s.kind === 'site_inspection')!.name).toBe('现场核查');
  });

  it('the shop’s address is asked once, under the generic label, whatever each form calls it', () => {
    const d = createBundleDraft(restaurant(), { name: '开餐馆一件事', matterCodes: ['CY-01', 'CY-02', 'CY-03'] });
    const premises = d.form.fields.filter((f) => f.type === 'address');
    expect(premises.map((f) => [f.key, f.label, f.matters])).toEqual([['premises_address', '经营场所', ['CY-01', 'CY-02', 'CY-03']]]);
    expect(premises[0].labels).toEqual(['经营场所', '场所地址', '店铺地址']);
  });
});
