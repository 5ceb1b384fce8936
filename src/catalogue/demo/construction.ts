// The seed's construction case: the nine matters Zoucheng's administrative-approval bureau
// merged around the construction permit (施工许可、建筑质量、安全证件合并办理), as they stood
// before the reform. The waste the reform cut is in the data on purpose, so the analyzer
// finds it: steps without legal basis, sign-off ladders, serial countersigns, stamp-only
// steps, the same material asked in several matters (and twice in one), materials another
// department already issued (the planning permit from 自然资源和规划局), a mutual
// prerequisite between the permit and the quality-supervision registration, and more
// visits than one. Before the reform the permit promised 2 working days.
import { chain, field, governmentMaterial, material, matter, prerequisite, step } from '../build.js';
import type { FormField, Matter } from '../model.js';
import { LAW } from './laws.js';

export const CONSTRUCTION_CODES = {
  permit: '370883-JS-001',
  quality: '370883-JS-002',
  safety: '370883-JS-003',
  drawings: '370883-JS-004',
  contract: '370883-JS-005',
  tender: '370883-JS-006',
  wages: '370883-JS-007',
  supervision: '370883-JS-008',
  archives: '370883-JS-009',
} as const;
const C = CONSTRUCTION_CODES;

// The public-safety documents (safety measures, the list of dangerous works) stay out of the
// commitment letter (国办发〔2020〕42号), but the county receives them at intake and checks
// them in supervision after the decision (收件备查), as 国办发〔2019〕11号 allows where
// supervision afterwards can correct non-compliance without serious consequences.
const CHECK_AFTER_DECISION = { legalBasis: LAW.approvalReform2019 };

// Materials several matters ask for, each time as if for the first time.
const licence = (id: string, name = '营业执照副本复印件') => governmentMaterial({ id, name, canonicalId: 'business_licence', departmentCode: 'XZSP', original: 'copy' });
const awardNotice = (id: string) =>
  governmentMaterial({ id, name: '中标通知书', canonicalId: 'contractor_award_notice', departmentCode: 'ZJJ', matterCode: C.tender, legalBases: [] });
const contract = (id: string, legalBases = [] as Matter['legalBases']) =>
  material({ id, name: '建设工程施工合同', canonicalId: 'construction_contract', original: 'original_and_copy', legalBases });
const planningPermit = (id: string, legalBases = [] as Matter['legalBases']) =>
  governmentMaterial({ id, name: '建设工程规划许可证及附件', canonicalId: 'construction_planning_permit', departmentCode: 'ZRZY', legalBases });
// The review agency (施工图审查机构) issues the certificate; once filed (the drawings-filing
// matter below) the housing bureau holds it, yet the permit and the quality registration
// ask for it again.
const drawingCertificate = (id: string, legalBases = [] as Matter['legalBases']) =>
  governmentMaterial({
    id,
    name: '施工图设计文件审查合格书',
    canonicalId: 'drawing_review_certificate',
    departmentCode: 'ZJJ',
    matterCode: '370883-JS-004',
    source: { issuer: '施工图审查机构' },
    legalBases,
  });
// Certificates of firms and people that the provincial and national housing departments
// issue and publish on the construction-market platform (全国建筑市场监管公共服务平台).
const provincial = (input: Parameters<typeof material>[0], issuer: string) =>
  material({ original: 'copy', ...input, source: { kind: 'government', issuer, certificate: input.name } });
const PROVINCE = '山东省住房和城乡建设厅';
const MINISTRY = '住房和城乡建设部';
// Bidding runs on the trading centre's platform, which produces the reports.
const TRADING_CENTRE = '邹城市公共资源交易中心';
const REVIEW_SYSTEM = '山东省住房和城乡建设厅（施工图审查信息系统）';

// Form fields: each form asks for the same project and parties under its own labels.
const partyFields = (prefix: string): FormField[] => [
  field(`${prefix}01`, '建设单位名称', 'applicant_name'),
  field(`${prefix}02`, '统一社会信用代码', 'uscc'),
  field(`${prefix}03`, '法定代表人', 'legal_rep'),
  field(`${prefix}04`, '联系人', 'contact_name'),
  field(`${prefix}05`, '联系电话', 'contact_phone'),
  field(`${prefix}06`, '工程名称', 'project_name'),
  field(`${prefix}07`, '建设地址', 'project_address'),
];

