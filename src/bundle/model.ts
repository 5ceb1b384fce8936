// One-thing bundles (一件事一次办, M3): several matters merged into one service with one
// application form, one list of materials, one commitment letter (告知承诺书), one parallel
// internal process and one combined time limit. Types only; the pure functions that build a
// draft live beside this file (form.ts, materials.ts, letter.ts, process.ts, merge.ts), the
// database in store.ts.
//
// Every figure of a draft is computed from the catalogue and the analyzer's rules: nothing
// is typed in. A draft keeps what it was computed from (the as-is matters' codes and the
// rules that ran), so it can be recomputed and compared.
import type { CommitmentExclusion, FieldType, LegalBasis, MaterialCategory, Step } from '../catalogue/model.js';
import type { Finding } from '../analyzer/model.js';
import type { BundleReliance } from './reliances.js';
import type { Text } from '../shared/text.js';
import { DomainError } from '../shared/errors.js';

export type { Text };

// ---------------------------------------------------------------------------------
// Errors: bad input is refused whole, with a message in both languages saying which and why.

export const BUNDLE_ERROR_CODES = [
  'invalid_name',
  'too_few_matters',
  'duplicate_matters',
  'unknown_matters',
  'field_conflict',
  'prerequisite_cycle',
  'invalid_decision',
  'invalid_window_department',
] as const;
export type BundleErrorCode = (typeof BUNDLE_ERROR_CODES)[number];

/** A draft that cannot be merged: answered 422 as `bundle_<code>`. */
export class BundleError extends DomainError {
  constructor(
    readonly code: BundleErrorCode,
    messages: Text,
    /** Which matters, fields or cycles: for the UI to point at. */
    details?: unknown,
  ) {
    super(422, `bundle_${code}`, messages, details);
    this.message = `${messages.zh} / ${messages.en}`;
  }
}

// ---------------------------------------------------------------------------------
// The unified application form

/** How one matter's form defines a field that the bundle merges. */
export interface FieldDefinition {
  matterCode: string;
  /** The field's key on that matter's form. */
  fieldKey: string;
  label: string;
  type: FieldType;
  unit: string;
  options: string[];
  required: boolean;
}

/**
 * Two or more matters define the same canonical field differently. `type` conflicts across
 * families of values (a date against a number) are irreconcilable without a decision; a
 * different unit, numeric flavour or set of choices is reconciled by a stated default that
 * the reform office confirms or overrides.
 */
export interface FieldConflict {
  canonicalKey: string;
  aspects: Array<'type' | 'unit' | 'options'>;
  reconcilable: boolean;
  definitions: FieldDefinition[];
  /** What the unified form uses: the decision when one was given, else the default. */
  chosen: { type: FieldType; unit: string; options: string[] };
  /** A decision was given for this field. */
  decided: boolean;
  message: Text;
}

/** The reform office's decision on a conflicting field. */
export interface FieldDecision {
  type?: FieldType;
  unit?: string;
  options?: string[];
}

export interface UnifiedField {
  /** The canonical field key, or `<matter code>:<field key>` for a field no dictionary entry matches. */
  key: string;
  canonicalKey: string | null;
  /** zh-CN label: the canonical name, or the matter's own label. */
  label: string;
  type: FieldType;
  unit: string;
  options: string[];
  required: boolean;
  /** Matters that ask for it, in bundle order. */
  matters: string[];
  /** The labels the matters' own forms print for it (synonyms folded into one field). */
  labels: string[];
}

export interface UnifiedForm {
  title: string;
  fields: UnifiedField[];
  /** JSON Schema (draft 2020-12) the one-window intake validates an application against. */
  schema: Record<string, unknown>;
  conflicts: FieldConflict[];
  /** Fields asked by several matters and asked once now. */
  duplicatesRemoved: number;
  /** Fields that ask for the number of a certificate another bundled matter issues: not asked. */
  producedInside: Array<{ matterCode: string; fieldKey: string; label: string; producedBy: string }>;
}

// ---------------------------------------------------------------------------------
// Materials

/**
 * What happens to a material in the bundle:
 * - `form`: an application form of one matter, replaced by the unified form;
 * - `bundle_result`: the result of another matter of the bundle, produced inside it;
 * - `shared`: issued by a government department, obtained by data sharing (免提交);
 * - `commitment`: a proof the commitment letter replaces (告知承诺);
 * - `submit`: the applicant still hands it in (once, for every matter that needs it).
 */
export const MATERIAL_DISPOSITIONS = ['submit', 'commitment', 'shared', 'bundle_result', 'form'] as const;
export type MaterialDisposition = (typeof MATERIAL_DISPOSITIONS)[number];

