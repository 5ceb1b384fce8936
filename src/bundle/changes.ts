// What changed between two versions of a bundle: shown to the reform office before it confirms
// publishing a new version over the published one, and kept with the version it published.
// Pure: two drafts (and their vetoes and field decisions) in, the differences out.
import { FIGURE_KEYS, type BundleDraft, type FieldDecision } from './model.js';
import type { BundleVeto } from './reliances.js';

export interface BundleVersionInput {
  version: number;
  draft: BundleDraft;
  decisions: Record<string, FieldDecision>;
  vetoes: readonly BundleVeto[];
}

export interface BundleChanges {
  fromVersion: number;
  toVersion: number;
  name: { before: string; after: string } | null;
  matters: { added: string[]; removed: string[] };
  /** After-figures that differ. */
  figures: Array<{ key: string; before: number | null; after: number | null }>;
  materials: { added: string[]; removed: string[]; disposition: Array<{ name: string; before: string; after: string }> };
  formFields: { added: string[]; removed: string[] };
  commitments: { added: string[]; removed: string[] };
  vetoes: { added: string[]; removed: string[] };
  fieldDecisions: string[];
}

const minus = (a: readonly string[], b: readonly string[]) => {
  const other = new Set(b);
  return a.filter((x) => !other.has(x));
};

export function bundleChanges(from: BundleVersionInput, to: BundleVersionInput): BundleChanges {
  const a = from.draft;
  const b = to.draft;
  const afterA = a.after as unknown as Record<string, number | null>;
  const afterB = b.after as unknown as Record<string, number | null>;
  const figures = [...FIGURE_KEYS, 'commitmentLetters']
    .filter((k) => (afterA[k] ?? null) !== (afterB[k] ?? null))
    .map((key) => ({ key, before: afterA[key] ?? null, after: afterB[key] ?? null }));
  const dispA = new Map(a.materials.map((m) => [m.key, m]));
  const disposition = b.materials
    .filter((m) => dispA.has(m.key) && dispA.get(m.key)!.disposition !== m.disposition)
    .map((m) => ({ name: m.name, before: dispA.get(m.key)!.disposition, after: m.disposition }));
  const names = (d: BundleDraft) => d.materials.map((m) => m.name);
  const fields = (d: BundleDraft) => d.form.fields.map((f) => f.label);
  const proofs = (d: BundleDraft) => d.letter.commitments.map((c) => c.proof);
  const vetoKeys = (v: readonly BundleVeto[]) => v.map((x) => x.key);
  const decided = [...new Set([...Object.keys(from.decisions), ...Object.keys(to.decisions)])].filter(
    (k) => JSON.stringify(from.decisions[k] ?? null) !== JSON.stringify(to.decisions[k] ?? null),
  );
  return {
    fromVersion: from.version,
    toVersion: to.version,
    name: a.name === b.name ? null : { before: a.name, after: b.name },
    matters: { added: minus(b.matterCodes, a.matterCodes), removed: minus(a.matterCodes, b.matterCodes) },
    figures,
    materials: { added: minus(names(b), names(a)), removed: minus(names(a), names(b)), disposition },
    formFields: { added: minus(fields(b), fields(a)), removed: minus(fields(a), fields(b)) },
    commitments: { added: minus(proofs(b), proofs(a)), removed: minus(proofs(a), proofs(b)) },
    vetoes: { added: minus(vetoKeys(to.vetoes), vetoKeys(from.vetoes)), removed: minus(vetoKeys(from.vetoes), vetoKeys(to.vetoes)) },
    fieldDecisions: decided,
  };
}

/** Whether anything a citizen or a department would notice changed. */
export function hasChanges(c: BundleChanges): boolean {
  return (
    c.name !== null ||
    c.figures.length > 0 ||
    c.fieldDecisions.length > 0 ||
    [c.matters, c.materials, c.formFields, c.commitments, c.vetoes].some((x) => x.added.length > 0 || x.removed.length > 0) ||
    c.materials.disposition.length > 0
  );
}
