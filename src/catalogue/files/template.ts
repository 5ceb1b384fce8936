// The spreadsheet template: one sheet per kind of row, each column with its key, its
// Chinese and English heading, its type and allowed values. The same table drives xlsx
// and CSV reading and writing, the JSON/YAML checks, the template's instructions sheet
// and docs/catalogue.md, so they cannot drift apart.
import {
  ISSUER_TYPES,
  ISSUER_TYPE_LABELS,
  COMMITMENT_EXCLUSIONS,
  COMMITMENT_EXCLUSION_LABELS,
  FIELD_TYPES,
  MATERIAL_CATEGORIES,
  MATERIAL_MEDIA,
  MATERIAL_ORIGINALS,
  MATERIAL_REQUIREMENTS,
  MATERIAL_SOURCE_KINDS,
  MATTER_KINDS,
  MATTER_KIND_LABELS,
  ONLINE_DEPTHS,
  ONLINE_DEPTH_LABELS,
  RESULT_KINDS,
  STEP_KINDS,
  STEP_KIND_LABELS,
} from '../model.js';

export type Label = { zh: string; en: string };

export type CellType =
  | 'text' // any text, kept exactly
  | 'code' // identifier, required, trimmed
  | 'optcode' // identifier or empty (null)
  | 'int' // whole number ≥ 0
  | 'number' // number ≥ 0 (half days allowed)
  | 'optnumber' // number ≥ 0 or empty (null)
  | 'bool' // 是/否 (also true/false, 1/0, Y/N); empty = 否
  | 'list' // texts separated by ；or ; or line breaks
  | 'idlist' // identifiers separated by , ， ; ； 、 or spaces
  | 'enum' // one of `values`, by key or by label
  | 'optenum'; // one of `values` or empty (null)

export interface ColumnSpec {
  key: string;
  label: Label;
  type: CellType;
  /** Property path in the model object the row makes (dot-separated); null for relation columns. */
  field: string | null;
  values?: readonly string[];
  valueLabels?: Record<string, Label>;
  note: Label;
  /**
   * The value an absent property (JSON/YAML) or an absent column or empty cell (xlsx/CSV) takes.
   * Texts, booleans, lists and the optional types always have one ('' / false / [] / null);
   * codes, enumerations and numbers only when stated here — otherwise they are required.
   */
  default?: unknown;
}

/** What an absent property or cell stands for, or undefined when the column is required. */
export function defaultOf(col: ColumnSpec): unknown {
  if (col.default !== undefined) return col.default;
  switch (col.type) {
    case 'text':
      return '';
    case 'bool':
      return false;
    case 'list':
    case 'idlist':
      return [];
    case 'optcode':
    case 'optnumber':
    case 'optenum':
      return null;
    default:
      return undefined;
  }
}

export interface SheetSpec {
  name: string;
  label: Label;
  note: Label;
  columns: ColumnSpec[];
}

const l = (zh: string, en: string): Label => ({ zh, en });

