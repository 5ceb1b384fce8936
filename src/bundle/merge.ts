// Creating a bundle draft: check the input, flatten every matter with the analyzer's fixes,
// then merge — one form, one material list, one commitment letter, one parallel process,
// one time limit — and count before and after. Pure: data in, data out; nothing is saved.
import { mustSubmit } from '../analyzer/figures.js';
import type { RuleConfig } from '../analyzer/model.js';
import { analyze } from '../analyzer/runner.js';
import { elementaryCycles, stronglyConnectedComponents } from '../analyzer/graph.js';
import { NOT_A_VISIT_STEP_KINDS, type Catalogue, type Matter, type Step } from '../catalogue/model.js';
import { dictionariesOf } from '../catalogue/dictionaries.js';
import { mergeForms } from './form.js';
import { buildLetter } from './letter.js';
import { mergeMaterials, unionBases } from './materials.js';
import { BundleError, type AfterFigures, type BeforeFigures, type BundleDraft, type BundlePrerequisite, type FieldDecision } from './model.js';
import { joinInspections } from './inspections.js';
import { orderBranches } from './order.js';
import { branchOf, buildProcess, ncName } from './process.js';
import { applyMaterialVetoes, fixCollector, fixRelianceKey } from './reliances.js';

export interface CreateBundleInput {
  name: string;
  /** Matter codes, in the order the bundle lists them; the first is the lead matter. */
  matterCodes: readonly string[];
  /** Decisions on conflicting form fields, by canonical field key. */
  decisions?: Readonly<Record<string, FieldDecision>>;
  /** The region's analyzer configuration (which rules flatten the matters). */
  ruleConfig?: RuleConfig;
  /** BPMN process id; default derived from the name. */
  processId?: string;
  /** Department of the one window; default the lead matter's department. */
  leadDepartment?: string;
  /** Keys of the fixes and replacements the reform office vetoed in this bundle (`reliances.ts`). */
  vetoes?: readonly string[];
  /**
   * Fix keys (`fixRelianceKey`) of the findings the office accepted in the analyzer, for that
   * matter as it stands: their fixes that await a decision (`decisionRequired`) are applied
   * too, listed among the reliances and vetoable there. Rejected or deferred ones are not.
   */
  acceptedFixes?: readonly string[];
}

const MAX_NAME = 100;

/** Checks the input against the catalogue; returns the matters in bundle order. */
export function selectMatters(catalogue: Catalogue, input: CreateBundleInput): Matter[] {
  const name = input.name.trim();
  if (!name || name.length > MAX_NAME) {
    throw new BundleError('invalid_name', { zh: `一件事名称须为 1 至 ${MAX_NAME} 个字符`, en: `the bundle name must be 1 to ${MAX_NAME} characters` });
  }
  const codes = input.matterCodes.map((c) => c.trim()).filter(Boolean);
  const duplicates = [...new Set(codes.filter((c, i) => codes.indexOf(c) !== i))];
  if (duplicates.length) {
    throw new BundleError(
      'duplicate_matters',
      { zh: `事项重复选择：${duplicates.join('、')}`, en: `matters chosen more than once: ${duplicates.join(', ')}` },
      { codes: duplicates },
    );
  }
  const byCode = new Map(catalogue.matters.map((m) => [m.code, m]));
  const unknown = codes.filter((c) => !byCode.has(c));
  if (unknown.length) {
    throw new BundleError(
      'unknown_matters',
      { zh: `事项清单中没有以下事项编码：${unknown.join('、')}`, en: `no matter with these codes in the catalogue of ${catalogue.regionCode}: ${unknown.join(', ')}` },
      { codes: unknown },
    );
  }
  if (codes.length < 2) {
    throw new BundleError(
      'too_few_matters',
      {
        zh: `一件事至少合并两个事项，当前只有 ${codes.length} 个${codes.length ? `（${codes[0]}）` : ''}；单个事项请直接在事项清单中再造`,
        en: `a bundle merges at least two matters; got ${codes.length}${codes.length ? ` (${codes[0]})` : ''} — redesign a single matter in the catalogue instead`,
      },
      { codes },
    );
  }
  return codes.map((c) => byCode.get(c)!);
}

