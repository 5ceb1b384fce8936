// The matter catalogue (事项清单): types only. A matter follows the elements of the
// national implementation list (实施清单, GB/T 39554 family): code, kind, implementing
// department, legal bases, time limits, visits, fee, online depth, result, and the
// materials, steps, prerequisites and form fields the analyzer and bundles work on.
//
// Conventions every consumer can rely on:
// - Time limits are working days; 0 means instant (即办件).
// - An empty `legalBases` list means "no legal basis" (the analyzer's `no-legal-basis`).
// - Ids of materials, steps and form fields are unique within their matter; step
//   `dependsOn` and `needsResultOf` refer to step ids of the same matter.
// - Department codes refer to `departments.code` (see src/org/demo.ts for the demo set).
// - Strings are never undefined: an absent text is ''. Absent references are null.

/** 事项类型. English keys in code, Chinese labels in MATTER_KIND_LABELS. */
export const MATTER_KINDS = ['licensing', 'confirmation', 'adjudication', 'benefit', 'reward', 'filing', 'other_power', 'public_service'] as const;
export type MatterKind = (typeof MATTER_KINDS)[number];

export const MATTER_KIND_LABELS: Record<MatterKind, { zh: string; en: string }> = {
  licensing: { zh: '行政许可', en: 'Administrative licensing' },
  confirmation: { zh: '行政确认', en: 'Administrative confirmation' },
  adjudication: { zh: '行政裁决', en: 'Administrative adjudication' },
  benefit: { zh: '行政给付', en: 'Administrative benefit' },
  reward: { zh: '行政奖励', en: 'Administrative reward' },
  filing: { zh: '行政备案', en: 'Administrative filing' },
  other_power: { zh: '其他行政权力', en: 'Other administrative power' },
  public_service: { zh: '公共服务', en: 'Public service' },
};

/** 网上办理深度, the four national levels plus "not online". */
export const ONLINE_DEPTHS = ['offline', 'information', 'download', 'online_application', 'full_online'] as const;
export type OnlineDepth = (typeof ONLINE_DEPTHS)[number];

export const ONLINE_DEPTH_LABELS: Record<OnlineDepth, { zh: string; en: string }> = {
  offline: { zh: '不可网办', en: 'Offline only' },
  information: { zh: '一级：信息公开', en: 'Level 1: information' },
  download: { zh: '二级：表格下载', en: 'Level 2: form download' },
  online_application: { zh: '三级：网上预审', en: 'Level 3: online application' },
  full_online: { zh: '四级：全程网办', en: 'Level 4: fully online' },
};

/** 设定依据 / 实施依据: a law, regulation or policy document, the article, and its words. */
export interface LegalBasis {
  /** e.g. 《中华人民共和国建筑法》 */
  document: string;
  /** e.g. 第八条; '' when the whole document is cited */
  article: string;
  /** the quoted provision; '' when not quoted */
  text: string;
}

// ---------------------------------------------------------------------------------
// Materials (申请材料)

export const MATERIAL_REQUIREMENTS = ['required', 'conditional'] as const;
export type MaterialRequirement = (typeof MATERIAL_REQUIREMENTS)[number];

/** 材料形式 */
export const MATERIAL_MEDIA = ['paper', 'electronic', 'paper_or_electronic'] as const;
export type MaterialMedium = (typeof MATERIAL_MEDIA)[number];

/** 原件 / 复印件 */
export const MATERIAL_ORIGINALS = ['original', 'copy', 'original_and_copy'] as const;
export type MaterialOriginal = (typeof MATERIAL_ORIGINALS)[number];

/**
 * 材料来源: the applicant; a government body that issued or holds it (a certificate it issued,
 * a filing it recorded, a record on a government platform); or a third party.
 */
export const MATERIAL_SOURCE_KINDS = ['applicant', 'government', 'third_party'] as const;
export type MaterialSourceKind = (typeof MATERIAL_SOURCE_KINDS)[number];

/**
 * 出具机构类型: who actually issues the document. `kind` says where the applicant gets it;
 * this says what kind of body vouches for it, which decides whether a commitment may stand in
 * for it (an applicant's promise cannot replace a hospital's 出生医学证明).
 */
