// What a published bundle asks of an applicant at the window, and how long each step of its
// process may take. Pure: from the bundle's draft.
import type { BundleDraft } from '../bundle/model.js';
import { ncName } from '../shared/bpmn-xml.js';
import type { ServiceMaterial } from './model.js';

/**
 * The published material list: what the applicant hands in (`submit`), what is obtained by
 * data sharing (`shared`, never uploaded) and what the commitment letter replaces. Forms
 * merged into the one form and results produced inside the bundle are not on it.
 */
export function serviceMaterials(draft: BundleDraft): ServiceMaterial[] {
  const out: ServiceMaterial[] = [];
  for (const m of draft.materials) {
    if (m.disposition !== 'submit' && m.disposition !== 'shared' && m.disposition !== 'commitment') continue;
    const checked = m.disposition === 'submit' && m.checkedAfterDecision !== null;
    const checkMatter = m.checkedAfterDecision?.matters[0] ?? m.uses[0]?.matterCode;
    const checkDepartment = m.disposition === 'commitment' || checked ? (draft.process.branches.find((b) => b.matterCode === checkMatter)?.departmentCode ?? null) : null;
    out.push({
      code: m.key,
      name: m.name,
      handling: m.disposition,
      required: m.required,
      key: m.disposition === 'submit' && !checked,
      checkedAfterDecision: checked,
      issuer: m.issuer,
      checkDepartment,
    });
  }
  return out;
}

/** The step limit in working days of every branch task of the process, by BPMN element id. */
export function stepLimits(draft: BundleDraft): Map<string, { workdays: number; matterCode: string; matterName: string; departmentCode: string }> {
  const out = new Map<string, { workdays: number; matterCode: string; matterName: string; departmentCode: string }>();
  draft.process.branches.forEach((b, i) => {
    for (const s of b.steps)
      out.set(ncName(`Task_B${i + 1}_${s.id}`), { workdays: s.workdays, matterCode: b.matterCode, matterName: b.matterName, departmentCode: s.departmentCode });
  });
  return out;
}

/** The BPMN ids of the main line of every bundle process (src/bundle/process.ts). */
export const JOINT_INTAKE = 'Task_JointIntake';
export const JOINT_DECISION = 'Task_JointDecision';
export const RESULT_PACKAGE = 'Task_ResultPackage';

/**
 * What a department's task shows: the form sections and materials that department needs —
 * fields asked by its matters, materials its matters use — so no officer sees more than the
 * work needs. The lead department (joint decision) sees everything.
 */
export function departmentView(draft: BundleDraft, departmentCode: string | null): { fields: string[]; materials: string[] } {
  if (departmentCode === null) return { fields: draft.form.fields.map((f) => f.key), materials: draft.materials.map((m) => m.key) };
  const matters = new Set(
    draft.process.branches.filter((b) => b.departmentCode === departmentCode || b.steps.some((s) => s.departmentCode === departmentCode)).map((b) => b.matterCode),
  );
  return {
    fields: draft.form.fields.filter((f) => f.matters.some((m) => matters.has(m))).map((f) => f.key),
    materials: draft.materials.filter((m) => m.uses.some((u) => matters.has(u.matterCode))).map((m) => m.key),
  };
}
