// The order of a bundle's branches by the documents the bundle itself produces. A matter that
// needs what another bundled matter issues — a material whose source is that matter (the seal
// filing needs the business licence), or a form field that matter's result gives (a newborn's
// medical-insurance enrolment needs the 公民身份号码 the birth registration gives) — follows it.
// Matters that need each other's results (a cycle) cannot be put in order: they stay side by
// side and the joint decision hands the results over, as before. Branches run in stages: stage
// 0 right after the joint intake, stage k once every branch of stage k-1 is done (the process
// joins and splits between stages, so the BPMN stays a fan per stage). Pure.
import { stronglyConnectedComponents } from '../analyzer/graph.js';
import { PLATFORM_DICTIONARIES, type Dictionaries } from '../catalogue/dictionaries.js';
import type { FormField, Matter } from '../catalogue/model.js';

export interface BranchOrder {
  /** Matter code → the bundled matters whose result it needs first (cycles left out). */
  follows: Map<string, string[]>;
  /** Matter code → its stage (0 = right after the joint intake). */
  stage: Map<string, number>;
  /** Why each link exists: `${after}|${before}` → what is needed (a material's or a field's name). */
  because: Map<string, string[]>;
}

/** The canonical key a form field stands for: its own, or the dictionary's entry for its label. */
export function fieldKeyOf(f: FormField, dictionaries: Dictionaries = PLATFORM_DICTIONARIES): string | null {
  return f.canonicalKey ?? dictionaries.matchField(f.label)?.id ?? null;
}

/** Matter code → the matter of the bundle whose result gives that canonical field. */
export function fieldProducers(matters: readonly Matter[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of matters) for (const k of m.result.fields) if (!out.has(k)) out.set(k, m.code);
  return out;
}

export function orderBranches(matters: readonly Matter[], dictionaries: Dictionaries = PLATFORM_DICTIONARIES): BranchOrder {
  const codes = new Set(matters.map((m) => m.code));
  const producers = fieldProducers(matters);
  const needs = new Map<string, string[]>();
  const because = new Map<string, string[]>();
  const link = (after: string, before: string, what: string) => {
    if (after === before || !codes.has(before)) return;
    const list = needs.get(after)!;
    if (!list.includes(before)) list.push(before);
    const k = `${after}|${before}`;
    because.set(k, [...(because.get(k) ?? []), what]);
  };
  for (const m of matters) {
    needs.set(m.code, []);
    for (const x of m.materials) if (x.source.matterCode) link(m.code, x.source.matterCode, x.name);
    for (const f of m.formFields) {
      const key = fieldKeyOf(f, dictionaries);
      const producer = key ? producers.get(key) : undefined;
      if (producer) link(m.code, producer, f.label);
    }
  }
  // Links inside a cycle are not an order: those matters are decided together.
  const component = new Map<string, number>();
  stronglyConnectedComponents(needs).forEach((c, i) => {
    for (const code of c) component.set(code, i);
  });
  const follows = new Map<string, string[]>();
  for (const [code, list] of needs)
    follows.set(
      code,
      list.filter((b) => component.get(b) !== component.get(code)),
    );
  for (const key of [...because.keys()]) {
    const [after, before] = key.split('|');
    if (!follows.get(after)!.includes(before)) because.delete(key);
  }
  const stage = new Map<string, number>();
  const stageOf = (code: string): number => {
    const known = stage.get(code);
    if (known !== undefined) return known;
    // what is left is acyclic: a cycle would be one component
    const s = follows.get(code)!.reduce((n, b) => Math.max(n, stageOf(b) + 1), 0);
    stage.set(code, s);
    return s;
  };
  for (const m of matters) stageOf(m.code);
  return { follows, stage, because };
}