export const MATERIAL_CATEGORY_LABELS: Record<(typeof MATERIAL_CATEGORIES)[number], Label> = {
  application_form: l('申请表', 'Application form'),
  identity: l('身份证件', 'Identity document'),
  licence: l('证照', 'Licence or certificate'),
  proof: l('证明材料', 'Proof'),
  contract: l('合同协议', 'Contract'),
  drawing: l('图纸', 'Drawing'),
  report: l('报告', 'Report'),
  other: l('其他', 'Other'),
};
export const REQUIREMENT_LABELS: Record<(typeof MATERIAL_REQUIREMENTS)[number], Label> = { required: l('必要', 'Required'), conditional: l('非必要（特定情形）', 'Conditional') };
export const MEDIUM_LABELS: Record<(typeof MATERIAL_MEDIA)[number], Label> = {
  paper: l('纸质', 'Paper'),
  electronic: l('电子', 'Electronic'),
  paper_or_electronic: l('纸质或电子', 'Paper or electronic'),
};
export const ORIGINAL_LABELS: Record<(typeof MATERIAL_ORIGINALS)[number], Label> = {
  original: l('原件', 'Original'),
  copy: l('复印件', 'Copy'),
  original_and_copy: l('原件和复印件', 'Original and copy'),
};
export const SOURCE_KIND_LABELS: Record<(typeof MATERIAL_SOURCE_KINDS)[number], Label> = {
  applicant: l('申请人自备', 'Applicant'),
  government: l('政府部门核发', 'Government department'),
  third_party: l('第三方机构出具', 'Third party'),
};
export const RESULT_KIND_LABELS: Record<(typeof RESULT_KINDS)[number], Label> = {
  licence: l('许可证', 'Licence'),
  certificate: l('证明', 'Certificate'),
  approval_document: l('批准文书', 'Approval document'),
  filing_receipt: l('备案回执', 'Filing receipt'),
  payment: l('给付', 'Payment'),
  other: l('其他', 'Other'),
};
export const FIELD_TYPE_LABELS: Record<(typeof FIELD_TYPES)[number], Label> = {
  text: l('文本', 'Text'),
  number: l('数字', 'Number'),
  date: l('日期', 'Date'),
  boolean: l('是否', 'Yes/no'),
  enum: l('选项', 'Choice'),
  id_number: l('身份证号码', 'ID number'),
  uscc: l('统一社会信用代码', 'Unified social credit code'),
  phone: l('电话', 'Phone'),
  address: l('地址', 'Address'),
  area: l('面积', 'Area'),
  money: l('金额', 'Money'),
};
export const LEGAL_TARGETS = ['matter', 'material', 'step', 'prerequisite'] as const;
export type LegalTarget = (typeof LEGAL_TARGETS)[number];
export const LEGAL_TARGET_LABELS: Record<LegalTarget, Label> = {
  matter: l('事项', 'Matter'),
  material: l('材料', 'Material'),
  step: l('环节', 'Step'),
  prerequisite: l('前置条件', 'Prerequisite'),
};

const matterCode: ColumnSpec = {
  key: 'matter_code',
  label: l('实施编码', 'Matter code'),
  type: 'code',
  field: null,
  note: l('所属事项的实施编码（须在 matters 表中）', 'code of the matter the row belongs to (must be in sheet matters)'),
};
const col = (
  key: string,
  zh: string,
  en: string,
  type: CellType,
  field: string | null,
  note: Label = l('', ''),
  values?: readonly string[],
  valueLabels?: Record<string, Label>,
  fallback?: unknown,
): ColumnSpec => ({
  key,
  label: l(zh, en),
  type,
  field,
  note,
  ...(values ? { values, valueLabels } : {}),
  ...(fallback !== undefined ? { default: fallback } : {}),
});