export const MATERIAL_DISPOSITION_LABELS: Record<MaterialDisposition, Text> = {
  submit: { zh: '申请人提交', en: 'Submitted by the applicant' },
  commitment: { zh: '告知承诺替代', en: 'Replaced by the commitment letter' },
  shared: { zh: '数据共享获取（免提交）', en: 'Obtained by data sharing' },
  bundle_result: { zh: '由本件事内部产生', en: 'Produced within the bundle' },
  form: { zh: '并入统一申请表', en: 'Merged into the unified form' },
};

/** The mark of a `submit` material received at intake and checked after the decision (收件备查). */
export const CHECKED_AFTER_DECISION_LABEL: Text = { zh: '收件备查，决定后事中事后核查', en: 'received now, checked after the decision' };

export interface MaterialUse {
  matterCode: string;
  materialId: string;
  /** The name this matter's list gives it. */
  name: string;
}

export interface BundleMaterial {
  /** The canonical material id, or `name:<normalised name>` for an unmatched one. */
  key: string;
  canonicalId: string | null;
  name: string;
  category: MaterialCategory;
  disposition: MaterialDisposition;
  /** Required by at least one matter (else only conditionally). */
  required: boolean;
  /** Conditions under which a conditional material is needed, from the matters. */
  conditions: string[];
  uses: MaterialUse[];
  /** For `shared`: who issues it; for `bundle_result`: the matter of the bundle that produces it. */
  issuer: string;
  /** For `shared`: the issuing department's code, when a department issues it. */
  issuerDepartmentCode: string | null;
  legalBases: LegalBasis[];
  commitmentExclusion: CommitmentExclusion | null;
  /**
   * For `submit`: received at intake and checked after the decision (收件备查、事中事后核查,
   * `Material.postDecisionCheck`) by `matters` — they do not examine it before deciding, so it
   * keeps no branch from being commitment-based — with the provisions that allow it. It is
   * still handed in and is not a commitment. null when no matter checks it after the decision.
   */
  checkedAfterDecision: { matters: string[]; legalBases: LegalBasis[] } | null;
}

/** A material the analyzer's fixes removed from a matter (no legal basis, asked twice ...). */
export interface RemovedMaterial {
  matterCode: string;
  materialId: string;
  name: string;
  canonicalId: string | null;
}

// ---------------------------------------------------------------------------------
// The commitment letter (告知承诺书), as 国办发〔2020〕42号 sets out its contents

export interface Commitment {
  /** 1-based number on the letter. */
  no: number;
  /** The bundle material it replaces. */
  materialKey: string;
  /** The proof it replaces, e.g. 施工场地已基本具备施工条件的证明. */
  proof: string;
  /** What the applicant commits to (承诺内容). */
  content: Text;
  /** The provisions that require the condition (the proof's, else its matters'). */
  legalBases: LegalBasis[];
  matters: string[];
  /** The applicant's duty (证明义务 now discharged by the commitment). */
  duty: Text;
  /** How and when the department checks afterwards (核查方式). */
  verification: Text;
}

export interface CommitmentLetter {
  title: string;
  bundleName: string;
  /** 国办发〔2020〕42号, cited on the letter. */
  basis: LegalBasis;
  /** What the administration tells the applicant (告知内容). */
  notice: Text[];
  commitments: Commitment[];
  /** The consequences of a false commitment (不实承诺的法律责任). */
  consequences: Text;
  /** The applicant's declaration above the signature. */
  declaration: Text;
  /**
   * Proofs that stay required because 国办发〔2020〕42号 excludes their category;
   * `checkedAfterDecision`: handed in, but checked after the decision (收件备查), not before.
   */
  excluded: Array<{ materialKey: string; name: string; exclusion: CommitmentExclusion; checkedAfterDecision: boolean }>;
}

// ---------------------------------------------------------------------------------
// The internal process

export interface Branch {
  matterCode: string;
  matterName: string;
  departmentCode: string;
  /** The flattened steps that remain in the branch (the joint intake and delivery are outside). */
  steps: Step[];
  /** Critical path of the branch in working days, as the bundle runs it. */
  workdays: number;
  /** Critical path of the flattened steps before commitment (what the department needs without it). */
  stepWorkdays: number;
  /**
   * The department has nothing left to examine before the decision but the unified form and
   * the commitment letter (materials received for a post-decision check included): it decides
   * on the spot (当场办结) and checks afterwards.
   */
  commitmentBased: boolean;
  /** Materials the branch still examines before the decision (why it is not commitment-based). */
  toExamine: string[];
  /** Materials the branch receives and checks after the decision (收件备查), not before. */
  checkedAfterDecision: string[];
  /** Result the branch contributes to the result package. */
  result: string;
  /** Bundled matters whose result this one needs first (src/bundle/order.ts); [] = none. */
  follows: string[];
  /** Stage the branch runs in: 0 right after the joint intake, k once stage k-1 is done. */
  stage: number;
}

