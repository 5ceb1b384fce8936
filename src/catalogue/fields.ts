// Canonical form fields: what each matter's application form asks for, under one key
// whatever the form prints (申请单位 / 建设单位名称 / 企业名称 → applicant_name). Bundles merge
// every field the matters ask for by canonical key. Pure data.
import type { FieldType } from './model.js';
import { NameDictionary, type DictionaryEntry, type Suggestion } from './similarity.js';

export interface CanonicalField extends DictionaryEntry {
  type: FieldType;
  unit: string;
}

const f = (id: string, name: string, type: FieldType, synonyms: string[], unit = ''): CanonicalField => ({ id, name, type, synonyms, unit });

export const CANONICAL_FIELDS: readonly CanonicalField[] = [
  f('applicant_name', '申请单位名称', 'text', [
    '申请人名称',
    '申请人',
    '单位名称',
    '建设单位',
    '建设单位名称',
    '企业名称',
    '公司名称',
    '缴存单位名称',
    '参保单位名称',
    '存款人名称',
  ]),
  f('uscc', '统一社会信用代码', 'uscc', ['社会信用代码', '信用代码', '纳税人识别号', '组织机构代码']),
  f('legal_rep', '法定代表人', 'text', ['法定代表人姓名', '法人代表', '负责人', '法定代表人（负责人）']),
  f('legal_rep_id_number', '法定代表人身份证号码', 'id_number', ['法定代表人身份证号', '法人身份证号码', '负责人身份证号码']),
  f('contact_name', '联系人', 'text', ['经办人', '联系人姓名', '经办人姓名', '项目联系人']),
  f('contact_phone', '联系电话', 'phone', ['联系人电话', '经办人电话', '手机号码', '电话']),
  f('address', '单位地址', 'address', ['住所', '企业住所', '注册地址', '单位住所']),
  // A person's mailing address is not a unit's address: asked for a newborn, it must not print as 单位地址.
  f('mailing_address', '通讯地址', 'address', ['联系地址', '通信地址', '邮寄地址', '送达地址', '收件地址']),
  // Where a shop or restaurant operates: every licence of its opening asks for it, once.
  f('premises_address', '经营场所', 'address', [
    '经营地址',
    '经营场所地址',
    '生产经营场所',
    '实际经营场所',
    '实际经营地址',
    '店铺地址',
    '门店地址',
    '营业场所',
    '经营场所住址',
    '场所地址',
    '场所位置',
  ]),
  f('premises_area', '经营场所面积', 'area', ['经营面积', '营业面积', '使用面积', '场所面积'], '平方米'),
  // A person (an applicant, a parent, a newborn): asked once whatever each form calls it.
  f('person_name', '姓名', 'text', ['申请人姓名', '本人姓名', '办理人姓名']),
  f('gender', '性别', 'enum', ['申请人性别']),
  f('birth_date', '出生日期', 'date', ['出生年月日', '出生时间', '生日']),
  f('ethnicity', '民族', 'text', ['族别']),
  f('id_number', '公民身份号码', 'id_number', ['身份证号码', '身份证号', '居民身份证号码', '申请人身份证号码']),
  f('household_address', '户籍地址', 'address', ['户籍所在地', '户口所在地', '户籍地', '常住户口所在地']),
  f('birth_place', '出生地', 'text', ['出生地点', '出生地址']),
  f('newborn_name', '新生儿姓名', 'text', ['婴儿姓名', '子女姓名', '出生人口姓名']),
  f('newborn_id_number', '新生儿公民身份号码', 'id_number', ['婴儿身份证号码', '子女身份证号码', '新生儿身份证号码', '参保人公民身份号码']),
  f('father_name', '父亲姓名', 'text', ['父亲']),
  f('father_id_number', '父亲公民身份号码', 'id_number', ['父亲身份证号码', '父亲身份证号']),
  f('mother_name', '母亲姓名', 'text', ['母亲']),
  f('mother_id_number', '母亲公民身份号码', 'id_number', ['母亲身份证号码', '母亲身份证号']),
  f('medical_certificate_number', '出生医学证明编号', 'text', ['出生证编号', '出生医学证明号']),
  f('project_name', '项目名称', 'text', ['工程名称', '建设项目名称', '工程项目名称']),
  f('project_code', '项目代码', 'text', ['投资项目代码', '项目编码', '项目统一代码']),
  f('project_address', '建设地址', 'address', ['工程地址', '项目地址', '建设地点', '工程地点', '项目位置']),
  f('building_area', '建筑面积', 'area', ['总建筑面积', '建设规模（面积）', '工程建筑面积'], '平方米'),
  f('land_area', '用地面积', 'area', ['占地面积', '宗地面积'], '平方米'),
  f('investment', '工程总投资', 'money', ['总投资', '项目总投资', '投资额', '合同价格', '工程造价', '合同价款'], '万元'),
  f('contractor_name', '施工单位', 'text', ['施工单位名称', '施工企业', '承包单位']),
  f('contractor_manager', '项目经理', 'text', ['施工单位项目负责人', '项目负责人']),
  f('supervisor_name', '监理单位', 'text', ['监理单位名称', '监理企业']),
  f('chief_supervisor', '总监理工程师', 'text', ['总监', '项目总监']),
  f('designer_name', '设计单位', 'text', ['设计单位名称', '勘察设计单位']),
  f('surveyor_name', '勘察单位', 'text', ['勘察单位名称']),
  f('drawing_reviewer_name', '施工图审查机构', 'text', ['审图机构', '施工图审查单位']),
  f('planning_permit_number', '建设工程规划许可证号', 'text', ['规划许可证号', '工程规划许可证编号']),
  f('land_certificate_number', '不动产权证号', 'text', ['土地证号', '国有土地使用证号', '用地批准文号']),
  f('structure_type', '结构类型', 'enum', ['结构形式', '建筑结构']),
  f('floors', '层数', 'number', ['地上层数', '建筑层数'], '层'),
  f('planned_start_date', '计划开工日期', 'date', ['开工日期', '合同开工日期']),
  f('planned_end_date', '计划竣工日期', 'date', ['竣工日期', '合同竣工日期']),
  f('registered_capital', '注册资本', 'money', ['注册资金', '认缴出资额'], '万元'),
  f('business_scope', '经营范围', 'text', ['经营项目', '许可经营项目']),
  f('enterprise_type', '企业类型', 'enum', ['公司类型', '市场主体类型']),
  f('employee_count', '从业人数', 'number', ['职工人数', '参保人数', '员工人数', '缴存人数'], '人'),
  f('seal_kinds', '印章种类', 'enum', ['刻制印章种类', '印章类型']),
  f('invoice_kinds', '发票种类', 'enum', ['申领发票种类', '票种']),
  f('tax_type', '纳税人类型', 'enum', ['增值税纳税人类型', '纳税人资格']),
  f('bank_name', '开户银行', 'text', ['开户行', '开户银行名称']),
  f('bank_account', '银行账号', 'text', ['账号', '基本存款账号', '开户账号']),
  f('deposit_rate', '缴存比例', 'number', ['公积金缴存比例', '单位缴存比例'], '%'),
  f('payroll_total', '工资总额', 'money', ['月工资总额', '缴费工资总额'], '元'),
  f('establish_date', '成立日期', 'date', ['设立日期', '营业执照签发日期']),
];

export const FIELD_DICTIONARY = new NameDictionary(CANONICAL_FIELDS);

export function matchField(label: string): CanonicalField | null {
  return FIELD_DICTIONARY.match(label);
}

export function suggestFields(label: string, options?: { limit?: number; minScore?: number }): Suggestion[] {
  return FIELD_DICTIONARY.suggest(label, options);
}

export function canonicalField(key: string): CanonicalField | undefined {
  return FIELD_DICTIONARY.get(key);
}