/** Mutual prerequisites left among the bundled matters after the fixes: a bundle cannot hold them. */
function checkCycles(toBe: readonly Matter[], names: ReadonlyMap<string, string>): void {
  const codes = new Set(toBe.map((m) => m.code));
  const graph = new Map(toBe.map((m) => [m.code, m.prerequisites.map((p) => p.matterCode).filter((c) => codes.has(c))]));
  const tangles = stronglyConnectedComponents(graph).filter((c) => c.length > 1 || graph.get(c[0])!.includes(c[0]));
  if (!tangles.length) return;
  const cycles = tangles.flatMap((c) => elementaryCycles(graph, c, 5));
  const show = (cycle: string[], sep: string) => [...cycle, cycle[0]].map((c) => `${names.get(c) ?? c}（${c}）`).join(sep);
  throw new BundleError(
    'prerequisite_cycle',
    {
      zh: `所选事项互为前置：${cycles.map((c) => show(c, ' → ')).join('；')}。环上每一处前置都有法律依据，分析器无法取消，须先提请顶格协调理顺前置关系，再合并为一件事。`,
      en: `the chosen matters are each other’s prerequisites: ${cycles.map((c) => c.join(' → ') + ` → ${c[0]}`).join('; ')}. Every link in the cycle has a legal basis, so the analyzer cannot remove it: take it to top-level coordination before bundling.`,
    },
    { cycles },
  );
}

function distinctDepartments(matters: readonly Matter[]): number {
  const d = new Set<string>();
  for (const m of matters) {
    d.add(m.departmentCode);
    for (const s of m.steps) d.add(s.departmentCode);
  }
  return d.size;
}

/** On-site inspections and examinations (medical, laboratory) among steps: not visits to the hall. */
function countNonVisits(steps: readonly Step[]): { inspections: number; examinations: number } {
  let inspections = 0;
  let examinations = 0;
  for (const s of steps) {
    if (s.kind === 'site_inspection') inspections++;
    else if (s.kind === 'medical_examination' || s.kind === 'laboratory_test') examinations++;
  }
  return { inspections, examinations };
}

export function beforeFigures(matters: readonly Matter[]): BeforeFigures {
  let materials = 0;
  let steps = 0;
  let stamps = 0;
  let countersigns = 0;
  let visits = 0;
  let forms = 0;
  let formFields = 0;
  let promised = 0;
  let promisedSum = 0;
  for (const m of matters) {
    materials += m.materials.filter(mustSubmit).length;
    steps += m.steps.length;
    for (const s of m.steps) {
      stamps += s.stamps.length;
      if (s.kind === 'countersign') countersigns++;
    }
    visits += m.visits;
    if (m.formFields.length > 0 || m.materials.some((x) => x.category === 'application_form')) forms++;
    formFields += m.formFields.length;
    // Applied for at the same time, the applicant waits at least for the longest promise;
    // prerequisites between them only make it longer.
    promised = Math.max(promised, m.promisedDays);
    promisedSum += m.promisedDays;
  }
  return {
    matters: matters.length,
    forms,
    formFields,
    materials,
    steps,
    departments: distinctDepartments(matters),
    stamps,
    countersigns,
    visits,
    ...countNonVisits(matters.flatMap((m) => m.steps)),
    promisedWorkdaysSum: promisedSum,
    promisedWorkdays: promised,
  };
}

