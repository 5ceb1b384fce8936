// Canonical materials: one entry per document, whatever each matter's list calls it
// (身份证 / 居民身份证 / 法定代表人身份证明; 营业执照 / 营业执照副本). The analyzer and bundles
// recognise duplicates through `canonicalId`; unmatched names get similarity suggestions.
// Covers the common documents of construction permits and business start-up. Pure data.
import type { CommitmentExclusion, MaterialCategory } from './model.js';
import { NameDictionary, type DictionaryEntry, type Suggestion } from './similarity.js';

export interface CanonicalMaterial extends DictionaryEntry {
  category: MaterialCategory;
  /** Department (demo codes) that issues it when it is a government document, else null. */
  issuerDepartmentCode: string | null;
  /** The certificate it is, for government documents; '' otherwise. */
  certificate: string;
  /** Typical category a commitment letter may not replace (国办发〔2020〕42号), if any. */
  commitmentExclusion: CommitmentExclusion | null;
}

const m = (
  id: string,
  name: string,
  synonyms: string[],
  category: MaterialCategory,
  issuerDepartmentCode: string | null = null,
  certificate = '',
  commitmentExclusion: CommitmentExclusion | null = null,
): CanonicalMaterial => ({ id, name, synonyms, category, issuerDepartmentCode, certificate, commitmentExclusion });