export const ISSUER_TYPES = ['applicant', 'government', 'hospital', 'public_institution', 'enterprise', 'intermediary', 'judicial', 'other'] as const;
export type IssuerType = (typeof ISSUER_TYPES)[number];

export const ISSUER_TYPE_LABELS: Record<IssuerType, { zh: string; en: string }> = {
  applicant: { zh: '申请人', en: 'Applicant' },
  government: { zh: '政府部门', en: 'Government department' },
  hospital: { zh: '医疗机构', en: 'Medical institution' },
  public_institution: { zh: '事业单位', en: 'Public institution' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  intermediary: { zh: '中介机构', en: 'Intermediary' },
  judicial: { zh: '司法、公证机构', en: 'Court or notary' },
  other: { zh: '其他', en: 'Other' },
};

/**
 * Issuers whose document attests a fact only they can attest (a birth, a medical finding, a
 * judgment): the applicant's commitment cannot replace it, whatever the category says.
 */
export const NOT_REPLACEABLE_BY_COMMITMENT: ReadonlySet<IssuerType> = new Set(['hospital', 'judicial']);

export interface MaterialSource {
  kind: MaterialSourceKind;
  /** Who issues it (出具机构类型); null when not recorded (then `kind` is all that is known). */
  issuerType: IssuerType | null;
  /**
   * A booklet or card shown at the counter and handed back (户口簿 to print a page in, 结婚证):
   * the applicant presents it, so it cannot be "obtained by data sharing" (须现场出示).
   */
  presentOnly: boolean;
  /** No data-sharing channel for it exists in the region yet (暂无共享渠道): it cannot be shared until one does. */
  noSharingChannel: boolean;
  /**
   * Issuing department when kind = government (e.g. ZRZY for 建设工程规划许可证); null for other
   * kinds, and for a government body outside the organisation (then `issuer` names it).
   */
  departmentCode: string | null;
  /** The matter that produces it, when known (e.g. the planning-permit matter's code). */
  matterCode: string | null;
  /** Name of the certificate or licence it is (e.g. 建设工程规划许可证); '' if none. */
  certificate: string;
  /** Who issues it when no department code says so: a third party (施工图审查机构, 银行) or a body outside the organisation (山东省住房和城乡建设厅); '' if none. */
  issuer: string;
  /** Obtained through data sharing (数据共享, 免提交) already: the applicant does not hand it in. */
  dataSharing: boolean;
}

/** Categories a commitment letter may not replace (国办发〔2020〕42号). */
export const COMMITMENT_EXCLUSIONS = ['national_security', 'public_safety', 'financial_prudence', 'ecology', 'life_health'] as const;
export type CommitmentExclusion = (typeof COMMITMENT_EXCLUSIONS)[number];

export const COMMITMENT_EXCLUSION_LABELS: Record<CommitmentExclusion, { zh: string; en: string }> = {
  national_security: { zh: '国家安全、国家秘密', en: 'National security and state secrets' },
  public_safety: { zh: '公共安全', en: 'Public safety' },
  financial_prudence: { zh: '金融业审慎监管', en: 'Prudential financial supervision' },
  ecology: { zh: '生态环境保护', en: 'Ecological and environmental protection' },
  life_health: { zh: '人身健康、生命财产安全', en: 'Life, health and property safety' },
};

/** What kind of document a material is; `proof` (证明材料) is what commitment letters replace. */
export const MATERIAL_CATEGORIES = ['application_form', 'identity', 'licence', 'proof', 'contract', 'drawing', 'report', 'other'] as const;
export type MaterialCategory = (typeof MATERIAL_CATEGORIES)[number];

export interface Material {
  /** Unique within the matter, e.g. 'M01'. */
  id: string;
  /** The name as this matter's list writes it. */
  name: string;
  /** Key into the canonical materials dictionary (src/catalogue/materials.ts), or null if unmatched. */
  canonicalId: string | null;
  category: MaterialCategory;
  requirement: MaterialRequirement;
  /** When it is required, for conditional materials; '' otherwise. */
  condition: string;
  medium: MaterialMedium;
  original: MaterialOriginal;
  /** Number of copies (份数), at least 1. */
  copies: number;
  source: MaterialSource;
  legalBases: LegalBasis[];
  /** The local list allows a commitment letter (告知承诺书) in place of this material. */
  commitmentAllowed: boolean;
  /** Set when the material falls in a category 国办发〔2020〕42号 excludes from commitment. */
  commitmentExclusion: CommitmentExclusion | null;
  /**
   * 收件备查（事中事后核查）: the material is handed in at intake but not examined before the
   * decision; the department checks it in supervision after the decision (国办发〔2019〕11号:
   * conditions whose non-compliance supervision afterwards can correct without serious
   * consequences). It stays a material to submit and is not a commitment — 国办发〔2020〕42号's
   * exclusions still keep it out of the commitment letter — but it does not hold the decision
   * up. null: examined before the decision (the default; files without the column read as null).
   * A material the commitment letter replaces is not handed in, so it cannot have one.
   */
  postDecisionCheck: PostDecisionCheck | null;
}

/** A material received at intake and checked after the decision, and the provision that allows it. */
export interface PostDecisionCheck {
  /** Required: e.g. 国办发〔2019〕11号, 事中事后监管 of engineering-construction approvals. */
  legalBasis: LegalBasis;
}

// ---------------------------------------------------------------------------------
// Steps (办理环节)

export const STEP_KINDS = [
  'intake',
  'review',
  'countersign',
  'decision',
  'stamp',
  'site_inspection',
  'expert_review',
  'publicity',
  'delivery',
  'medical_examination',
  'laboratory_test',
  'card_production',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export const STEP_KIND_LABELS: Record<StepKind, { zh: string; en: string }> = {
  intake: { zh: '受理', en: 'Intake' },
  review: { zh: '审查', en: 'Review' },
  countersign: { zh: '会签', en: 'Countersign' },
  decision: { zh: '决定', en: 'Decision' },
  stamp: { zh: '盖章', en: 'Stamp' },
  site_inspection: { zh: '现场勘验', en: 'Site inspection' },
  expert_review: { zh: '专家评审', en: 'Expert review' },
  publicity: { zh: '公示', en: 'Publicity' },
  delivery: { zh: '送达', en: 'Delivery' },
  medical_examination: { zh: '体检', en: 'Medical examination' },
  laboratory_test: { zh: '检验检测', en: 'Laboratory test' },
  card_production: { zh: '制证', en: 'Card production' },
};

/**
 * Work that is not paperwork: a commitment letter replaces the examination of materials, not a
 * medical examination, a laboratory test or the production of a card, so these keep their
 * working days in a commitment-based service.
 */
export const PHYSICAL_STEP_KINDS: ReadonlySet<StepKind> = new Set(['medical_examination', 'laboratory_test', 'card_production']);

/**
 * Steps where the applicant is present but not at the service hall: an on-site inspection at
 * the applicant's own premises, an examination at a hospital or a test at a laboratory. They
 * are counted as what they are (inspections, examinations), not as visits (跑动).
 */
export const NOT_A_VISIT_STEP_KINDS: ReadonlySet<StepKind> = new Set(['site_inspection', 'medical_examination', 'laboratory_test']);

export interface Step {
  /** Unique within the matter, e.g. 'S01'. */
  id: string;
  name: string;
  kind: StepKind;
  /** Department carrying out the step; a countersign step names the countersigning department. */
  departmentCode: string;
  /** Post that acts, e.g. 窗口受理人员, 科长, 分管局长, 局长. */
  role: string;
  /** Working days the step takes; 0 = done on the spot. */
  workdays: number;
  /** Names of the seals applied in this step (e.g. 行政审批专用章); one entry per stamp. */
  stamps: string[];
  /** The applicant must be there in person. */
  applicantPresent: boolean;
  /** The step could be done online (no physical reason for presence). */
  onlinePossible: boolean;
  legalBases: LegalBasis[];
  /** Steps that run before this one as the process stands (sequence). */
  dependsOn: string[];
  /** Of `dependsOn`, the steps whose result this step really uses; the rest is habit. */
  needsResultOf: string[];
}

// ---------------------------------------------------------------------------------
// Prerequisites and form fields

/** 前置条件: another matter that must be concluded first. */
export interface Prerequisite {
  matterCode: string;
  legalBases: LegalBasis[];
  /** Free note, e.g. why it is needed; '' if none. */
  note: string;
}

export const FIELD_TYPES = ['text', 'number', 'date', 'boolean', 'enum', 'id_number', 'uscc', 'phone', 'address', 'area', 'money'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One field on the matter's application form (申请表). */
export interface FormField {
  /** Unique within the matter's form, e.g. 'F01'. */
  key: string;
  /** The label as this matter's form prints it. */
  label: string;
  /** Key into the canonical form fields (src/catalogue/fields.ts), or null if unmatched. */
  canonicalKey: string | null;
  type: FieldType;
  required: boolean;
  /** Choices for type 'enum'; [] otherwise. */
  options: string[];
  /** Unit for numbers, e.g. 平方米, 万元; '' if none. */
  unit: string;
}

// ---------------------------------------------------------------------------------
// The matter

export const RESULT_KINDS = ['licence', 'certificate', 'approval_document', 'filing_receipt', 'payment', 'other'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

export interface MatterResult {
  /** e.g. 建筑工程施工许可证 */
  name: string;
  kind: ResultKind;
  /**
   * Canonical form fields the result gives (a newborn's registration gives the child's
   * 公民身份号码: `newborn_id_number`). In a bundle, a matter asking for one of them follows the
   * matter that produces it, and the unified form does not ask for it. [] when none.
   */
  fields: string[];
}

export interface MatterFee {
  charged: boolean;
  /** 收费标准, '' when free. */
  standard: string;
  /** 收费依据, '' when free. */
  basis: string;
}

/**
 * 法定办理路径: another way the law itself provides to conclude the matter, beside the one its
 * steps describe — e.g. 《消防法》第十五条: a public gathering place may open on the applicant's
 * commitment, the fire-safety inspection following the decision instead of preceding it. A
 * statutory route is lawful whatever 国办发〔2020〕42号 excludes from commitments in general.
 */
export interface LegalRoute {
  /** Unique within the matter, e.g. 'commitment'. */
  id: string;
  /** e.g. 告知承诺方式 */
  name: string;
  /** The provision that creates the route. */
  legalBasis: LegalBasis;
  /** 承诺办结时限 on this route, in working days. */
  promisedDays: number;
  /** Steps carried out after the decision on this route (the inspection within a time after opening), by id. */
  stepsAfterDecision: string[];
  /** Materials the applicant's commitment replaces on this route, by id. */
  commitmentMaterials: string[];
}

export interface Matter {
  /** 实施编码, stable identifier. */
  code: string;
  name: string;
  kind: MatterKind;
  /** Implementing department (实施主体). */
  departmentCode: string;
  legalBases: LegalBasis[];
  /** 法定办结时限 in working days; null when the law sets none. */
  statutoryDays: number | null;
  /** 承诺办结时限 in working days; 0 = instant. */
  promisedDays: number;
  /** 到办事现场次数. */
  visits: number;
  fee: MatterFee;
  onlineDepth: OnlineDepth;
  result: MatterResult;
  materials: Material[];
  steps: Step[];
  prerequisites: Prerequisite[];
  formFields: FormField[];
  /** Alternative routes the law provides; [] when none. */
  routes: LegalRoute[];
  /** The route the matter follows (an id of `routes`); null = the one its steps describe. */
  route: string | null;
}

// ---------------------------------------------------------------------------------
// Versions and catalogues

/** A matter is inventoried as it is (现状) and, once redesigned, as it should be (再造后). */
export const VERSION_STAGES = ['as_is', 'to_be'] as const;
export type VersionStage = (typeof VERSION_STAGES)[number];

/** Every change makes a new version; numbers count up per matter across both stages. */
export interface MatterVersion {
  matterCode: string;
  version: number;
  stage: VersionStage;
  /** ISO timestamp. */
  createdAt: string;
  /** Username of whoever made it (or 'system'). */
  createdBy: string;
  note: string;
  matter: Matter;
}

export interface CatalogueDepartment {
  code: string;
  name: string;
  regionCode: string;
}

/** A canonical material a catalogue adds to the platform's dictionary (src/catalogue/dictionaries.ts). */
export interface DictionaryMaterial {
  id: string;
  /** The standard Chinese name, e.g. 出生医学证明. */
  name: string;
  /** Other names lists use for it. */
  synonyms: string[];
  category: MaterialCategory;
  /** The certificate it is, for a licence or certificate; '' otherwise. */
  certificate: string;
  commitmentExclusion: CommitmentExclusion | null;
}

/** A canonical form field a catalogue adds to the platform's dictionary. */
export interface DictionaryField {
  id: string;
  /** The label the unified form prints, e.g. 新生儿血型. */
  name: string;
  synonyms: string[];
  type: FieldType;
  unit: string;
}

export interface CatalogueDictionaries {
  materials: DictionaryMaterial[];
  fields: DictionaryField[];
}

/** What files hold and the generator makes: the matters of a region and their departments. */
export interface Catalogue {
  regionCode: string;
  departments: CatalogueDepartment[];
  matters: Matter[];
  /** Canonical materials and fields the catalogue adds (absent or empty: the platform's alone). */
  dictionaries?: CatalogueDictionaries;
}

// ---------------------------------------------------------------------------------
// Figures (computed from a matter version, never typed in)

export interface MatterFigures {
  /** Materials listed. */
  materials: number;
  /** Materials the applicant must still hand in: not government-held, not shared, not replaced by commitment. */
  materialsToSubmit: number;
  steps: number;
  /** Distinct departments among the matter's and its steps' departments. */
  departments: number;
  stamps: number;
  countersigns: number;
  visits: number;
  promisedDays: number;
  /** Longest path through the steps in working days (dependsOn order). */
  criticalPathDays: number;
}

// ---------------------------------------------------------------------------------
// Reengineering ledger (流程再造事项台账)

export const LEDGER_STATUSES = ['planned', 'in_progress', 'done', 'verified'] as const;
export type LedgerStatus = (typeof LEDGER_STATUSES)[number];

export const LEDGER_STATUS_LABELS: Record<LedgerStatus, { zh: string; en: string }> = {
  planned: { zh: '计划', en: 'Planned' },
  in_progress: { zh: '推进中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
  verified: { zh: '已验收', en: 'Verified' },
};

/** planned → in_progress → done → verified; a done item may go back to in_progress when verification fails. */
export const LEDGER_TRANSITIONS: Record<LedgerStatus, LedgerStatus[]> = {
  planned: ['in_progress'],
  in_progress: ['done'],
  done: ['verified', 'in_progress'],
  verified: [],
};

/** A matter the item reengineers, with the versions its before/after figures come from. */
export interface LedgerMatterRef {
  matterCode: string;
  /** The as-is version the item starts from (fixed when the item is created). */
  beforeVersion: number;
  /** The to-be version that delivers the item; null = the matter's latest to-be version, if any. */
  afterVersion: number | null;
}

export interface LedgerAttachment {
  id: number;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

export interface LedgerItem {
  id: number;
  regionCode: string;
  /** Responsible unit (责任单位). */
  departmentCode: string;
  matters: LedgerMatterRef[];
  /** 发现问题 */
  problem: string;
  /** 再造措施 */
  measure: string;
  /** 责任人 */
  owner: string;
  /** 'YYYY-MM-DD' the clock starts. */
  startDate: string;
  /** 完成时限 in working days from startDate. */
  deadlineWorkdays: number;
  /** startDate + deadlineWorkdays working days, via src/calendar. */
  deadline: string;
  /** True when the deadline was computed on a provisional year (暂定); recomputed when the official year is loaded. */
  deadlineProvisional: boolean;
  status: LedgerStatus;
  attachments: LedgerAttachment[];
  createdAt: string;
  updatedAt: string;
}