export const SHEETS: SheetSpec[] = [
  {
    name: 'catalogue',
    label: l('清单', 'Catalogue'),
    note: l('一行：本清单所属行政区划。', 'One row: the region the catalogue belongs to.'),
    columns: [col('region_code', '区划代码', 'Region code', 'code', 'regionCode', l('行政区划代码，如 370883', 'administrative region code, e.g. 370883'))],
  },
  {
    name: 'departments',
    label: l('部门', 'Departments'),
    note: l('清单涉及的部门（实施主体、环节部门、材料核发部门）。', 'Departments the catalogue refers to (implementing, step and issuing departments).'),
    columns: [
      col('code', '部门编码', 'Department code', 'code', 'code'),
      col('name', '部门名称', 'Department name', 'text', 'name'),
      col('region_code', '所在区划代码', 'Region code', 'code', 'regionCode'),
    ],
  },
  {
    name: 'matters',
    label: l('事项', 'Matters'),
    note: l('每个事项一行。', 'One row per matter.'),
    columns: [
      col('code', '实施编码', 'Matter code', 'code', 'code', l('事项的稳定标识', 'stable identifier of the matter')),
      col('name', '事项名称', 'Matter name', 'text', 'name'),
      col('kind', '事项类型', 'Kind', 'enum', 'kind', l('', ''), MATTER_KINDS, MATTER_KIND_LABELS),
      col('department_code', '实施主体编码', 'Department code', 'code', 'departmentCode', l('须为已有部门的编码', 'must be the code of an existing department')),
      col('statutory_days', '法定办结时限（工作日）', 'Statutory days', 'optnumber', 'statutoryDays', l('法律未规定时留空', 'empty when the law sets none')),
      col('promised_days', '承诺办结时限（工作日）', 'Promised days', 'number', 'promisedDays', l('0 表示即办件', '0 means instant')),
      col('visits', '到办事现场次数', 'Visits', 'int', 'visits', l('缺省为 1', 'default 1'), undefined, undefined, 1),
      col('fee_charged', '是否收费', 'Fee charged', 'bool', 'fee.charged'),
      col('fee_standard', '收费标准', 'Fee standard', 'text', 'fee.standard'),
      col('fee_basis', '收费依据', 'Fee basis', 'text', 'fee.basis'),
      col('online_depth', '网上办理深度', 'Online depth', 'enum', 'onlineDepth', l('缺省为不可网办', 'default offline'), ONLINE_DEPTHS, ONLINE_DEPTH_LABELS, 'offline'),
      col('result_name', '办理结果名称', 'Result', 'text', 'result.name', l('如 建筑工程施工许可证', 'e.g. 建筑工程施工许可证')),
      col('result_kind', '办理结果类型', 'Result kind', 'enum', 'result.kind', l('缺省为其他', 'default other'), RESULT_KINDS, RESULT_KIND_LABELS, 'other'),
      col(
        'route',
        '当前办理路径',
        'Route followed',
        'optcode',
        'route',
        l('法定办理路径表中的路径编号；留空为按办理环节办理', 'an id of sheet routes; empty = the route the steps describe'),
      ),
      col(
        'result_fields',
        '办理结果提供的字段',
        'Fields the result gives',
        'idlist',
        'result.fields',
        l(
          '标准字段编码，用“,”分隔，如出生登记提供 newborn_id_number；同一件事中需要这些字段的事项排在其后',
          'canonical field keys, comma-separated (a birth registration gives newborn_id_number); in a bundle, matters asking for them follow this one',
        ),
      ),
    ],
  },
  {
    name: 'materials',
    label: l('申请材料', 'Materials'),
    note: l('每份材料一行。', 'One row per material.'),
    columns: [
      matterCode,
      col('id', '材料编号', 'Material id', 'code', 'id', l('事项内唯一，如 M01', 'unique within the matter, e.g. M01')),
      col('name', '材料名称', 'Material name', 'text', 'name'),
      col(
        'canonical_id',
        '标准材料编码',
        'Canonical material',
        'optcode',
        'canonicalId',
        l('标准材料字典中的编码；无对应时留空', 'id in the canonical materials dictionary; empty if none'),
      ),
      col('category', '材料类别', 'Category', 'enum', 'category', l('缺省为其他', 'default other'), MATERIAL_CATEGORIES, MATERIAL_CATEGORY_LABELS, 'other'),
      col('requirement', '必要性', 'Requirement', 'enum', 'requirement', l('缺省为必要', 'default required'), MATERIAL_REQUIREMENTS, REQUIREMENT_LABELS, 'required'),
      col('condition', '适用情形', 'Condition', 'text', 'condition', l('非必要材料须填写', 'required for conditional materials')),
      col('medium', '材料形式', 'Medium', 'enum', 'medium', l('缺省为纸质', 'default paper'), MATERIAL_MEDIA, MEDIUM_LABELS, 'paper'),
      col('original', '原件/复印件', 'Original or copy', 'enum', 'original', l('缺省为原件', 'default original'), MATERIAL_ORIGINALS, ORIGINAL_LABELS, 'original'),
      col('copies', '份数', 'Copies', 'int', 'copies', l('缺省为 1', 'default 1'), undefined, undefined, 1),
      col('source_kind', '来源渠道', 'Source', 'enum', 'source.kind', l('缺省为申请人自备', 'default applicant'), MATERIAL_SOURCE_KINDS, SOURCE_KIND_LABELS, 'applicant'),
      col('source_department_code', '核发部门编码', 'Issuing department', 'optcode', 'source.departmentCode', l('政府部门核发时填写', 'for government-issued materials')),
      col('source_matter_code', '产生该材料的事项编码', 'Issuing matter', 'optcode', 'source.matterCode'),
      col('source_certificate', '证照名称', 'Certificate', 'text', 'source.certificate'),
      col('source_issuer', '出具机构', 'Issuer', 'text', 'source.issuer', l('第三方机构名称', 'name of the third party')),
      col('data_sharing', '可数据共享', 'Data sharing', 'bool', 'source.dataSharing'),
      col('commitment_allowed', '可告知承诺替代', 'Commitment allowed', 'bool', 'commitmentAllowed'),
      col(
        'commitment_exclusion',
        '不适用告知承诺的领域',
        'Commitment exclusion',
        'optenum',
        'commitmentExclusion',
        l('国办发〔2020〕42号', 'State Council General Office 2020 No. 42'),
        COMMITMENT_EXCLUSIONS,
        COMMITMENT_EXCLUSION_LABELS,
      ),
      // 收件备查: the four columns make one `postDecisionCheck` (null when 否); tabular.ts and document.ts read them.
      col(
        'post_decision_check',
        '收件备查（事中事后核查）',
        'Checked after the decision',
        'bool',
        null,
        l(
          '收件时提交、决定前不审查、决定后事中事后核查；须填写依据',
          'handed in at intake, not examined before the decision, checked in supervision afterwards; the basis is required',
        ),
      ),
      col(
        'post_decision_check_document',
        '收件备查依据文件',
        'Post-decision check: document',
        'text',
        null,
        l('如《国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见》（国办发〔2019〕11号）', 'e.g. the State Council General Office 2019 No. 11 opinion'),
      ),
      col('post_decision_check_article', '收件备查依据条款', 'Post-decision check: article', 'text', null),
      col('post_decision_check_text', '收件备查依据条文', 'Post-decision check: text', 'text', null),
      col(
        'source_issuer_type',
        '出具机构类型',
        'Issuer type',
        'optenum',
        'source.issuerType',
        l('医疗机构、司法公证机构出具的材料不能以告知承诺替代', 'a commitment cannot replace what a medical institution or a court or notary issues'),
        ISSUER_TYPES,
        ISSUER_TYPE_LABELS,
      ),
      col(
        'present_only',
        '须现场出示',
        'Shown at the counter',
        'bool',
        'source.presentOnly',
        l('证件簿册当场出示、核验后退还（如户口簿），不能以数据共享替代', 'a booklet or card shown and handed back (e.g. 户口簿): data sharing cannot replace it'),
      ),
      col(
        'no_sharing_channel',
        '暂无共享渠道',
        'No sharing channel yet',
        'bool',
        'source.noSharingChannel',
        l('本地区尚无该材料的数据共享渠道', 'no data-sharing channel for it exists in the region yet'),
      ),
    ],
  },
  {
    name: 'steps',
    label: l('办理环节', 'Steps'),
    note: l('每个环节一行。', 'One row per step.'),
    columns: [
      matterCode,
      col('id', '环节编号', 'Step id', 'code', 'id', l('事项内唯一，如 S01', 'unique within the matter, e.g. S01')),
      col('name', '环节名称', 'Step name', 'text', 'name'),
      col('kind', '环节类型', 'Kind', 'enum', 'kind', l('缺省为审查', 'default review'), STEP_KINDS, STEP_KIND_LABELS, 'review'),
      col('department_code', '办理部门编码', 'Department code', 'code', 'departmentCode'),
      col('role', '办理岗位', 'Role', 'text', 'role'),
      col('workdays', '环节时限（工作日）', 'Workdays', 'number', 'workdays', l('可为 0.5', 'halves allowed')),
      col('stamps', '加盖印章', 'Stamps', 'list', 'stamps', l('多枚用“；”分隔', 'separate several with ；')),
      col('applicant_present', '申请人须到场', 'Applicant present', 'bool', 'applicantPresent'),
      col('online_possible', '可网上办理', 'Online possible', 'bool', 'onlinePossible'),
      col('depends_on', '前序环节', 'Depends on', 'idlist', 'dependsOn', l('环节编号，用“,”分隔', 'step ids, comma-separated')),
      col(
        'needs_result_of',
        '需用结果的前序环节',
        'Needs result of',
        'idlist',
        'needsResultOf',
        l('前序环节中确需其结果者', 'of the preceding steps, those whose result is really used'),
      ),
    ],
  },
  {
    name: 'prerequisites',
    label: l('前置条件', 'Prerequisites'),
    note: l('每个前置事项一行；依据写在 legal_bases 表。', 'One row per prerequisite matter; its legal bases go in sheet legal_bases.'),
    columns: [matterCode, col('prerequisite_code', '前置事项实施编码', 'Prerequisite matter code', 'code', 'matterCode'), col('note', '说明', 'Note', 'text', 'note')],
  },
  {
    name: 'form_fields',
    label: l('申请表字段', 'Form fields'),
    note: l('申请表的每个字段一行。', 'One row per field of the application form.'),
    columns: [
      matterCode,
      col('key', '字段编号', 'Field key', 'code', 'key', l('表单内唯一，如 F01', 'unique within the form, e.g. F01')),
      col('label', '字段名称', 'Label', 'text', 'label'),
      col(
        'canonical_key',
        '标准字段编码',
        'Canonical field',
        'optcode',
        'canonicalKey',
        l('标准字段字典中的编码；无对应时留空', 'key in the canonical fields dictionary; empty if none'),
      ),
      col('type', '字段类型', 'Type', 'enum', 'type', l('缺省为文本', 'default text'), FIELD_TYPES, FIELD_TYPE_LABELS, 'text'),
      col('required', '必填', 'Required', 'bool', 'required'),
      col('options', '选项', 'Options', 'list', 'options', l('选项字段的可选值，用“；”分隔', 'choices of an enum field, separated by ；')),
      col('unit', '单位', 'Unit', 'text', 'unit'),
    ],
  },
  {
    name: 'routes',
    label: l('法定办理路径', 'Legal routes'),
    note: l(
      '法律本身规定的其他办理方式，每条一行（如《消防法》第十五条的告知承诺方式）。',
      'Other ways the law itself provides to conclude a matter, one per row (e.g. the commitment route of the Fire Protection Law, article 15).',
    ),
    columns: [
      matterCode,
      col('id', '路径编号', 'Route id', 'code', 'id', l('事项内唯一，如 commitment', 'unique within the matter, e.g. commitment')),
      col('name', '路径名称', 'Route name', 'text', 'name', l('如 告知承诺方式', 'e.g. 告知承诺方式')),
      col('promised_days', '承诺办结时限（工作日）', 'Promised days', 'number', 'promisedDays'),
      col(
        'steps_after_decision',
        '决定后实施的环节',
        'Steps after the decision',
        'idlist',
        'stepsAfterDecision',
        l('环节编号，如现场检查改在决定后进行', 'step ids, e.g. the inspection carried out after the decision'),
      ),
      col('commitment_materials', '以承诺替代的材料', 'Materials the commitment replaces', 'idlist', 'commitmentMaterials', l('材料编号', 'material ids')),
      col('document', '依据文件', 'Document', 'text', 'legalBasis.document', l('如《中华人民共和国消防法》', 'e.g. 《中华人民共和国消防法》')),
      col('article', '条款', 'Article', 'text', 'legalBasis.article', l('如 第十五条', 'e.g. 第十五条')),
      col('text', '条文内容', 'Text', 'text', 'legalBasis.text'),
    ],
  },
  {
    name: 'dictionary_materials',
    label: l('标准材料（新增）', 'Added canonical materials'),
    note: l(
      '本清单新增的标准材料，每条一行；事项的“标准材料编码”可引用。编码和名称不得与标准字典重复。',
      'Canonical materials the catalogue adds, one per row; materials may refer to them by canonical id. Ids and names must be new.',
    ),
    columns: [
      col('id', '标准材料编码', 'Canonical material id', 'code', 'id', l('如 birth_medical_certificate', 'e.g. birth_medical_certificate')),
      col('name', '标准名称', 'Standard name', 'text', 'name', l('如 出生医学证明', 'e.g. 出生医学证明')),
      col('synonyms', '同义名称', 'Synonyms', 'list', 'synonyms', l('各地清单的其他写法，用“；”分隔', 'other names lists use, separated by ；')),
      col('category', '材料类别', 'Category', 'enum', 'category', l('缺省为其他', 'default other'), MATERIAL_CATEGORIES, MATERIAL_CATEGORY_LABELS, 'other'),
      col('certificate', '证照名称', 'Certificate', 'text', 'certificate'),
      col(
        'commitment_exclusion',
        '不适用告知承诺的领域',
        'Commitment exclusion',
        'optenum',
        'commitmentExclusion',
        l('国办发〔2020〕42号', 'State Council General Office 2020 No. 42'),
        COMMITMENT_EXCLUSIONS,
        COMMITMENT_EXCLUSION_LABELS,
      ),
    ],
  },
  {
    name: 'dictionary_fields',
    label: l('标准字段（新增）', 'Added canonical fields'),
    note: l(
      '本清单新增的标准字段，每条一行；申请表字段的“标准字段编码”可引用，一件事中按它合并、只问一次。',
      'Canonical form fields the catalogue adds, one per row; form fields may refer to them, and a bundle asks each once.',
    ),
    columns: [
      col('id', '标准字段编码', 'Canonical field key', 'code', 'id', l('如 blood_type', 'e.g. blood_type')),
      col('name', '标准名称', 'Standard label', 'text', 'name', l('统一申请表上印的名称', 'the label the unified form prints')),
      col('synonyms', '同义名称', 'Synonyms', 'list', 'synonyms', l('各事项表单的其他写法，用“；”分隔', 'other labels forms use, separated by ；')),
      col('type', '字段类型', 'Type', 'enum', 'type', l('缺省为文本', 'default text'), FIELD_TYPES, FIELD_TYPE_LABELS, 'text'),
      col('unit', '单位', 'Unit', 'text', 'unit'),
    ],
  },
  {
    name: 'legal_bases',
    label: l('设定依据', 'Legal bases'),
    note: l('每条依据一行，注明所依附的事项、材料、环节或前置条件。', 'One row per legal basis, naming the matter, material, step or prerequisite it supports.'),
    columns: [
      matterCode,
      col('target', '依据对象', 'Applies to', 'enum', null, l('', ''), LEGAL_TARGETS, LEGAL_TARGET_LABELS),
      col(
        'target_id',
        '对象编号',
        'Target id',
        'optcode',
        null,
        l('材料编号、环节编号或前置事项编码；事项本身留空', 'material id, step id or prerequisite matter code; empty for the matter itself'),
      ),
      col('document', '依据文件', 'Document', 'text', 'document', l('如《中华人民共和国建筑法》', 'e.g. 《中华人民共和国建筑法》')),
      col('article', '条款', 'Article', 'text', 'article', l('如 第八条', 'e.g. 第八条')),
      col('text', '条文内容', 'Text', 'text', 'text'),
    ],
  },
];