export const CANONICAL_MATERIALS: readonly CanonicalMaterial[] = [
  // Identity and authority
  m(
    'identity_card',
    '居民身份证',
    ['身份证', '身份证明', '法定代表人身份证明', '法定代表人身份证', '负责人身份证', '投资人身份证', '股东身份证', '自然人股东身份证明', '申请人身份证'],
    'identity',
    'GAJ',
    '居民身份证',
  ),
  m('agent_identity', '经办人身份证件', ['经办人身份证', '委托代理人身份证', '代理人身份证明', '经办人身份证明'], 'identity', 'GAJ', '居民身份证'),
  m('power_of_attorney', '授权委托书', ['委托书', '法人授权委托书', '委托代理书', '指定代表或者共同委托代理人授权委托书'], 'other'),
  m('legal_rep_certificate', '法定代表人证明书', ['法定代表人身份证明书', '法人代表证明书', '法定代表人资格证明'], 'proof'),
  m(
    'business_licence',
    '营业执照',
    ['企业营业执照', '营业执照副本', '营业执照正本', '法人营业执照', '工商营业执照', '企业法人营业执照', '统一社会信用代码证'],
    'licence',
    'SJJ',
    '营业执照',
  ),
  m('public_institution_certificate', '事业单位法人证书', ['事业单位法人登记证书'], 'licence', null, '事业单位法人证书'),
  m('seal_filing_record', '印章备案证明', ['公章刻制备案证明', '印章刻制备案回执', '印章备案回执'], 'proof', 'GAJ', '印章备案证明'),
  // Business start-up
  m('company_registration_application', '公司登记（备案）申请书', ['企业设立登记申请书', '公司设立登记申请书', '设立登记申请书', '企业登记申请书'], 'application_form'),
  m('articles_of_association', '公司章程', ['企业章程', '章程', '合伙协议', '公司章程修正案'], 'contract'),
  m('shareholder_qualification', '股东主体资格证明', ['股东资格证明', '投资人主体资格证明', '自然人股东身份证件', '出资人资格证明'], 'proof'),
  m('officer_appointment', '董事、监事、经理任职文件', ['董事监事经理任职文件', '高级管理人员任职文件', '任职文件', '董事监事经理的任职证明'], 'proof'),
  m('premises_proof', '住所（经营场所）使用证明', ['住所使用证明', '经营场所使用证明', '房屋租赁合同', '房产证明', '住所证明', '场所使用证明', '租赁合同'], 'proof'),
  m('name_declaration', '企业名称自主申报告知书', ['名称预先核准通知书', '企业名称预先核准通知书', '名称自主申报告知书'], 'proof', 'SJJ', '企业名称自主申报告知书'),
  m('seal_engraving_application', '印章刻制申请表', ['公章刻制申请表', '刻制印章申请表', '印章刻制备案表'], 'application_form'),
  m('seal_specimen', '印模', ['印章印模', '印鉴样本', '印模样本'], 'other'),
  m('tax_info_form', '纳税人涉税信息确认表', ['涉税信息确认表', '税务登记表', '纳税人信息确认表', '新办纳税人涉税事项综合申请表'], 'application_form'),
  m('invoice_application', '发票领用申请表', ['发票申领申请表', '领用发票申请表', '发票票种核定表', '增值税发票申领表'], 'application_form'),
  m('tax_control_device', '税控设备', ['税务ukey', '税控盘', '金税盘', '税控ukey'], 'other', 'SWJ', '税务UKey'),
  m('social_insurance_form', '社会保险登记表', ['参保单位登记表', '社会保险单位登记表', '单位参保登记表', '社保登记表'], 'application_form'),
  m('employee_list', '职工花名册', ['参保人员花名册', '职工名册', '员工花名册', '参保职工名单'], 'other'),
  m('labour_contract', '劳动合同', ['职工劳动合同', '用工合同', '劳动合同书'], 'contract'),
  m('housing_fund_form', '住房公积金缴存登记表', ['单位缴存登记表', '公积金缴存登记表', '住房公积金单位登记表', '公积金开户申请表'], 'application_form'),
  m('bank_account_application', '开立单位银行结算账户申请书', ['银行开户申请书', '开户申请书', '单位银行结算账户开户申请书'], 'application_form'),
  m('bank_account_licence', '开户许可证', ['基本存款账户信息', '基本存款账户开户许可证', '银行开户许可证', '开户证明', '基本户信息'], 'licence', null, '基本存款账户信息'),
  // Construction: land, planning, design
  m(
    'project_approval',
    '项目审批（核准、备案）文件',
    ['立项文件', '项目备案证明', '项目核准文件', '项目立项批复', '投资项目备案证明', '项目备案文件'],
    'licence',
    'FGJ',
    '项目备案证明',
  ),
  m('land_title', '不动产权证书（土地）', ['国有土地使用证', '土地使用证', '用地批准手续', '不动产权证书', '土地权属证明', '国有土地使用权证'], 'licence', 'ZRZY', '不动产权证书'),
  m('land_use_planning_permit', '建设用地规划许可证', ['用地规划许可证', '建设用地规划许可'], 'licence', 'ZRZY', '建设用地规划许可证'),
  m(
    'construction_planning_permit',
    '建设工程规划许可证',
    ['工程规划许可证', '规划许可证', '建设工程规划许可', '建设工程规划许可证及附件'],
    'licence',
    'ZRZY',
    '建设工程规划许可证',
  ),
  m('site_readiness', '施工场地已基本具备施工条件的证明', ['施工场地具备施工条件证明', '拆迁进度符合施工要求的证明', '场地三通一平证明', '施工现场具备施工条件承诺'], 'proof'),
  m('construction_drawings', '施工图设计文件', ['施工图纸', '施工图', '施工图设计文件及审查合格书', '全套施工图'], 'drawing'),
  m('drawing_review_certificate', '施工图设计文件审查合格书', ['施工图审查合格书', '施工图审查合格证明', '施工图审查意见书', '审图合格书'], 'report', null, '', 'public_safety'),
  m(
    'fire_design_review',
    '消防设计审查意见书',
    ['消防设计审查合格意见', '特殊建设工程消防设计审查意见书', '消防设计审核意见书'],
    'licence',
    'ZJJ',
    '特殊建设工程消防设计审查意见书',
    'public_safety',
  ),
  m(
    'civil_air_defence_approval',
    '人防工程审批文件',
    ['人防审批意见', '防空地下室建设审批意见', '人防易地建设审批'],
    'licence',
    'RFB',
    '人防工程建设审批意见',
    'national_security',
  ),
  m('eia_approval', '环境影响评价批复', ['环评批复', '环境影响报告表批复', '环境影响登记表备案回执', '环评审批意见'], 'licence', 'STHJ', '环境影响评价批复', 'ecology'),
  // Construction: contracts, parties, funding, safety, quality
  m('contractor_award_notice', '中标通知书', ['施工中标通知书', '中标通知', '直接发包备案表'], 'proof', 'ZJJ', '中标通知书'),
  m('construction_contract', '建设工程施工合同', ['施工合同', '施工承包合同', '工程施工合同'], 'contract'),
  m('supervision_contract', '建设工程监理合同', ['监理合同', '委托监理合同', '工程监理合同'], 'contract'),
  m('contractor_qualification', '施工企业资质证书', ['施工单位资质证书', '建筑业企业资质证书', '施工资质证书'], 'licence', null, '建筑业企业资质证书', 'public_safety'),
  m('supervisor_qualification', '监理企业资质证书', ['监理单位资质证书', '工程监理资质证书'], 'licence', null, '工程监理企业资质证书'),
  m('safety_production_licence', '安全生产许可证', ['施工企业安全生产许可证', '建筑施工企业安全生产许可证'], 'licence', null, '安全生产许可证', 'public_safety'),
  m('project_manager_certificate', '项目经理注册建造师证书', ['建造师注册证书', '项目负责人注册证书', '注册建造师证书', '项目经理资格证书'], 'licence', null, '注册建造师证书'),
  m(
    'safety_personnel_certificates',
    '安全生产管理人员考核合格证书',
    ['三类人员安全考核合格证', '安管人员证书', '安全员证书', '专职安全生产管理人员证书'],
    'licence',
    null,
    '安全生产考核合格证书',
    'public_safety',
  ),
  m('chief_supervisor_certificate', '总监理工程师注册证书', ['总监注册证书', '监理工程师注册证书'], 'licence', null, '监理工程师注册证书'),
  m('funding_proof', '建设资金已经落实承诺书', ['建设资金落实证明', '资金到位证明', '银行资金证明', '建设资金证明', '资金保函'], 'proof'),
  m('wage_guarantee', '农民工工资支付保证金证明', ['工资保证金缴存证明', '农民工工资保证金', '工资支付担保'], 'proof'),
  m(
    'safety_measures',
    '保证工程质量和安全的具体措施',
    ['质量安全措施', '安全施工措施', '安全文明施工措施', '施工组织设计', '质量安全保证措施'],
    'report',
    null,
    '',
    'public_safety',
  ),
  m(
    'dangerous_works_list',
    '危险性较大的分部分项工程清单',
    ['危大工程清单', '危大工程安全管理措施', '危险性较大分部分项工程清单及安全管理措施'],
    'report',
    null,
    '',
    'public_safety',
  ),
  m('quality_supervision_form', '工程质量监督登记表', ['质量监督注册登记表', '工程质量监督申报表', '质量监督手续申报表'], 'application_form'),
  m('safety_supervision_form', '安全生产监督登记表', ['安全监督备案表', '施工安全监督登记表', '安全监督申报表'], 'application_form'),
  m('construction_permit_application', '建筑工程施工许可证申请表', ['施工许可申请表', '施工许可证申请书', '建筑工程施工许可申请表'], 'application_form'),
  m('quality_lifetime_commitment', '工程质量终身责任承诺书', ['质量终身责任承诺书', '五方责任主体质量终身责任承诺书', '法定代表人授权书及质量终身责任承诺书'], 'proof'),
  m('quality_supervision_notice', '工程质量监督通知书', ['质量监督登记证明', '质量监督注册证明', '工程质量监督登记证明'], 'licence', 'ZJJ', '工程质量监督通知书'),
  m('safety_supervision_notice', '安全生产监督备案证明', ['安全监督备案证明', '安全监督登记证明', '施工安全监督备案书'], 'licence', 'ZJJ', '安全生产监督备案证明'),
  m('construction_permit', '建筑工程施工许可证', ['施工许可证', '施工许可'], 'licence', 'XZSP', '建筑工程施工许可证'),
  m('lightning_protection_review', '防雷装置设计审核意见书', ['防雷设计审核意见', '防雷装置设计审核'], 'licence', null, '防雷装置设计审核意见书', 'public_safety'),
  m('commitment_letter', '告知承诺书', ['承诺书', '信用承诺书', '证明事项告知承诺书'], 'other'),
  m('application_form', '申请表', ['申请书', '登记表', '申报表'], 'application_form'),
];

export const MATERIAL_DICTIONARY = new NameDictionary(CANONICAL_MATERIALS);

/** The canonical material a name stands for (exact after normalisation), or null. */
export function matchMaterial(name: string): CanonicalMaterial | null {
  return MATERIAL_DICTIONARY.match(name);
}

/** Candidate canonical materials for an unmatched name, best first. */
export function suggestMaterials(name: string, options?: { limit?: number; minScore?: number }): Suggestion[] {
  return MATERIAL_DICTIONARY.suggest(name, options);
}

export function canonicalMaterial(id: string): CanonicalMaterial | undefined {
  return MATERIAL_DICTIONARY.get(id);
}
