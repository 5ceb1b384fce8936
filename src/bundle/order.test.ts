// A newborn's one-thing bundle, modelled the way a county lists it: the birth registration
// gives the child a 公民身份号码; the medical-insurance enrolment and the social security card
// need that number; the hospital's 出生医学证明 and the parents' 户口簿 are presented.
import { describe, expect, it } from 'vitest';
import { basis, field, material, matter, step } from '../catalogue/build.js';
import type { Catalogue } from '../catalogue/model.js';
import { createBundleDraft } from './merge.js';
import { orderBranches } from './order.js';

const LAW = basis('《中华人民共和国户口登记条例》', '第七条', '婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。');
const INSURANCE = basis('《中华人民共和国社会保险法》', '第二十五条', '');

const certificate = () =>
  material({ id: 'M01', name: '出生医学证明', category: 'proof', legalBases: [LAW], source: { kind: 'third_party', issuer: '助产医疗机构', issuerType: 'hospital' } });
const booklet = () =>
  material({
    id: 'M02',
    name: '居民户口簿',
    category: 'identity',
    legalBases: [LAW],
    source: { kind: 'government', departmentCode: 'GAJ', certificate: '居民户口簿', presentOnly: true },
  });

function newborn(): Catalogue {
  return {
    regionCode: '370883',
    departments: [
      { code: 'GAJ', name: '公安局', regionCode: '370883' },
      { code: 'YBJ', name: '医疗保障局', regionCode: '370883' },
    ],
    matters: [
      matter({
        code: 'NB-01',
        name: '出生登记',
        kind: 'confirmation',
        departmentCode: 'GAJ',
        legalBases: [LAW],
        promisedDays: 1,
        result: { name: '居民户口簿（出生登记页）', kind: 'certificate', fields: ['newborn_id_number'] },
        materials: [certificate(), booklet()],
        steps: [
          step({ id: 'S01', name: '受理', kind: 'intake', departmentCode: 'GAJ' }),
          step({ id: 'S02', name: '审核', kind: 'review', departmentCode: 'GAJ', workdays: 1, legalBases: [LAW], dependsOn: ['S01'], needsResultOf: ['S01'] }),
        ],
        formFields: [
          field('F01', '新生儿姓名', 'newborn_name'),
          field('F02', '性别', null, { type: 'enum', options: ['男', '女'] }),
          field('F03', '出生日期', null, { type: 'date' }),
          field('F04', '通讯地址', null, { type: 'address' }),
        ],
      }),
      matter({
        code: 'NB-02',
        name: '城乡居民医保参保登记',
        kind: 'public_service',
        departmentCode: 'YBJ',
        legalBases: [INSURANCE],
        promisedDays: 1,
        result: { name: '参保登记凭证', kind: 'certificate' },
        materials: [material({ id: 'M01', name: '出生医学证明', category: 'proof', legalBases: [INSURANCE], source: { kind: 'third_party', issuerType: 'hospital' } })],
        steps: [
          step({ id: 'S01', name: '受理', kind: 'intake', departmentCode: 'YBJ' }),
          step({ id: 'S02', name: '参保审核', kind: 'review', departmentCode: 'YBJ', workdays: 1, legalBases: [INSURANCE], dependsOn: ['S01'], needsResultOf: ['S01'] }),
        ],
        formFields: [
          field('F01', '参保人公民身份号码', null, { type: 'id_number' }),
          field('F02', '性别', null, { type: 'enum', options: ['男', '女'] }),
          field('F03', '出生日期', null, { type: 'date' }),
          field('F04', '联系地址', null, { type: 'address' }),
        ],
      }),
    ],
  };
}

describe('branches follow the documents the bundle itself produces', () => {
  it('the enrolment that needs the child’s ID number follows the registration that gives it', () => {
    const order = orderBranches(newborn().matters);
    expect(order.follows.get('NB-02')).toEqual(['NB-01']);
    expect(order.stage.get('NB-01')).toBe(0);
    expect(order.stage.get('NB-02')).toBe(1);
    expect(order.because.get('NB-02|NB-01')).toEqual(['参保人公民身份号码']);
  });

  it('matters that need each other’s results are not ordered: the joint decision hands them over', () => {
    const cat = newborn();
    cat.matters[0].materials.push(material({ id: 'M03', name: '参保登记凭证', legalBases: [LAW], source: { kind: 'government', departmentCode: 'YBJ', matterCode: 'NB-02' } }));
    const order = orderBranches(cat.matters);
    expect([order.follows.get('NB-01'), order.follows.get('NB-02')]).toEqual([[], []]);
  });

  it('the bundle runs them one after the other, and its one form never asks for what it produces', () => {
    const d = createBundleDraft(newborn(), { name: '新生儿出生一件事', matterCodes: ['NB-01', 'NB-02'] });
    expect(d.process.branches.map((b) => [b.matterCode, b.stage, b.follows])).toEqual([
      ['NB-01', 0, []],
      ['NB-02', 1, ['NB-01']],
    ]);
    expect(d.process.bpmnXml).toContain('Gateway_Stage2');
    expect(d.form.producedInside).toEqual([{ matterCode: 'NB-02', fieldKey: 'F01', label: '参保人公民身份号码', producedBy: 'NB-01' }]);
    // 性别 and 出生日期 once; the mailing address prints as 通讯地址, never as 单位地址
    expect(d.form.fields.map((f) => f.label)).toEqual(['新生儿姓名', '性别', '出生日期', '通讯地址']);
    expect(d.form.fields.find((f) => f.key === 'gender')!.matters).toEqual(['NB-01', 'NB-02']);
  });

  it('a hospital’s 出生医学证明 is handed in, never replaced by a commitment; a 户口簿 shown at the counter is not “shared”', () => {
    const d = createBundleDraft(newborn(), { name: '新生儿出生一件事', matterCodes: ['NB-01', 'NB-02'] });
    const by = (name: string) => d.materials.find((m) => m.name === name)!;
    expect(by('出生医学证明').disposition).toBe('submit');
    expect(by('居民户口簿').disposition).toBe('submit');
    expect(d.letter.commitments).toEqual([]);
  });
});
