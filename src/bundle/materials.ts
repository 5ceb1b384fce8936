// One material list for the bundle: the flattened matters' materials grouped by canonical
// material (an unmatched name by its normalised form), each group with what happens to it —
// merged into the unified form, produced inside the bundle, obtained by data sharing,
// replaced by the commitment letter, or submitted once. Pure.
import { PLATFORM_DICTIONARIES, type Dictionaries } from '../catalogue/dictionaries.js';
import { NOT_REPLACEABLE_BY_COMMITMENT, type LegalBasis, type Material, type Matter } from '../catalogue/model.js';
import { normaliseName } from '../catalogue/similarity.js';
import type { BundleMaterial, MaterialDisposition, RemovedMaterial } from './model.js';

export function materialKey(m: Pick<Material, 'canonicalId' | 'name'>): string {
  return m.canonicalId ?? `name:${normaliseName(m.name)}`;
}

export function legalBasisKey(b: LegalBasis): string {
  return `${b.document}|${b.article}`;
}

export function unionBases(lists: Iterable<readonly LegalBasis[]>): LegalBasis[] {
  const out = new Map<string, LegalBasis>();
  for (const list of lists) for (const b of list) if (!out.has(legalBasisKey(b))) out.set(legalBasisKey(b), b);
  return [...out.values()];
}

/** The canonical material each bundled matter's result is (施工许可 → construction_permit), by matter code. */
export function resultMaterials(matters: readonly Matter[], dictionaries: Dictionaries = PLATFORM_DICTIONARIES): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of matters) {
    const c = m.result.name ? dictionaries.matchMaterial(m.result.name) : null;
    if (c) out.set(c.id, m.code);
  }
  return out;
}

export interface MaterialListOptions {
  /** Department name for texts (the code when unknown). */
  departmentName?: (code: string) => string;
  /** The canonical materials, the catalogue's own included. */
  dictionaries?: Dictionaries;
}

/**
 * The bundle's material list from the flattened (to-be) matters. `asIs` gives the materials
 * the analyzer's fixes removed.
 */