const STRUCTURE_TYPES = ['砖混结构', '框架结构', '框架-剪力墙结构', '剪力墙结构', '钢结构'];

const permit = matter({
  code: C.permit,
  name: '建筑工程施工许可证核发',
  kind: 'licensing',
  departmentCode: 'XZSP',
  legalBases: [LAW.buildingAct7, LAW.buildingAct8, LAW.permitMeasures4],
  statutoryDays: 7,
  promisedDays: 2,
  visits: 2,
  onlineDepth: 'online_application',
  result: { name: '建筑工程施工许可证', kind: 'licence' },
  materials: [
    material({ id: 'M01', name: '建筑工程施工许可证申请表', canonicalId: 'construction_permit_application', legalBases: [LAW.permitMeasures5] }),
    governmentMaterial({ id: 'M02', name: '营业执照', canonicalId: 'business_licence', departmentCode: 'XZSP', original: 'original' }),
    licence('M03'),
    governmentMaterial({ id: 'M04', name: '法定代表人身份证明', canonicalId: 'identity_card', departmentCode: 'GAJ' }),
    material({ id: 'M05', name: '授权委托书', canonicalId: 'power_of_attorney', requirement: 'conditional', condition: '委托他人办理的' }),
    governmentMaterial({ id: 'M06', name: '经办人身份证', canonicalId: 'agent_identity', departmentCode: 'GAJ', requirement: 'conditional', condition: '委托他人办理的' }),
    governmentMaterial({ id: 'M07', name: '国有土地使用证', canonicalId: 'land_title', departmentCode: 'ZRZY', legalBases: [LAW.buildingAct8Land] }),
    planningPermit('M08', [LAW.buildingAct8Planning]),
    material({ id: 'M09', name: '施工场地已基本具备施工条件的证明', canonicalId: 'site_readiness', legalBases: [LAW.buildingAct8Site] }),
    awardNotice('M10'),
    contract('M11'),
    drawingCertificate('M12', [LAW.buildingAct8Funds, LAW.qualityRegs11]),
    material({ id: 'M13', name: '建设资金已经落实承诺书', canonicalId: 'funding_proof', legalBases: [LAW.buildingAct8Funds] }),
    material({
      id: 'M14',
      name: '保证工程质量和安全的具体措施',
      canonicalId: 'safety_measures',
      legalBases: [LAW.buildingAct8Safety, LAW.safetyRegs10],
      postDecisionCheck: CHECK_AFTER_DECISION,
    }),
    governmentMaterial({
      id: 'M15',
      name: '工程质量监督通知书',
      canonicalId: 'quality_supervision_notice',
      departmentCode: 'ZJJ',
      matterCode: C.quality,
      legalBases: [LAW.qualityRegs13],
    }),
    governmentMaterial({ id: 'M16', name: '安全生产监督备案证明', canonicalId: 'safety_supervision_notice', departmentCode: 'ZJJ', matterCode: C.safety }),
    governmentMaterial({
      id: 'M17',
      name: '建设工程监理合同',
      canonicalId: 'supervision_contract',
      departmentCode: 'ZJJ',
      matterCode: C.supervision,
      requirement: 'conditional',
      condition: '依法应当委托监理的工程',
      legalBases: [LAW.permitMeasures4],
    }),
    material({ id: 'M18', name: '农民工工资支付保证金证明', canonicalId: 'wage_guarantee', source: { kind: 'third_party', issuer: '开户银行' } }),
  ],
  steps: [
    step({ id: 'S01', name: '窗口受理', kind: 'intake', departmentCode: 'XZSP', role: '窗口受理人员', applicantPresent: true, legalBases: [LAW.licensingLaw32] }),
    step({
      id: 'S02',
      name: '材料审查',
      kind: 'review',
      departmentCode: 'XZSP',
      role: '建设审批科科员',
      workdays: 0.5,
      dependsOn: ['S01'],
      legalBases: [LAW.buildingAct8, LAW.safetyRegs42],
    }),
    step({ id: 'S03', name: '科长审核', kind: 'review', departmentCode: 'XZSP', role: '建设审批科科长', dependsOn: ['S02'] }),
    step({ id: 'S04', name: '分管局长审核', kind: 'review', departmentCode: 'XZSP', role: '分管副局长', dependsOn: ['S03'] }),
    step({
      id: 'S05',
      name: '质量监督会签',
      kind: 'countersign',
      departmentCode: 'ZJJ',
      role: '质量监督站站长',
      workdays: 0.5,
      dependsOn: ['S04'],
      needsResultOf: ['S04'],
      legalBases: [LAW.qualityRegs13],
    }),
    step({
      id: 'S06',
      name: '安全监督会签',
      kind: 'countersign',
      departmentCode: 'ZJJ',
      role: '安全监督站站长',
      workdays: 0.5,
      dependsOn: ['S05'],
      needsResultOf: [],
      legalBases: [LAW.safetyRegs42],
    }),
    step({ id: 'S07', name: '审批决定', kind: 'decision', departmentCode: 'XZSP', role: '局长', workdays: 0.5, dependsOn: ['S06'], legalBases: [LAW.buildingAct8] }),
    step({ id: 'S08', name: '加盖行政审批专用章', kind: 'stamp', departmentCode: 'XZSP', role: '印章管理员', stamps: ['行政审批专用章'], dependsOn: ['S07'] }),
    step({ id: 'S09', name: '窗口领取施工许可证', kind: 'delivery', departmentCode: 'XZSP', role: '窗口受理人员', applicantPresent: true, dependsOn: ['S08'] }),
  ],
  prerequisites: [
    prerequisite(C.quality, [LAW.qualityRegs13], '领取施工许可证以前办理工程质量监督手续'),
    prerequisite(C.safety, [], '先办安全监督登记'),
    prerequisite(C.tender, [LAW.buildingAct8Contractor]),
  ],
  formFields: [
    ...partyFields('F0'),
    field('F08', '建设规模（面积）', 'building_area'),
    field('F09', '合同价格', 'investment', { unit: '万元' }),
    field('F10', '施工单位', 'contractor_name'),
    field('F11', '项目经理', 'contractor_manager'),
    field('F12', '监理单位', 'supervisor_name'),
    field('F13', '总监理工程师', 'chief_supervisor'),
    field('F14', '建设工程规划许可证号', 'planning_permit_number'),
    field('F15', '不动产权证号', 'land_certificate_number'),
    field('F16', '合同开工日期', 'planned_start_date'),
    field('F17', '合同竣工日期', 'planned_end_date'),
    field('F18', '结构类型', 'structure_type', { type: 'enum', options: STRUCTURE_TYPES }),
  ],
});