/** Creates a bundle draft from the catalogue. Throws BundleError on bad input; saves nothing. */
export function createBundleDraft(catalogue: Catalogue, input: CreateBundleInput): BundleDraft {
  const asIs = selectMatters(catalogue, input);
  const name = input.name.trim();
  const deptNames = new Map(catalogue.departments.map((d) => [d.code, d.name]));
  const departmentName = (c: string) => deptNames.get(c) ?? c;
  const names = new Map(asIs.map((m) => [m.code, m.name]));

  // Flatten: the analyzer's fixes over the bundled matters.
  const vetoes = new Set(input.vetoes ?? []);
  const fixes = fixCollector(vetoes);
  const accepted = new Set(input.acceptedFixes ?? []);
  const analysis = analyze(
    { regionCode: catalogue.regionCode, departments: catalogue.departments, matters: asIs },
    { config: input.ruleConfig, acceptFix: fixes.accept, acceptDecided: (f) => accepted.has(fixRelianceKey(f)) },
  );
  const changed = new Map(analysis.toBe.map((m) => [m.code, m]));
  const toBe = asIs.map((m) => changed.get(m.code) ?? m);
  checkCycles(toBe, names);

  // the platform's dictionaries and the catalogue's own entries
  const dictionaries = dictionariesOf(catalogue);
  const form = mergeForms(`${name}申请表`, toBe, input.decisions, dictionaries);
  const merged = mergeMaterials(asIs, toBe, { departmentName, dictionaries });
  const removed = merged.removed;
  const { materials, reliances: replacements } = applyMaterialVetoes(merged.materials, vetoes);
  const letter = buildLetter(name, toBe, materials, { departmentName });
  // A matter needing what another bundled matter issues follows it (order.ts).
  const order = orderBranches(toBe, dictionaries);
  // Inspections at the one site, in one stage, are one joint inspection (inspections.ts).
  const { branches, inspections } = joinInspections(toBe.map((m) => branchOf(m, materials, order)));
  const leadDepartment = input.leadDepartment ?? asIs[0].departmentCode;
  const process = buildProcess(branches, { processId: input.processId ?? ncName(`Bundle_${name}`), name, leadDepartment });

  const codes = new Set(asIs.map((m) => m.code));
  const prerequisites: BundlePrerequisite[] = [];
  for (const m of asIs) {
    const after = toBe.find((t) => t.code === m.code)!;
    for (const p of m.prerequisites) {
      if (!codes.has(p.matterCode)) continue;
      const kept = after.prerequisites.some((q) => q.matterCode === p.matterCode);
      prerequisites.push({ matterCode: m.code, prerequisite: p.matterCode, hasLegalBasis: p.legalBases.length > 0, outcome: kept ? 'joint' : 'cut' });
    }
  }

  const before = beforeFigures(asIs);
  const branchSteps = branches.flatMap((b) => b.steps);
  const departments = new Set<string>([leadDepartment, ...branchSteps.map((s) => s.departmentCode)]);
  const allOnline = toBe.every((m) => m.onlineDepth === 'full_online');
  const after: AfterFigures = {
    matters: asIs.length,
    forms: 1,
    formFields: form.fields.length,
    materials: materials.filter((x) => x.disposition === 'submit').length + 1 + (letter.commitments.length ? 1 : 0),
    // joint intake + the branches' steps + joint decision + result package
    steps: 3 + branchSteps.length,
    departments: departments.size,
    stamps: branchSteps.reduce((n, s) => n + s.stamps.length, 0),
    countersigns: branchSteps.filter((s) => s.kind === 'countersign').length,
    // The one trip to the window, and any other step that still wants the applicant at the hall.
    visits: (allOnline ? 0 : 1) + branchSteps.filter((s) => s.applicantPresent && !NOT_A_VISIT_STEP_KINDS.has(s.kind)).length,
    ...countNonVisits(branchSteps),
    inspections: inspections.length,
    promisedWorkdaysSum: toBe.reduce((n, m) => n + m.promisedDays, 0),
    promisedWorkdays: process.workdays,
    commitmentLetters: letter.commitments.length ? 1 : 0,
  };

  return {
    name,
    regionCode: catalogue.regionCode,
    matterCodes: asIs.map((m) => m.code),
    form,
    materials,
    removedMaterials: removed,
    letter,
    process,
    prerequisites,
    reliances: [...fixes.reliances(), ...replacements],
    openFindings: analysis.remaining.filter((f) => codes.has(f.matter)).map((f) => ({ rule: f.rule, severity: f.severity, matter: f.matter, message: f.message })),
    before,
    after,
    legalBases: unionBases(asIs.map((m) => m.legalBases)),
    fees: asIs.filter((m) => m.fee.charged).map((m) => ({ matterCode: m.code, standard: m.fee.standard, basis: m.fee.basis })),
    resultPackage: asIs.map((m) => ({ matterCode: m.code, result: m.result.name, departmentCode: m.departmentCode })),
  };
}