export interface BundleProcess {
  /** BPMN process id (an XML NCName). */
  processId: string;
  branches: Branch[];
  /** Combined time limit: the longest branch of each stage, summed, in working days; 0 = instant (即办). */
  workdays: number;
  /** The branch that sets the time limit (null when instant). */
  criticalBranch: string | null;
  /** BPMN 2.0 XML with diagram interchange. */
  bpmnXml: string;
}

// ---------------------------------------------------------------------------------
// Figures and the draft

export const FIGURE_KEYS = [
  'matters',
  'forms',
  'formFields',
  'materials',
  'steps',
  'departments',
  'stamps',
  'countersigns',
  'visits',
  'inspections',
  'examinations',
  'promisedWorkdaysSum',
  'promisedWorkdays',
] as const;
export type FigureKey = (typeof FIGURE_KEYS)[number];
/** Figures added after bundles were first saved: null in a bundle saved before they existed. */
export const LATER_FIGURE_KEYS = ['formFields', 'inspections', 'examinations', 'promisedWorkdaysSum'] as const satisfies readonly FigureKey[];
type LaterFigureKey = (typeof LATER_FIGURE_KEYS)[number];

/**
 * visits: trips to the service hall (跑动); inspections: on-site inspections at the applicant's
 * premises; examinations: medical examinations and laboratory tests. promisedWorkdaysSum: the
 * promised limits added up, as governments publish them; promisedWorkdays: the longest wait,
 * the critical path (before: the longest promise when all are applied for at once).
 */
export type BeforeFigures = Record<Exclude<FigureKey, LaterFigureKey>, number> & Record<LaterFigureKey, number | null>;
export type AfterFigures = BeforeFigures & { commitmentLetters: number };

export const FIGURE_LABELS: Record<FigureKey | 'commitmentLetters', Text> = {
  matters: { zh: '事项', en: 'Matters' },
  forms: { zh: '申请表', en: 'Application forms' },
  materials: { zh: '需提交材料', en: 'Materials to submit' },
  steps: { zh: '环节', en: 'Steps' },
  departments: { zh: '部门', en: 'Departments' },
  stamps: { zh: '盖章', en: 'Stamps' },
  countersigns: { zh: '会签', en: 'Countersigns' },
  formFields: { zh: '表单字段', en: 'Form fields' },
  visits: { zh: '跑动次数', en: 'Visits' },
  inspections: { zh: '现场勘验', en: 'On-site inspections' },
  examinations: { zh: '体检与检验检测', en: 'Examinations and tests' },
  promisedWorkdaysSum: { zh: '承诺时限合计（工作日）', en: 'Promised working days, summed' },
  promisedWorkdays: { zh: '办理用时（工作日，关键路径）', en: 'Working days (critical path)' },
  commitmentLetters: { zh: '承诺书', en: 'Commitment letters' },
};

/** A prerequisite between two bundled matters, and what the bundle did with it. */
export interface BundlePrerequisite {
  matterCode: string;
  prerequisite: string;
  hasLegalBasis: boolean;
  /** `cut`: removed by the analyzer's fix (no legal basis); `joint`: satisfied by the joint decision. */
  outcome: 'cut' | 'joint';
}

export interface BundleDraft {
  name: string;
  regionCode: string;
  matterCodes: string[];
  form: UnifiedForm;
  materials: BundleMaterial[];
  removedMaterials: RemovedMaterial[];
  letter: CommitmentLetter;
  process: BundleProcess;
  prerequisites: BundlePrerequisite[];
  /** Every fix and replacement the draft relies on, each vetoable (absent in versions saved before vetoes existed). */
  reliances?: BundleReliance[];
  /** Analyzer findings on the bundled matters that no fix resolves (for the reform office). */
  openFindings: Array<Pick<Finding, 'rule' | 'severity' | 'matter' | 'message'>>;
  before: BeforeFigures;
  after: AfterFigures;
  /** The legal bases of the bundled matters (the service rests on theirs). */
  legalBases: LegalBasis[];
  /** Fees of the bundled matters that charge one (the bundle charges nothing of its own). */
  fees: Array<{ matterCode: string; standard: string; basis: string }>;
  /** Results delivered together (大礼包). */
  resultPackage: Array<{ matterCode: string; result: string; departmentCode: string }>;
}