const quality = matter({
  code: C.quality,
  name: '建设工程质量监督登记',
  kind: 'other_power',
  departmentCode: 'ZJJ',
  legalBases: [LAW.qualityRegs13],
  statutoryDays: null,
  promisedDays: 1,
  visits: 2,
  result: { name: '工程质量监督通知书', kind: 'certificate' },
  materials: [
    material({ id: 'M01', name: '工程质量监督登记表', canonicalId: 'quality_supervision_form', legalBases: [LAW.qualityRegs13] }),
    licence('M02'),
    awardNotice('M03'),
    contract('M04'),
    governmentMaterial({
      id: 'M05',
      name: '监理合同',
      canonicalId: 'supervision_contract',
      departmentCode: 'ZJJ',
      matterCode: C.supervision,
      requirement: 'conditional',
      condition: '依法应当委托监理的工程',
    }),
    drawingCertificate('M06', [LAW.qualityRegs11]),
    planningPermit('M07'),
    provincial({ id: 'M08', name: '项目经理注册建造师证书', canonicalId: 'project_manager_certificate' }, MINISTRY),
    provincial({ id: 'M09', name: '总监理工程师注册证书', canonicalId: 'chief_supervisor_certificate' }, MINISTRY),
    material({ id: 'M10', name: '工程质量终身责任承诺书', canonicalId: 'quality_lifetime_commitment', legalBases: [LAW.qualityRegs13] }),
    governmentMaterial({ id: 'M11', name: '施工许可证', canonicalId: 'construction_permit', departmentCode: 'XZSP', matterCode: C.permit }),
  ],
  steps: chain([
    { id: 'S01', name: '质监站受理', kind: 'intake', departmentCode: 'ZJJ', role: '质量监督站受理人员', applicantPresent: true, legalBases: [LAW.qualityRegs13] },
    { id: 'S02', name: '资料审查', kind: 'review', departmentCode: 'ZJJ', role: '质量监督员', workdays: 0.5, legalBases: [LAW.qualityRegs13] },
    { id: 'S03', name: '站长审核', kind: 'review', departmentCode: 'ZJJ', role: '质量监督站站长' },
    { id: 'S04', name: '加盖质量监督专用章', kind: 'stamp', departmentCode: 'ZJJ', role: '印章管理员', stamps: ['工程质量监督专用章'] },
    { id: 'S05', name: '领取质量监督通知书', kind: 'delivery', departmentCode: 'ZJJ', role: '质量监督站受理人员', workdays: 0.5, applicantPresent: true },
  ]),
  prerequisites: [prerequisite(C.permit, [], '登记表须填写施工许可证编号')],
  formFields: [
    ...partyFields('Q0'),
    field('Q08', '建筑面积', 'building_area'),
    field('Q09', '工程造价', 'investment', { unit: '万元' }),
    field('Q10', '施工单位名称', 'contractor_name'),
    field('Q11', '监理单位名称', 'supervisor_name'),
    field('Q12', '勘察单位', 'surveyor_name'),
    field('Q13', '设计单位', 'designer_name'),
    field('Q14', '施工图审查机构', 'drawing_reviewer_name'),
    field('Q15', '结构类型', 'structure_type', { type: 'enum', options: ['框架结构', '框架-剪力墙结构', '钢结构', '其他'] }),
    field('Q16', '地上层数', 'floors'),
    field('Q17', '施工许可证编号', null),
  ],
});