export function mergeMaterials(asIs: readonly Matter[], toBe: readonly Matter[], options: MaterialListOptions = {}): { materials: BundleMaterial[]; removed: RemovedMaterial[] } {
  const deptName = options.departmentName ?? ((c: string) => c);
  const codes = new Set(toBe.map((m) => m.code));
  const dictionaries = options.dictionaries ?? PLATFORM_DICTIONARIES;
  const byResult = resultMaterials(toBe, dictionaries);
  const names = new Map(toBe.map((m) => [m.code, m.name]));
  const sharedAsIs = new Set(asIs.flatMap((m) => m.materials.filter((x) => x.source.dataSharing).map((x) => `${m.code}|${x.id}`)));
  const groups = new Map<string, Array<{ matter: Matter; material: Material }>>();
  for (const matter of toBe) {
    for (const material of matter.materials) {
      const key = materialKey(material);
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push({ matter, material });
    }
  }
  const materials: BundleMaterial[] = [];
  for (const [key, uses] of groups) {
    const first = uses[0].material;
    const canonical = first.canonicalId ? dictionaries.material(first.canonicalId) : undefined;
    const category = canonical?.category ?? first.category;
    const exclusion = uses.find((u) => u.material.commitmentExclusion)?.material.commitmentExclusion ?? canonical?.commitmentExclusion ?? null;
    const producer =
      uses.map((u) => u.material.source.matterCode).find((c): c is string => c !== null && codes.has(c)) ?? (first.canonicalId ? byResult.get(first.canonicalId) : undefined);
    // A matter needs its own result only in data errors; a result of another bundled matter is produced inside.
    const producedInside = producer !== undefined && uses.some((u) => u.matter.code !== producer);
    // Issued by a government department: shared. Held only because another matter of the
    // bundle already received it (data sharing on a duplicate): the applicant hands it in once.
    // Shared only where it can be: not a booklet shown at the counter, not without a channel in the region.
    const sharable = uses.every((u) => !u.material.source.presentOnly && !u.material.source.noSharingChannel);
    const government = sharable ? uses.find((u) => u.material.source.kind === 'government') : undefined;
    // An applicant's promise cannot replace what a hospital or a court attests (出生医学证明).
    const replaceable = uses.every((u) => u.material.source.issuerType === null || !NOT_REPLACEABLE_BY_COMMITMENT.has(u.material.source.issuerType));
    // Sharing the analyzer's duplicate fix set up between two bundled matters still needs
    // the document once: only what was shared before the fixes counts as already held.
    const handedIn = uses.filter((u) => !sharedAsIs.has(`${u.matter.code}|${u.material.id}`));
    let disposition: MaterialDisposition;
    let issuer = '';
    let issuerDepartmentCode: string | null = null;
    if (category === 'application_form') disposition = 'form';
    else if (producedInside) {
      disposition = 'bundle_result';
      issuer = names.get(producer!) ?? producer!;
    } else if (government) {
      disposition = 'shared';
      const src = government.material.source;
      issuer = src.departmentCode ? deptName(src.departmentCode) : src.issuer || '政府部门';
      issuerDepartmentCode = src.departmentCode;
    } else if (canonical?.issuerDepartmentCode && sharable) {
      // The dictionary knows a government department issues it, whatever the list says.
      disposition = 'shared';
      issuer = deptName(canonical.issuerDepartmentCode);
      issuerDepartmentCode = canonical.issuerDepartmentCode;
    } else if (handedIn.length === 0) {
      disposition = 'shared';
      issuer = first.source.issuer || '政府部门';
    } else if (exclusion === null && replaceable && handedIn.every((u) => u.material.commitmentAllowed)) disposition = 'commitment';
    else disposition = 'submit';
    materials.push({
      key,
      canonicalId: first.canonicalId,
      name: canonical?.name ?? first.name,
      category,
      disposition,
      required: uses.some((u) => u.material.requirement === 'required'),
      conditions: [...new Set(uses.filter((u) => u.material.requirement === 'conditional' && u.material.condition).map((u) => u.material.condition))],
      uses: uses.map((u) => ({ matterCode: u.matter.code, materialId: u.material.id, name: u.material.name })),
      issuer: issuer || (disposition === 'submit' || disposition === 'commitment' ? first.source.issuer : ''),
      issuerDepartmentCode,
      legalBases: unionBases(uses.map((u) => u.material.legalBases)),
      commitmentExclusion: exclusion,
      checkedAfterDecision: disposition === 'submit' ? checkedAfter(handedIn) : null,
    });
  }
  const kept = new Set(toBe.flatMap((m) => m.materials.map((x) => `${m.code}|${x.id}`)));
  const removed: RemovedMaterial[] = [];
  for (const m of asIs) {
    for (const x of m.materials) if (!kept.has(`${m.code}|${x.id}`)) removed.push({ matterCode: m.code, materialId: x.id, name: x.name, canonicalId: x.canonicalId });
  }
  return { materials, removed };
}

/** The matters that receive a handed-in material and check it after the decision, with the bases that allow it. */
function checkedAfter(uses: ReadonlyArray<{ matter: Matter; material: Material }>): BundleMaterial['checkedAfterDecision'] {
  const checked = uses.filter((u) => u.material.postDecisionCheck);
  if (checked.length === 0) return null;
  return { matters: [...new Set(checked.map((u) => u.matter.code))], legalBases: unionBases(checked.map((u) => [u.material.postDecisionCheck!.legalBasis])) };
}

/**
 * Names of the materials a flattened matter still examines before its decision: those handed
 * in (disposition `submit`) that the matter does not receive for a check after the decision
 * (`Material.postDecisionCheck`, 收件备查). `checked` lists the latter.
 */
export function materialsToExamine(matter: Matter, materials: readonly BundleMaterial[]): { toExamine: string[]; checked: string[] } {
  const byKey = new Map(materials.map((m) => [m.key, m]));
  const toExamine: string[] = [];
  const checked: string[] = [];
  for (const x of matter.materials) {
    const g = byKey.get(materialKey(x));
    if (!g || g.disposition !== 'submit') continue;
    const list = x.postDecisionCheck ? checked : toExamine;
    if (!list.includes(g.name)) list.push(g.name);
  }
  return { toExamine, checked: checked.filter((n) => !toExamine.includes(n)) };
}
