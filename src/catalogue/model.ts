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
//
// A matter's materials are in ./model/materials.ts, the reengineering ledger's items in
// ./model/ledger.ts; this module exports them too.
import type { CommitmentExclusion, Material, MaterialCategory } from './model/materials.js';

export * from './model/materials.js';
export * from './model/ledger.js';

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