const safety = matter({
  code: C.safety,
  name: '建设工程安全生产监督登记',
  kind: 'other_power',
  departmentCode: 'ZJJ',
  legalBases: [LAW.safetyRegs10],
  statutoryDays: null,
  promisedDays: 1,
  visits: 1,
  result: { name: '安全生产监督备案证明', kind: 'certificate' },
  materials: [
    material({ id: 'M01', name: '安全生产监督登记表', canonicalId: 'safety_supervision_form', legalBases: [LAW.safetyRegs10] }),
    licence('M02'),
    awardNotice('M03'),
    contract('M04'),
    provincial({ id: 'M05', name: '施工企业安全生产许可证', canonicalId: 'safety_production_licence', legalBases: [LAW.safetyRegs10] }, PROVINCE),
    provincial({ id: 'M06', name: '三类人员安全考核合格证', canonicalId: 'safety_personnel_certificates' }, PROVINCE),
    material({ id: 'M07', name: '危险性较大的分部分项工程清单', canonicalId: 'dangerous_works_list', legalBases: [LAW.safetyRegs10], postDecisionCheck: CHECK_AFTER_DECISION }),
    material({ id: 'M08', name: '安全文明施工措施', canonicalId: 'safety_measures', legalBases: [LAW.safetyRegs10], postDecisionCheck: CHECK_AFTER_DECISION }),
    governmentMaterial({ id: 'M09', name: '工程质量监督通知书', canonicalId: 'quality_supervision_notice', departmentCode: 'ZJJ', matterCode: C.quality }),
  ],
  steps: chain([
    { id: 'S01', name: '安监站受理', kind: 'intake', departmentCode: 'ZJJ', role: '安全监督站受理人员', applicantPresent: true, legalBases: [LAW.safetyRegs10] },
    { id: 'S02', name: '安全措施审查', kind: 'review', departmentCode: 'ZJJ', role: '安全监督员', workdays: 0.5, legalBases: [LAW.safetyRegs10] },
    { id: 'S03', name: '现场踏勘', kind: 'site_inspection', departmentCode: 'ZJJ', role: '安全监督员', workdays: 0.5, applicantPresent: true, onlinePossible: false },
    { id: 'S04', name: '站长审核', kind: 'review', departmentCode: 'ZJJ', role: '安全监督站站长' },
    { id: 'S05', name: '加盖安全监督专用章', kind: 'stamp', departmentCode: 'ZJJ', role: '印章管理员', stamps: ['安全监督专用章'] },
  ]),
  prerequisites: [prerequisite(C.quality, [], '先取得质量监督通知书')],
  formFields: [
    ...partyFields('A0'),
    field('A08', '总建筑面积', 'building_area'),
    field('A09', '工程总投资', 'investment', { unit: '元' }),
    field('A10', '施工企业', 'contractor_name'),
    field('A11', '项目负责人', 'contractor_manager'),
    field('A12', '监理单位', 'supervisor_name'),
    field('A13', '项目总监', 'chief_supervisor'),
    field('A14', '专职安全员', null),
    field('A15', '开工日期', 'planned_start_date'),
  ],
});