export function sheetSpec(name: string): SheetSpec {
  const s = SHEETS.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}

/** The model properties of a material's post-decision check and the columns that hold them (relation columns: `field` is null). */
export const POST_DECISION_CHECK_COLUMNS: Record<string, string> = {
  postDecisionCheck: 'post_decision_check',
  'postDecisionCheck.legalBasis': 'post_decision_check_document',
  'postDecisionCheck.legalBasis.document': 'post_decision_check_document',
  'postDecisionCheck.legalBasis.article': 'post_decision_check_article',
  'postDecisionCheck.legalBasis.text': 'post_decision_check_text',
};

/** The sheet a heading or sheet name means: its key or its Chinese label. */
export function findSheet(name: string): SheetSpec | undefined {
  const n = name.trim();
  return SHEETS.find((s) => s.name === n || s.label.zh === n || s.label.en.toLowerCase() === n.toLowerCase());
}

const ALIASES: Record<string, Record<string, string[]>> = {
  matters: {
    code: ['事项编码', '实施清单编码', '事项实施编码', '编码'],
    kind: ['事项类别', '权力类型'],
    statutory_days: ['法定办结时限', '法定时限', '法定期限（工作日）'],
    promised_days: ['承诺办结时限', '承诺时限', '承诺期限（工作日）'],
    visits: ['到现场次数', '跑动次数', '最多跑动次数', '到办事现场次数（次）'],
    fee_charged: ['收费', '是否收费（是/否）'],
    online_depth: ['网办深度', '网上办理深度（级）'],
    result_name: ['办理结果', '审批结果', '结果名称'],
  },
  materials: {
    name: ['申请材料名称'],
    copies: ['材料份数', '份数（份）'],
    source_kind: ['材料来源', '来源'],
    requirement: ['材料必要性', '是否必要'],
  },
};

/** The column a heading means: its key, its Chinese or English label, a known alias, or "label（key）". */
export function findColumn(sheet: SheetSpec, heading: string): ColumnSpec | undefined {
  const h = heading.trim();
  const inParens = /[（(]([a-z_]+)[)）]\s*$/.exec(h)?.[1];
  return sheet.columns.find(
    (c) => c.key === h || c.key === inParens || c.label.zh === h || c.label.en.toLowerCase() === h.toLowerCase() || (ALIASES[sheet.name]?.[c.key] ?? []).includes(h),
  );
}

/** The other headings a column is read under (documented in the template's instructions). */
export function aliasesOf(sheet: string, column: string): string[] {
  return ALIASES[sheet]?.[column] ?? [];
}
