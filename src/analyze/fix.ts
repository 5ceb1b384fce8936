// Applying fixes: pure functions from a matter to its to-be matter. The input is never
// modified; what changes is copied, what does not is shared. Operations refer to ids and
// are applied to the matter as it stands, so fixes from several rules compose; an
// operation whose target is gone (or that changes nothing) returns the matter unchanged.
import type { Matter, Step } from '../catalog/model.js';
import type { Fix, FixOperation } from './model.js';

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

/** Steps after `removed` wait for what it waited for; those that needed its result keep that ordering as need. */
function withoutStep(steps: readonly Step[], removed: Step): Step[] {
  return steps
    .filter((s) => s.id !== removed.id)
    .map((s) => {
      if (!s.dependsOn.includes(removed.id)) return s;
      const needed = s.needsResultOf.includes(removed.id);
      const dependsOn = union(s.dependsOn.filter((d) => d !== removed.id), removed.dependsOn).filter((d) => d !== s.id);
      const base = s.needsResultOf.filter((d) => d !== removed.id);
      const needsResultOf = (needed ? union(base, removed.dependsOn) : base).filter((d) => dependsOn.includes(d));
      return { ...s, dependsOn, needsResultOf };
    });
}

export function applyOperation(matter: Matter, op: FixOperation): Matter {
  switch (op.op) {
    case 'removeStep': {
      const target = matter.steps.find((s) => s.id === op.step);
      if (!target) return matter;
      return { ...matter, steps: withoutStep(matter.steps, target) };
    }
    case 'foldStep': {
      const target = matter.steps.find((s) => s.id === op.step);
      const into = matter.steps.find((s) => s.id === op.into);
      if (!target || !into || target === into) return matter;
      const folded = { ...into, stamps: union(into.stamps, target.stamps) };
      return { ...matter, steps: withoutStep(matter.steps.map((s) => (s === into ? folded : s)), target) };
    }
    case 'parallelizeStep': {
      const target = matter.steps.find((s) => s.id === op.step);
      if (!target) return matter;
      const drop = op.drop.filter((d) => target.dependsOn.includes(d) && !target.needsResultOf.includes(d));
      if (drop.length === 0) return matter;
      const byId = new Map(matter.steps.map((s) => [s.id, s]));
      const inherited = drop.flatMap((d) => byId.get(d)?.dependsOn ?? []).filter((d) => d !== target.id);
      const keep = target.dependsOn.filter((d) => !drop.includes(d));
      // What the dropped steps waited for becomes this step's earliest start: kept as need, so it stays put.
      const step: Step = { ...target, dependsOn: union(keep, inherited), needsResultOf: union(target.needsResultOf, inherited) };
      return { ...matter, steps: matter.steps.map((s) => (s === target ? step : s)) };
    }
    case 'setStepPresence': {
      const target = matter.steps.find((s) => s.id === op.step);
      if (!target || target.applicantPresent === op.applicantPresent) return matter;
      return { ...matter, steps: matter.steps.map((s) => (s === target ? { ...s, applicantPresent: op.applicantPresent } : s)) };
    }
    case 'removeMaterial': {
      if (!matter.materials.some((m) => m.id === op.material)) return matter;
      return { ...matter, materials: matter.materials.filter((m) => m.id !== op.material) };
    }
    case 'obtainBySharing': {
      const target = matter.materials.find((m) => m.id === op.material);
      if (!target || target.source.dataSharing) return matter;
      return { ...matter, materials: matter.materials.map((m) => (m === target ? { ...m, source: { ...m.source, dataSharing: true } } : m)) };
    }
    case 'setCommitmentAllowed': {
      const target = matter.materials.find((m) => m.id === op.material);
      if (!target || target.commitmentAllowed === op.allowed) return matter;
      return { ...matter, materials: matter.materials.map((m) => (m === target ? { ...m, commitmentAllowed: op.allowed } : m)) };
    }
    case 'removePrerequisite': {
      if (!matter.prerequisites.some((p) => p.matterCode === op.prerequisite)) return matter;
      return { ...matter, prerequisites: matter.prerequisites.filter((p) => p.matterCode !== op.prerequisite) };
    }
    case 'setPromisedDays':
      return matter.promisedDays === op.days ? matter : { ...matter, promisedDays: op.days };
    case 'setVisits':
      return matter.visits === op.visits ? matter : { ...matter, visits: op.visits };
  }
}

/**
 * Folding goes before removing: when one rule folds a stamp step into the decision and
 * another removes the same step for want of a basis, the seals survive in the decision.
 */
const PRIORITY: Partial<Record<FixOperation['op'], number>> = { foldStep: 0, removeStep: 1 };

/** The matter after the fixes meant for it (fixes for other matters are skipped). */
export function applyFixes(matter: Matter, fixes: readonly Fix[]): Matter {
  const ops = fixes.filter((f) => f.matter === matter.code).flatMap((f) => f.operations);
  const ordered = ops.map((op, i) => ({ op, i })).sort((a, b) => (PRIORITY[a.op.op] ?? 2) - (PRIORITY[b.op.op] ?? 2) || a.i - b.i);
  let result = matter;
  for (const { op } of ordered) result = applyOperation(result, op);
  return result;
}