const drawings = matter({
  code: C.drawings,
  name: '房屋建筑和市政基础设施工程施工图设计文件审查备案',
  kind: 'filing',
  departmentCode: 'ZJJ',
  legalBases: [LAW.qualityRegs11],
  statutoryDays: null,
  promisedDays: 2,
  visits: 1,
  result: { name: '施工图审查备案回执', kind: 'filing_receipt' },
  materials: [
    // Both are on the province's drawing-review system once the agency has reviewed them.
    material({
      id: 'M01',
      name: '施工图设计文件',
      canonicalId: 'construction_drawings',
      medium: 'paper_or_electronic',
      copies: 2,
      legalBases: [LAW.qualityRegs11],
      source: { kind: 'government', issuer: REVIEW_SYSTEM, certificate: '施工图设计文件' },
    }),
    material({
      id: 'M02',
      name: '施工图设计文件审查合格书',
      canonicalId: 'drawing_review_certificate',
      legalBases: [LAW.qualityRegs11],
      source: { kind: 'government', issuer: REVIEW_SYSTEM, certificate: '施工图设计文件审查合格书' },
    }),
    planningPermit('M03'),
    governmentMaterial({ id: 'M04', name: '项目备案证明', canonicalId: 'project_approval', departmentCode: 'FGJ' }),
    licence('M05', '营业执照'),
  ],
  steps: [
    step({ id: 'S01', name: '受理', kind: 'intake', departmentCode: 'ZJJ', role: '窗口受理人员', applicantPresent: true }),
    step({ id: 'S02', name: '备案审查', kind: 'review', departmentCode: 'ZJJ', role: '勘察设计科科员', workdays: 0.5, dependsOn: ['S01'], legalBases: [LAW.qualityRegs11] }),
    step({ id: 'S03', name: '人防会签', kind: 'countersign', departmentCode: 'RFB', role: '人防工程科科长', workdays: 0.5, dependsOn: ['S02'], needsResultOf: ['S02'] }),
    step({ id: 'S04', name: '备案盖章', kind: 'stamp', departmentCode: 'ZJJ', role: '印章管理员', stamps: ['施工图审查备案专用章'], dependsOn: ['S03'] }),
  ],
  formFields: [
    ...partyFields('D0'),
    field('D08', '设计单位名称', 'designer_name'),
    field('D09', '审图机构', 'drawing_reviewer_name'),
    field('D10', '规划许可证号', 'planning_permit_number'),
    field('D11', '项目代码', 'project_code'),
  ],
});

