// Business start-up (企业开办): the six matters a new enterprise went through one by one
// before the "gift package" (大礼包) — each asking again for the licence, the legal
// representative's ID and an authorisation, each with its own visit.
import { basis, chain, field, governmentMaterial, material, matter, prerequisite } from '../build.js';
import type { Matter } from '../model.js';
import { LAW } from './laws.js';

export const BUSINESS_CODES = {
  registration: '370883-KB-001',
  seal: '370883-KB-002',
  invoice: '370883-KB-003',
  socialInsurance: '370883-KB-004',
  housingFund: '370883-KB-005',
  bankAccount: '370883-KB-006',
} as const;
const B = BUSINESS_CODES;

const licence = (id: string) =>
  governmentMaterial({ id, name: '营业执照副本', canonicalId: 'business_licence', departmentCode: 'XZSP', matterCode: B.registration, original: 'original_and_copy' });
const legalRepId = (id: string, legalBases = [] as Matter['legalBases']) =>
  governmentMaterial({ id, name: '法定代表人身份证', canonicalId: 'identity_card', departmentCode: 'GAJ', original: 'original_and_copy', legalBases });
const agentId = (id: string, legalBases = [] as Matter['legalBases']) =>
  governmentMaterial({ id, name: '经办人身份证件', canonicalId: 'agent_identity', departmentCode: 'GAJ', requirement: 'conditional', condition: '委托他人办理的', legalBases });
const proxy = (id: string) => material({ id, name: '授权委托书', canonicalId: 'power_of_attorney', requirement: 'conditional', condition: '委托他人办理的' });
const sealRecord = (id: string) => governmentMaterial({ id, name: '公章刻制备案证明', canonicalId: 'seal_filing_record', departmentCode: 'GAJ', matterCode: B.seal });

const company = [
  field('E01', '企业名称', 'applicant_name'),
  field('E02', '统一社会信用代码', 'uscc'),
  field('E03', '法定代表人', 'legal_rep'),
  field('E04', '联系电话', 'contact_phone'),
  field('E05', '企业住所', 'address'),
];

const registration = matter({
  code: B.registration,
  name: '企业设立登记',
  kind: 'licensing',
  departmentCode: 'XZSP',
  legalBases: [LAW.companyLaw29, LAW.marketEntityRegs16, LAW.marketEntityRegs19],
  statutoryDays: 3,
  promisedDays: 1,
  visits: 2,
  result: { name: '营业执照', kind: 'licence' },
  materials: [
    material({ id: 'M01', name: '公司登记（备案）申请书', canonicalId: 'company_registration_application', legalBases: [LAW.marketEntityRegs16] }),
    material({ id: 'M02', name: '公司章程', canonicalId: 'articles_of_association', legalBases: [LAW.marketEntityRegs16, LAW.companyLaw29] }),
    material({ id: 'M03', name: '股东主体资格证明', canonicalId: 'shareholder_qualification', legalBases: [LAW.marketEntityRegs16] }),
    legalRepId('M04', [LAW.marketEntityRegs16]),
    material({ id: 'M05', name: '董事、监事、经理任职文件', canonicalId: 'officer_appointment' }),
    material({ id: 'M06', name: '住所使用证明', canonicalId: 'premises_proof', legalBases: [LAW.marketEntityRegs16] }),
    governmentMaterial({ id: 'M07', name: '企业名称自主申报告知书', canonicalId: 'name_declaration', departmentCode: 'XZSP' }),
    proxy('M08'),
    agentId('M09'),
  ],
  steps: chain([
    { id: 'S01', name: '登记窗口受理', kind: 'intake', departmentCode: 'XZSP', role: '窗口受理人员', applicantPresent: true, legalBases: [LAW.marketEntityRegs19] },
    { id: 'S02', name: '形式审查', kind: 'review', departmentCode: 'XZSP', role: '市场准入科科员', workdays: 0.5, legalBases: [LAW.marketEntityRegs19] },
    { id: 'S03', name: '核准登记', kind: 'decision', departmentCode: 'XZSP', role: '市场准入科科长', workdays: 0.5, legalBases: [LAW.marketEntityRegs19] },
    { id: 'S04', name: '领取营业执照', kind: 'delivery', departmentCode: 'XZSP', role: '窗口受理人员', applicantPresent: true },
  ]),
  formFields: [
    ...company.filter((f) => f.canonicalKey !== 'uscc'),
    field('E06', '企业类型', 'enterprise_type', { type: 'enum', options: ['有限责任公司', '股份有限公司', '个人独资企业', '合伙企业'] }),
    field('E07', '注册资本', 'registered_capital'),
    field('E08', '经营范围', 'business_scope'),
    field('E09', '法定代表人身份证号码', 'legal_rep_id_number'),
    field('E10', '从业人数', 'employee_count'),
  ],
});

