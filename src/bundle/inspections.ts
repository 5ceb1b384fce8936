// 联合勘验: a bundle serves one applicant at one site, so the on-site inspections several of its
// matters make there (the market regulator's food-premises check, the environment bureau's,
// the fire brigade's) are one joint inspection: the departments go together, on one
// appointment, and the applicant receives them once. Branches of one stage run at the same
// time, so their inspections join; a later stage's inspection is another trip. Each
// department keeps its own task (it records its own findings), named as part of the joint
// inspection, and its own working days. Pure.
import type { Branch } from './model.js';

export interface JointInspection {
  stage: number;
  /** The inspection steps that make it, in branch order. */
  steps: Array<{ matterCode: string; stepId: string; departmentCode: string }>;
}

/** The joint inspections of the branches (one per stage that has any) and the branches with their inspection steps so named. */
export function joinInspections(branches: readonly Branch[]): { branches: Branch[]; inspections: JointInspection[] } {
  const byStage = new Map<number, JointInspection>();
  for (const b of branches) {
    for (const s of b.steps) {
      if (s.kind !== 'site_inspection') continue;
      let j = byStage.get(b.stage);
      if (!j) byStage.set(b.stage, (j = { stage: b.stage, steps: [] }));
      j.steps.push({ matterCode: b.matterCode, stepId: s.id, departmentCode: s.departmentCode });
    }
  }
  const inspections = [...byStage.values()].sort((a, b) => a.stage - b.stage);
  const joint = new Set(inspections.filter((j) => new Set(j.steps.map((s) => s.matterCode)).size > 1).flatMap((j) => j.steps.map((s) => `${s.matterCode}|${s.stepId}`)));
  if (joint.size === 0) return { branches: [...branches], inspections };
  return {
    branches: branches.map((b) =>
      b.steps.some((s) => joint.has(`${b.matterCode}|${s.id}`))
        ? { ...b, steps: b.steps.map((s) => (joint.has(`${b.matterCode}|${s.id}`) && !s.name.startsWith('联合勘验') ? { ...s, name: `联合勘验：${s.name}` } : s)) }
        : b,
    ),
    inspections,
  };
}