const contractFiling = matter({
  code: C.contract,
  name: '建设工程施工合同备案',
  kind: 'filing',
  departmentCode: 'ZJJ',
  legalBases: [],
  statutoryDays: null,
  promisedDays: 1,
  visits: 1,
  result: { name: '施工合同备案表', kind: 'filing_receipt' },
  materials: [contract('M01'), awardNotice('M02'), licence('M03'), provincial({ id: 'M04', name: '施工单位资质证书', canonicalId: 'contractor_qualification' }, PROVINCE)],
  steps: chain([
    { id: 'S01', name: '受理', kind: 'intake', departmentCode: 'ZJJ', role: '建筑市场科受理人员', applicantPresent: true },
    { id: 'S02', name: '合同审查', kind: 'review', departmentCode: 'ZJJ', role: '建筑市场科科员', workdays: 0.5 },
    { id: 'S03', name: '科长审核', kind: 'review', departmentCode: 'ZJJ', role: '建筑市场科科长' },
    { id: 'S04', name: '加盖合同备案章', kind: 'stamp', departmentCode: 'ZJJ', role: '印章管理员', workdays: 0.5, stamps: ['合同备案专用章'] },
  ]),
  formFields: [
    ...partyFields('H0'),
    field('H08', '合同价款', 'investment', { unit: '元' }),
    field('H09', '承包单位', 'contractor_name'),
    field('H10', '合同工期（日历天）', null, { type: 'number', unit: '天' }),
  ],
});

const tender = matter({
  code: C.tender,
  name: '招标投标情况书面报告备案',
  kind: 'filing',
  departmentCode: 'ZJJ',
  legalBases: [LAW.tenderingLaw47],
  statutoryDays: null,
  promisedDays: 1,
  visits: 1,
  result: { name: '中标通知书（备案）', kind: 'filing_receipt' },
  materials: [
    material({
      id: 'M01',
      name: '招标投标情况书面报告',
      canonicalId: null,
      category: 'report',
      legalBases: [LAW.tenderingLaw47],
      source: { kind: 'government', issuer: TRADING_CENTRE, certificate: '招标投标情况书面报告' },
    }),
    material({
      id: 'M02',
      name: '评标委员会评标报告',
      canonicalId: null,
      category: 'report',
      legalBases: [LAW.tenderingLaw47],
      source: { kind: 'government', issuer: TRADING_CENTRE, certificate: '评标报告' },
    }),
    material({ id: 'M03', name: '中标通知书', canonicalId: 'contractor_award_notice', legalBases: [LAW.tenderingLaw47] }),
    provincial({ id: 'M04', name: '施工企业资质证书', canonicalId: 'contractor_qualification' }, PROVINCE),
    governmentMaterial({ id: 'M05', name: '立项文件', canonicalId: 'project_approval', departmentCode: 'FGJ' }),
  ],
  steps: chain([
    { id: 'S01', name: '受理', kind: 'intake', departmentCode: 'ZJJ', role: '招投标办受理人员', applicantPresent: true },
    { id: 'S02', name: '书面报告审查', kind: 'review', departmentCode: 'ZJJ', role: '招投标办科员', workdays: 0.5, legalBases: [LAW.tenderingLaw47] },
    { id: 'S03', name: '备案决定', kind: 'decision', departmentCode: 'ZJJ', role: '招投标办主任', workdays: 0.5, stamps: ['招标投标备案专用章'], legalBases: [LAW.tenderingLaw47] },
  ]),
  formFields: [...partyFields('T0'), field('T08', '中标单位', 'contractor_name'), field('T09', '中标价', 'investment', { unit: '万元' }), field('T10', '项目代码', 'project_code')],
});