const seal = matter({
  code: B.seal,
  name: '公章刻制备案',
  kind: 'filing',
  departmentCode: 'GAJ',
  legalBases: [LAW.sealRules],
  statutoryDays: null,
  promisedDays: 1,
  visits: 2,
  result: { name: '印章备案证明', kind: 'filing_receipt' },
  materials: [
    licence('M01'),
    legalRepId('M02'),
    agentId('M03'),
    proxy('M04'),
    material({ id: 'M05', name: '印章刻制申请表', canonicalId: 'seal_engraving_application', legalBases: [LAW.sealRules] }),
    material({ id: 'M06', name: '印模', canonicalId: 'seal_specimen', medium: 'electronic' }),
  ],
  steps: chain([
    { id: 'S01', name: '治安大队受理', kind: 'intake', departmentCode: 'GAJ', role: '治安大队民警', applicantPresent: true },
    { id: 'S02', name: '审核', kind: 'review', departmentCode: 'GAJ', role: '治安大队民警', workdays: 0.5, legalBases: [LAW.sealRules] },
    { id: 'S03', name: '备案盖章', kind: 'stamp', departmentCode: 'GAJ', role: '治安大队中队长', workdays: 0.5, stamps: ['公安局治安管理专用章'] },
    { id: 'S04', name: '领取印章', kind: 'delivery', departmentCode: 'GAJ', role: '刻章企业', applicantPresent: true, onlinePossible: false },
  ]),
  prerequisites: [prerequisite(B.registration, [LAW.sealRules], '凭营业执照刻制公章')],
  formFields: [...company, field('G06', '刻制印章种类', 'seal_kinds', { type: 'enum', options: ['公章', '财务专用章', '发票专用章', '合同专用章', '法定代表人名章'] })],
});

const invoice = matter({
  code: B.invoice,
  name: '发票领用',
  kind: 'other_power',
  departmentCode: 'SWJ',
  legalBases: [LAW.invoiceMeasures15],
  statutoryDays: null,
  promisedDays: 1,
  visits: 2,
  result: { name: '发票及税务UKey', kind: 'other' },
  materials: [
    licence('M01'),
    agentId('M02', [LAW.invoiceMeasures15]),
    material({ id: 'M03', name: '纳税人涉税信息确认表', canonicalId: 'tax_info_form' }),
    material({ id: 'M04', name: '发票领用申请表', canonicalId: 'invoice_application', legalBases: [LAW.invoiceMeasures15] }),
    sealRecord('M05'),
    legalRepId('M06'),
  ],
  steps: chain([
    { id: 'S01', name: '办税服务厅受理', kind: 'intake', departmentCode: 'SWJ', role: '办税服务厅窗口人员', applicantPresent: true },
    { id: 'S02', name: '票种核定', kind: 'review', departmentCode: 'SWJ', role: '税源管理科科员', workdays: 0.5, legalBases: [LAW.invoiceMeasures15] },
    { id: 'S03', name: '税控设备发行', kind: 'review', departmentCode: 'SWJ', role: '办税服务厅窗口人员', workdays: 0.5, applicantPresent: true },
    { id: 'S04', name: '发票发放', kind: 'delivery', departmentCode: 'SWJ', role: '办税服务厅窗口人员', applicantPresent: true },
  ]),
  prerequisites: [prerequisite(B.registration, [LAW.invoiceMeasures15]), prerequisite(B.seal, [], '先刻发票专用章')],
  formFields: [
    ...company,
    field('V06', '纳税人类型', 'tax_type', { type: 'enum', options: ['小规模纳税人', '一般纳税人'] }),
    field('V07', '申领发票种类', 'invoice_kinds', { type: 'enum', options: ['增值税普通发票', '增值税专用发票', '电子发票'] }),
    field('V08', '开户银行', 'bank_name'),
    field('V09', '银行账号', 'bank_account'),
  ],
});

const socialInsurance = matter({
  code: B.socialInsurance,
  name: '社会保险单位参保登记',
  kind: 'public_service',
  departmentCode: 'RSJ',
  legalBases: [LAW.socialInsuranceLaw57],
  statutoryDays: 15,
  promisedDays: 1,
  visits: 1,
  result: { name: '社会保险登记证明', kind: 'certificate' },
  materials: [
    licence('M01'),
    material({ id: 'M02', name: '社会保险单位登记表', canonicalId: 'social_insurance_form', legalBases: [LAW.socialInsuranceLaw57] }),
    legalRepId('M03'),
    material({ id: 'M04', name: '参保人员花名册', canonicalId: 'employee_list' }),
    material({ id: 'M05', name: '劳动合同', canonicalId: 'labour_contract', copies: 1, original: 'copy' }),
  ],
  steps: chain([
    { id: 'S01', name: '社保窗口受理', kind: 'intake', departmentCode: 'RSJ', role: '社保经办窗口人员', applicantPresent: true, legalBases: [LAW.socialInsuranceLaw57] },
    { id: 'S02', name: '参保审核', kind: 'review', departmentCode: 'RSJ', role: '社保经办科科员', workdays: 0.5, legalBases: [LAW.socialInsuranceLaw57] },
    { id: 'S03', name: '科长审批', kind: 'review', departmentCode: 'RSJ', role: '社保经办科科长', workdays: 0.5 },
  ]),
  prerequisites: [prerequisite(B.registration, [LAW.socialInsuranceLaw57])],
  formFields: [
    ...company,
    field('I06', '参保人数', 'employee_count'),
    field('I07', '缴费工资总额', 'payroll_total'),
    field('I08', '开户行', 'bank_name'),
    field('I09', '账号', 'bank_account'),
  ],
});

