// The reengineering analyzer (M2): types only. A rule is a file in ./rules that exports
// `meta` (id, default severity, type, bilingual docs citing the reform principle, whether it
// fixes, its messages as zh/en templates, the JSON Schema of its options and their
// defaults) and `create(context)`, which returns visitors: the runner walks the catalogue
// once and calls them; they report findings through the context. A finding says
// where (matter, step, material, prerequisite), why (zh-CN and en), and — where the rule
// can — how: a fix is data, a list of operations that turn a matter into its to-be
// version. Fixes never touch the as-is version (see fix.ts).
import type { Catalogue, CatalogueDepartment, Matter, MatterFigures } from '../catalogue/model.js';

export const SEVERITIES = ['error', 'warning', 'suggestion'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SEVERITY_LABELS: Record<Severity, { zh: string; en: string }> = {
  error: { zh: '错误', en: 'Error' },
  warning: { zh: '警告', en: 'Warning' },
  suggestion: { zh: '建议', en: 'Suggestion' },
};

/**
 * `problem`: the process breaks a rule or cannot work as written (no legal basis, a
 * prerequisite cycle, a promise beyond the statutory limit). `waste`: it works, but the
 * reform cuts it (extra reviews, serial countersigns, materials the government holds).
 */
export const RULE_TYPES = ['problem', 'waste'] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** The reform principles the rules enforce, in the words of the reform (and the State Council documents behind it). */
export const PRINCIPLES = {
  legal_basis: {
    zh: '凡是没有法律法规依据的程序坚决减掉',
    en: 'Every procedure without a basis in law or regulation is cut',
  },
  mutual_prerequisite: {
    zh: '凡是互为前置的环节坚决减掉',
    en: 'Steps that are each other’s prerequisite are cut',
  },
  unnecessary_review: {
    zh: '没有必要的审核、会签和盖章坚决减掉',
    en: 'Unnecessary reviews, countersigns and stamps are cut',
  },
  parallel_approval: {
    zh: '并联审批：相互没有依赖的环节同时办理',
    en: 'Parallel approval: steps that do not depend on each other run at the same time',
  },
  data_sharing: {
    zh: '政府部门核发的材料通过数据共享获取，申请人免提交',
    en: 'What a government department issued is obtained by data sharing; the applicant need not submit it',
  },
  commitment: {
    zh: '证明事项告知承诺制（国办发〔2020〕42号），涉及国家安全、公共安全、金融业审慎监管、生态环境保护和人身健康、生命财产安全的除外',
    en: 'Commitment instead of proof (State Council General Office 2020 No. 42), except national security, public safety, prudential financial supervision, ecology and life, health and property safety',
  },
  one_set_of_materials: {
    zh: '一套材料、一次提交、多次复用',
    en: 'One set of materials, submitted once, reused',
  },
  time_limit: {
    zh: '承诺时限不超过法定时限，且按实际所需压缩',
    en: 'Promised limits never exceed the statutory limit and shrink to what the work needs',
  },
  one_visit: {
    zh: '一门、一窗、一次：最多跑一次',
    en: 'One door, one window, one visit: at most one visit',
  },
} as const satisfies Record<string, { zh: string; en: string }>;
export type Principle = keyof typeof PRINCIPLES;

export interface Text {
  zh: string;
  en: string;
}

export interface RuleDocs extends Text {
  principle: Principle;
}

/**
 * A message in both languages; `{{name}}` stands for `data.name` (a number, a string, or a
 * Text, whose zh goes into the zh template and en into the en one).
 */
export type MessageTemplate = Text;
export type MessageData = Readonly<Record<string, string | number | Text>>;

/** The JSON Schema (draft 7, checked by ajv) of a rule's options: an object schema. */
export interface OptionsSchema {
  type: 'object';
  properties: Record<string, object>;
  additionalProperties: false;
  [keyword: string]: unknown;
}

export interface RuleMeta<O extends object = object, M extends string = string> {
  /** kebab-case, equal to the file name in ./rules. */
  id: string;
  /** Severity unless a region configures another. */
  severity: Severity;
  type: RuleType;
  docs: RuleDocs;
  /** The rule attaches fixes to (some of) its findings. */
  fixable: boolean;
  /**
   * `matter`: the rule judges each matter its `matter` visitor is given on its own (names of
   * others may come from `context.index`), so after a fix only the changed matters are judged
   * again. `catalogue`: it looks across matters (prerequisite graph, materials of others)
   * and always sees the whole catalogue.
   */
  scope: 'matter' | 'catalogue';
  /** Every text the rule shows (findings, fixes, fragments of them), by message id. */
  messages: Record<M, MessageTemplate>;
  /** What a region may set in `options`; a configuration that breaks it is refused, naming rule and option. */
  schema: OptionsSchema;
  /** Thresholds and switches; a region may override any of them. */
  defaultOptions: O;
}

// ---------------------------------------------------------------------------------
// Findings and fixes

export interface FindingLocation {
  matter: string;
  /** Step id within the matter. */
  step?: string;
  /** Material id within the matter. */
  material?: string;
  /** Code of the prerequisite matter. */
  prerequisite?: string;
}

/**
 * One edit of a matter. Operations refer to ids, not to positions, and are applied to the
 * matter as it is at that moment, so fixes of several rules compose; an operation whose
 * target is already gone does nothing.
 */
export type FixOperation =
  /** Remove a step; steps after it wait for what it waited for. */
  | { op: 'removeStep'; step: string }
  /** Move a step's stamps into another step (duplicates folded), then remove it. */
  | { op: 'foldStep'; step: string; into: string }
  /** Stop waiting for `drop` (habit, not need): wait for what they waited for instead. */
  | { op: 'parallelizeStep'; step: string; drop: string[] }
  | { op: 'setStepPresence'; step: string; applicantPresent: boolean }
  | { op: 'removeMaterial'; material: string }
  /** The government obtains it by data sharing (免提交). */
  | { op: 'obtainBySharing'; material: string }
  | { op: 'setCommitmentAllowed'; material: string; allowed: boolean }
  | { op: 'removePrerequisite'; prerequisite: string }
  /** Follow a legal route the law provides (its promise, its steps after the decision, its commitments). */
  | { op: 'chooseRoute'; route: string }
  | { op: 'setPromisedDays'; days: number }
  | { op: 'setVisits'; visits: number };

export interface Fix {
  matter: string;
  description: Text;
  operations: FixOperation[];
  /**
   * The fix is a proposal the office must accept explicitly (a material without its own
   * citation that serves a matter with a basis: the office may keep it). `analyze()` leaves it
   * out of the to-be version, and applying "every fix" of a matter skips it; naming the
   * finding, or accepting it, applies it.
   */
  decisionRequired?: true;
}

/** What a rule knows beyond the message: the whole cycle, the days saved, the other matter ... */
export interface FindingDetails {
  /** mutual-prerequisite: the matters of the cycle in order; the first waits for the second ... the last for the first. */
  cycle?: string[];
  /** Departments along the cycle or chain, in the same order. */
  departments?: string[];
  /** long-prerequisite-chain: the chain from the first prerequisite to the matter. */
  chain?: string[];
  /** Working days (chain length, critical path, promised ...). */
  workdays?: number;
  /** Working days the fix saves on the matter's critical path. */
  savedDays?: number;
  /** The other matter that asks for the same material. */
  otherMatter?: string;
  otherMaterial?: string;
  /** Stamps applied over the whole matter. */
  stamps?: number;
  /** Steps concerned beyond the location (a ladder of reviews, a run of countersigns). */
  steps?: string[];
}

export interface Finding {
  rule: string;
  severity: Severity;
  /** Code of the matter the finding is about (= location.matter). */
  matter: string;
  location: FindingLocation;
  message: Text;
  fix?: Fix;
  details?: FindingDetails;
}

// ---------------------------------------------------------------------------------
// Rules

/** Facts about the catalogue every rule may ask for; computed once per run. */
export interface CatalogueIndex {
  matters: ReadonlyMap<string, Matter>;
  departments: ReadonlyMap<string, CatalogueDepartment>;
  /** Department name for messages (the code when unknown). */
  departmentName(code: string): string;
  /** Matter name for messages (the code when unknown). */
  matterName(code: string): string;
  /** Matter code → the codes of its prerequisites that are in the catalogue (computed once). */
  prerequisiteGraph(): ReadonlyMap<string, readonly string[]>;
  /** Strongly connected components of that graph, successors first (computed once). */
  prerequisiteComponents(): readonly string[][];
}

export interface Report<M extends string = string> {
  location: FindingLocation;
  messageId: M;
  data?: MessageData;
  fix?: Omit<Fix, 'matter' | 'description'> & { messageId: M; data?: MessageData };
  details?: FindingDetails;
  /** Only for findings the law makes errors whatever the region configured (promised > statutory). */
  severity?: Severity;
}

export interface RuleContext<O extends object = object, M extends string = string> {
  catalogue: Catalogue;
  index: CatalogueIndex;
  /** Defaults merged with the region's overrides. */
  options: O;
  severity: Severity;
  /** Records a finding of this rule; its message and fix description come from `meta.messages`. */
  report(report: Report<M>): void;
  /** One of the rule's messages filled in: a fragment to pass as data to another. */
  text(messageId: M, data?: MessageData): Text;
}

/**
 * What a rule looks at. The runner walks the catalogue once for all rules, in catalogue
 * order; a rule's findings keep the order it reported them in.
 */
export interface RuleVisitors {
  /**
   * Each matter to judge. For rules of scope `matter`, after a fix only the matters it
   * changed; rules of scope `catalogue` see every matter.
   */
  matter?(matter: Matter): void;
  /** After the last matter: what looks across matters (cycles, materials of others). */
  'catalogue:exit'?(): void;
}

export interface Rule<O extends object = object, M extends string = string> {
  meta: RuleMeta<O, M>;
  /** Called once per run with the options resolved; reports through `context.report`. */
  create(context: RuleContext<O, M>): RuleVisitors;
}

// ---------------------------------------------------------------------------------
// Configuration (per region)

export type RuleSetting = 'off' | Severity | { severity?: Severity | 'off'; options?: Record<string, unknown> };

/** Rule id → setting; rules not named run with their defaults. */
export type RuleConfig = Record<string, RuleSetting>;

// ---------------------------------------------------------------------------------
// Figures and the result of a run

export interface GroupFigures extends MatterFigures {
  matters: number;
}

export interface FiguresSet {
  catalogue: GroupFigures;
  /** By implementing department. */
  departments: Record<string, GroupFigures>;
  matters: Record<string, MatterFigures>;
}

export interface AnalysisResult {
  regionCode: string;
  findings: Finding[];
  /** Findings still there after every fix was applied (errors without a fix, cycles with a legal basis ...). */
  remaining: Finding[];
  figures: { asIs: FiguresSet; toBe: FiguresSet };
  /** The to-be matters (only those a fix changed). */
  toBe: Matter[];
}
