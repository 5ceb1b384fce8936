import { describe, expect, it } from 'vitest';
import { CANONICAL_MATERIALS, matchMaterial, suggestMaterials } from './materials.js';
import { matchField, suggestFields } from './fields.js';
import { nameSimilarity, normaliseName } from './similarity.js';

describe('normalised names', () => {
  it('drops brackets, punctuation, full-width forms and copy qualifiers', () => {
    expect(normaliseName('营业执照副本（复印件加盖公章）')).toBe('营业执照');
    expect(normaliseName('《建设工程规划许可证》原件及复印件')).toBe('建设工程规划许可证');
    expect(normaliseName(' 申请人 身份证 ')).toBe('身份证');
  });

  it('scores identical names 1 and unrelated names low', () => {
    expect(nameSimilarity('营业执照', '营业执照副本')).toBe(1);
    expect(nameSimilarity('施工合同', '社会保险登记表')).toBeLessThan(0.2);
  });
});

describe('canonical materials', () => {
  it('recognises the same document under its different names', () => {
    expect(matchMaterial('身份证')?.id).toBe('identity_card');
    expect(matchMaterial('居民身份证')?.id).toBe('identity_card');
    expect(matchMaterial('法定代表人身份证明')?.id).toBe('identity_card');
    expect(matchMaterial('营业执照')?.id).toBe('business_licence');
    expect(matchMaterial('营业执照副本')?.id).toBe('business_licence');
    expect(matchMaterial('工程规划许可证（复印件）')?.id).toBe('construction_planning_permit');
  });

  it('says who issues a government document', () => {
    const permit = matchMaterial('建设工程规划许可证')!;
    expect(permit.issuerDepartmentCode).toBe('ZRZY');
    expect(permit.certificate).toBe('建设工程规划许可证');
  });

  it('suggests candidates for names it cannot match exactly', () => {
    expect(matchMaterial('建设工程施工合同书')).toBeNull();
    const suggestions = suggestMaterials('建设工程施工合同书');
    expect(suggestions[0].id).toBe('construction_contract');
    expect(suggestions[0].score).toBeGreaterThan(0.7);
    expect(suggestMaterials('完全无关的东西')).toEqual([]);
  });

  it('covers construction and business start-up documents', () => {
    const ids = new Set(CANONICAL_MATERIALS.map((m) => m.id));
    for (const id of [
      'construction_planning_permit',
      'drawing_review_certificate',
      'contractor_award_notice',
      'safety_production_licence',
      'articles_of_association',
      'premises_proof',
      'seal_filing_record',
      'housing_fund_form',
      'bank_account_application',
    ]) {
      expect(ids.has(id), id).toBe(true);
    }
  });
});

describe('canonical form fields', () => {
  it('maps the labels different forms print to one key', () => {
    expect(matchField('建设单位名称')?.id).toBe('applicant_name');
    expect(matchField('企业名称')?.id).toBe('applicant_name');
    expect(matchField('工程名称')?.id).toBe('project_name');
    expect(matchField('合同价款')?.id).toBe('investment');
    expect(suggestFields('项目建设地址')[0].id).toBe('project_address');
  });
});