const housingFund = matter({
  code: B.housingFund,
  name: '住房公积金单位缴存登记',
  kind: 'public_service',
  departmentCode: 'GJJ',
  legalBases: [LAW.housingFundRegs14],
  statutoryDays: null,
  promisedDays: 1,
  visits: 1,
  result: { name: '住房公积金缴存登记回执', kind: 'filing_receipt' },
  materials: [
    licence('M01'),
    material({ id: 'M02', name: '住房公积金单位缴存登记表', canonicalId: 'housing_fund_form', legalBases: [LAW.housingFundRegs14] }),
    legalRepId('M03'),
    agentId('M04'),
    proxy('M05'),
    material({ id: 'M06', name: '职工花名册', canonicalId: 'employee_list' }),
    material({ id: 'M07', name: '基本存款账户信息', canonicalId: 'bank_account_licence', source: { kind: 'third_party', issuer: '开户银行' } }),
  ],
  steps: chain([
    { id: 'S01', name: '公积金窗口受理', kind: 'intake', departmentCode: 'GJJ', role: '归集科窗口人员', applicantPresent: true, legalBases: [LAW.housingFundRegs14] },
    { id: 'S02', name: '缴存登记审核', kind: 'review', departmentCode: 'GJJ', role: '归集科科员', workdays: 0.5, legalBases: [LAW.housingFundRegs14] },
    { id: 'S03', name: '科长复核', kind: 'review', departmentCode: 'GJJ', role: '归集科科长' },
    { id: 'S04', name: '加盖业务专用章', kind: 'stamp', departmentCode: 'GJJ', role: '印章管理员', workdays: 0.5, stamps: ['住房公积金业务专用章'] },
  ]),
  prerequisites: [prerequisite(B.registration, [LAW.housingFundRegs14]), prerequisite(B.bankAccount, [], '须提供基本存款账户')],
  formFields: [
    ...company,
    field('P06', '缴存人数', 'employee_count'),
    field('P07', '单位缴存比例', 'deposit_rate'),
    field('P08', '开户银行', 'bank_name'),
    field('P09', '基本存款账号', 'bank_account'),
  ],
});

const bankAccount = matter({
  code: B.bankAccount,
  name: '企业银行基本存款账户开立',
  kind: 'public_service',
  departmentCode: 'RMYH',
  legalBases: [LAW.bankAccountNotice],
  statutoryDays: null,
  promisedDays: 1,
  visits: 2,
  onlineDepth: 'download',
  result: { name: '基本存款账户信息', kind: 'other' },
  materials: [
    licence('M01'),
    legalRepId('M02'),
    agentId('M03'),
    proxy('M04'),
    sealRecord('M05'),
    material({ id: 'M06', name: '开立单位银行结算账户申请书', canonicalId: 'bank_account_application', legalBases: [LAW.bankAccountNotice] }),
  ],
  steps: chain([
    { id: 'S01', name: '银行网点受理', kind: 'intake', departmentCode: 'RMYH', role: '开户银行柜员', applicantPresent: true },
    {
      id: 'S02',
      name: '法定代表人意愿核实',
      kind: 'review',
      departmentCode: 'RMYH',
      role: '开户银行客户经理',
      workdays: 0.5,
      applicantPresent: true,
      legalBases: [LAW.bankAccountNotice],
    },
    { id: 'S03', name: '上门核实经营场所', kind: 'site_inspection', departmentCode: 'RMYH', role: '开户银行客户经理', workdays: 0.5, onlinePossible: false },
    { id: 'S04', name: '账户开立', kind: 'decision', departmentCode: 'RMYH', role: '开户银行主管', legalBases: [LAW.bankAccountNotice] },
  ]),
  prerequisites: [prerequisite(B.registration, [LAW.bankAccountNotice]), prerequisite(B.seal, [basis('《人民币银行结算账户管理办法》')], '预留印鉴')],
  formFields: [...company, field('K06', '存款人名称', 'applicant_name'), field('K07', '开户银行名称', 'bank_name'), field('K08', '注册资金', 'registered_capital')],
});

export const BUSINESS_STARTUP_MATTERS: readonly Matter[] = [registration, seal, invoice, socialInsurance, housingFund, bankAccount];