const wages = matter({
  code: C.wages,
  name: '农民工工资保证金存储备案',
  kind: 'other_power',
  departmentCode: 'RSJ',
  legalBases: [LAW.wageRegs32],
  statutoryDays: null,
  promisedDays: 1,
  visits: 1,
  result: { name: '工资保证金存储备案回执', kind: 'filing_receipt' },
  materials: [
    material({ id: 'M01', name: '工资保证金缴存证明', canonicalId: 'wage_guarantee', source: { kind: 'third_party', issuer: '开户银行' }, legalBases: [LAW.wageRegs32] }),
    contract('M02'),
    licence('M03', '施工企业营业执照'),
    awardNotice('M04'),
  ],
  steps: [
    step({ id: 'S01', name: '受理', kind: 'intake', departmentCode: 'RSJ', role: '劳动保障监察大队受理人员', applicantPresent: true }),
    step({ id: 'S02', name: '保证金审查', kind: 'review', departmentCode: 'RSJ', role: '劳动保障监察员', workdays: 0.5, dependsOn: ['S01'], legalBases: [LAW.wageRegs32] }),
    step({ id: 'S03', name: '住建部门会签', kind: 'countersign', departmentCode: 'ZJJ', role: '建筑市场科科长', workdays: 0.5, dependsOn: ['S02'], needsResultOf: [] }),
    step({ id: 'S04', name: '加盖备案章', kind: 'stamp', departmentCode: 'RSJ', role: '印章管理员', stamps: ['劳动保障监察专用章'], dependsOn: ['S03'] }),
  ],
  formFields: [
    field('W01', '施工总承包单位', 'contractor_name'),
    field('W02', '统一社会信用代码', 'uscc'),
    field('W03', '工程名称', 'project_name'),
    field('W04', '合同价款', 'investment', { unit: '元' }),
    field('W05', '保证金金额', null, { type: 'money', unit: '元' }),
  ],
});

const supervision = matter({
  code: C.supervision,
  name: '建设工程监理合同备案',
  kind: 'filing',
  departmentCode: 'ZJJ',
  legalBases: [],
  statutoryDays: null,
  promisedDays: 1,
  visits: 1,
  result: { name: '监理合同备案表', kind: 'filing_receipt' },
  materials: [
    material({ id: 'M01', name: '委托监理合同', canonicalId: 'supervision_contract' }),
    provincial({ id: 'M02', name: '监理企业资质证书', canonicalId: 'supervisor_qualification' }, MINISTRY),
    provincial({ id: 'M03', name: '总监注册证书', canonicalId: 'chief_supervisor_certificate' }, MINISTRY),
    licence('M04', '监理单位营业执照'),
  ],
  steps: chain([
    { id: 'S01', name: '受理', kind: 'intake', departmentCode: 'ZJJ', role: '建筑市场科受理人员', applicantPresent: true },
    { id: 'S02', name: '合同审查', kind: 'review', departmentCode: 'ZJJ', role: '建筑市场科科员', workdays: 0.5 },
    { id: 'S03', name: '加盖备案章', kind: 'stamp', departmentCode: 'ZJJ', role: '印章管理员', workdays: 0.5, stamps: ['合同备案专用章'] },
  ]),
  formFields: [
    ...partyFields('J0'),
    field('J08', '监理单位', 'supervisor_name'),
    field('J09', '总监理工程师', 'chief_supervisor'),
    field('J10', '监理费', null, { type: 'money', unit: '万元' }),
  ],
});

const archives = matter({
  code: C.archives,
  name: '城建档案报送责任书签订',
  kind: 'other_power',
  departmentCode: 'ZJJ',
  legalBases: [LAW.urbanArchives],
  statutoryDays: null,
  promisedDays: 1,
  visits: 1,
  result: { name: '城建档案报送责任书', kind: 'other' },
  materials: [material({ id: 'M01', name: '城建档案报送责任书', canonicalId: null, category: 'proof', legalBases: [LAW.urbanArchives] }), planningPermit('M02'), licence('M03')],
  steps: chain([
    { id: 'S01', name: '受理', kind: 'intake', departmentCode: 'ZJJ', role: '城建档案馆受理人员', applicantPresent: true },
    { id: 'S02', name: '审核', kind: 'review', departmentCode: 'ZJJ', role: '城建档案馆馆员', workdays: 0.5, legalBases: [LAW.urbanArchives] },
    { id: 'S03', name: '加盖档案馆公章', kind: 'stamp', departmentCode: 'ZJJ', role: '印章管理员', workdays: 0.5, stamps: ['城建档案馆公章'] },
  ]),
  formFields: [...partyFields('R0'), field('R08', '建筑面积', 'building_area'), field('R09', '层数', 'floors')],
});

/** The nine matters, in the order the permit package lists them. */
export const CONSTRUCTION_MATTERS: readonly Matter[] = [permit, quality, safety, drawings, contractFiling, tender, wages, supervision, archives];
