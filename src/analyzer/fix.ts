// Applying fixes: pure functions from a matter to its to-be matter. The input is never
// modified; what changes is copied, what does not is shared. Operations refer to ids and
// are applied to the matter as it stands, so fixes from several rules compose; an
// operation whose target is gone (or that changes nothing) returns the matter unchanged.
import type { Material, Matter, Step } from '../catalogue/model.js';
import type { Fix, FixOperation } from './model.js';

/**
 * The distinct ids of `a` then `b`, first occurrence first (as `[...new Set([...a, ...b])]`).
 * Lists of step ids and seals are a handful long: a scan is cheaper than building sets.
 */
function union(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  for (const x of a) if (!out.includes(x)) out.push(x);
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

/** Steps after `removed` wait for what it waited for; those that needed its result keep that ordering as need. */
function withoutStep(steps: readonly Step[], removed: Step): Step[] {
  const result: Step[] = [];
  for (const s of steps) {
    if (s.id === removed.id) continue;
    if (!s.dependsOn.includes(removed.id)) {
      result.push(s);
      continue;
    }
    const needed = s.needsResultOf.includes(removed.id);
    const dependsOn = union(
      s.dependsOn.filter((d) => d !== removed.id),
      removed.dependsOn,
    ).filter((d) => d !== s.id);
    const base = s.needsResultOf.filter((d) => d !== removed.id);
    const needsResultOf = (needed ? union(base, removed.dependsOn) : base).filter((d) => dependsOn.includes(d));
    result.push({ ...s, dependsOn, needsResultOf });
  }
  return result;
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
      return {
        ...matter,
        steps: withoutStep(
          matter.steps.map((s) => (s === into ? folded : s)),
          target,
        ),
      };
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
      return { ...matter, materials: matter.materials.map((m) => (m === target ? withCommitment(m, op.allowed) : m)) };
    }
    case 'removePrerequisite': {
      if (!matter.prerequisites.some((p) => p.matterCode === op.prerequisite)) return matter;
      return { ...matter, prerequisites: matter.prerequisites.filter((p) => p.matterCode !== op.prerequisite) };
    }
    case 'chooseRoute': {
      const route = matter.routes.find((r) => r.id === op.route);
      if (!route || matter.route === route.id) return matter;
      // The steps the route carries out after the decision leave the process that leads to it.
      let m: Matter = { ...matter, route: route.id, promisedDays: route.promisedDays };
      for (const id of route.stepsAfterDecision) m = applyOperation(m, { op: 'removeStep', step: id });
      const replaced = new Set(route.commitmentMaterials);
      if (replaced.size) m = { ...m, materials: m.materials.map((x) => (replaced.has(x.id) && !x.commitmentAllowed ? withCommitment(x, true) : x)) };
      return m;
    }
    case 'setPromisedDays':
      return matter.promisedDays === op.days ? matter : { ...matter, promisedDays: op.days };
    case 'setVisits':
      return matter.visits === op.visits ? matter : { ...matter, visits: op.visits };
  }
}

/**
 * A material with its commitment allowed or withdrawn. A proof the letter replaces is no
 * longer handed in, so a post-decision check of it (收件备查) ends with it: the department
 * checks the commitment afterwards instead.
 */
function withCommitment(m: Material, allowed: boolean): Material {
  return allowed && m.postDecisionCheck ? { ...m, commitmentAllowed: true, postDecisionCheck: null } : { ...m, commitmentAllowed: allowed };
}

// Order of application: folds before removals — when one rule folds a stamp step into the
// decision and another removes the same step for want of a basis, the seals survive in the
// decision; then the material operations, together; then the rest in the order given.

const MATERIAL_OPS = new Set<FixOperation['op']>(['removeMaterial', 'obtainBySharing', 'setCommitmentAllowed']);

/**
 * Material operations touch one material each and commute (a removal wins): they are
 * applied together in one pass over the list, so a matter with many material fixes is
 * copied once, not once per fix.
 */
function applyMaterialOps(matter: Matter, ops: ReadonlyArray<Extract<FixOperation, { material: string }>>): Matter {
  if (ops.length === 0) return matter;
  const removed = new Set<string>();
  const shared = new Set<string>();
  const commitment = new Map<string, boolean[]>();
  for (const op of ops) {
    if (op.op === 'removeMaterial') removed.add(op.material);
    else if (op.op === 'obtainBySharing') shared.add(op.material);
    else {
      let list = commitment.get(op.material);
      if (!list) commitment.set(op.material, (list = []));
      list.push(op.allowed);
    }
  }
  let changed = false;
  const materials: Material[] = [];
  for (const m of matter.materials) {
    if (removed.has(m.id)) {
      changed = true;
      continue;
    }
    let next = m;
    if (shared.has(m.id) && !m.source.dataSharing) next = { ...next, source: { ...next.source, dataSharing: true } };
    // In order, as one by one: each setting that changes the material applies (a commitment ends a post-decision check).
    for (const allowed of commitment.get(m.id) ?? []) if (allowed !== next.commitmentAllowed) next = withCommitment(next, allowed);
    if (next !== m) changed = true;
    materials.push(next);
  }
  return changed ? { ...matter, materials } : matter;
}

/** The matter after the fixes meant for it (fixes for other matters are skipped). */
export function applyFixes(matter: Matter, fixes: readonly Fix[]): Matter {
  const folds: FixOperation[] = [];
  const removals: FixOperation[] = [];
  const rest: FixOperation[] = [];
  const materialOps: Array<Extract<FixOperation, { material: string }>> = [];
  for (const fix of fixes) {
    if (fix.matter !== matter.code) continue;
    for (const op of fix.operations) {
      if (MATERIAL_OPS.has(op.op)) materialOps.push(op as Extract<FixOperation, { material: string }>);
      else (op.op === 'foldStep' ? folds : op.op === 'removeStep' ? removals : rest).push(op);
    }
  }
  let result = matter;
  for (const op of folds) result = applyOperation(result, op);
  for (const op of removals) result = applyOperation(result, op);
  result = applyMaterialOps(result, materialOps);
  // A legal route last: its promise is the law's, not one computed from the steps before it.
  for (const op of rest) if (op.op !== 'chooseRoute') result = applyOperation(result, op);
  for (const op of rest) if (op.op === 'chooseRoute') result = applyOperation(result, op);
  return result;
}
