// Side-by-side comparison of two versions of a matter, with their figures. Pure.
import { matterFigures } from './figures.js';
import type { FormField, LegalBasis, Material, Matter, MatterFigures, Prerequisite, Step } from './model.js';

// ---------------------------------------------------------------------------------
// Comparison

export type ChangeStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** One row of a side-by-side comparison: the same item in both versions, aligned by key. */
export interface SideBySideRow<T> {
  key: string;
  status: ChangeStatus;
  before: T | null;
  after: T | null;
  /** Top-level properties that differ (for 'changed'). */
  changedFields: string[];
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface MatterDiff {
  code: string;
  /** Scalar and nested properties of the matter itself (name, kind, time limits, fee ...). */
  fields: FieldChange[];
  legalBases: SideBySideRow<LegalBasis>[];
  materials: SideBySideRow<Material>[];
  steps: SideBySideRow<Step>[];
  prerequisites: SideBySideRow<Prerequisite>[];
  formFields: SideBySideRow<FormField>[];
  figures: { before: MatterFigures; after: MatterFigures };
  /** True when nothing differs. */
  identical: boolean;
}

/** Structural equality of plain JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function alignLists<T extends object>(before: readonly T[], after: readonly T[], keyOf: (t: T) => string): SideBySideRow<T>[] {
  const rows: SideBySideRow<T>[] = [];
  const afterByKey = new Map<string, T>();
  for (const a of after) afterByKey.set(keyOf(a), a);
  const seen = new Set<string>();
  for (const b of before) {
    const key = keyOf(b);
    seen.add(key);
    const a = afterByKey.get(key);
    if (a === undefined) {
      rows.push({ key, status: 'removed', before: b, after: null, changedFields: [] });
      continue;
    }
    const fields = Object.keys({ ...b, ...a }).filter((k) => !deepEqual((b as Record<string, unknown>)[k], (a as Record<string, unknown>)[k]));
    rows.push({ key, status: fields.length ? 'changed' : 'unchanged', before: b, after: a, changedFields: fields });
  }
  for (const a of after) {
    const key = keyOf(a);
    if (!seen.has(key)) rows.push({ key, status: 'added', before: null, after: a, changedFields: [] });
  }
  return rows;
}

const LIST_KEYS = new Set(['legalBases', 'materials', 'steps', 'prerequisites', 'formFields']);

export function legalBasisKey(b: LegalBasis): string {
  return `${b.document}|${b.article}`;
}

/** Side-by-side comparison of two versions of a matter (or two matters). */
export function diffMatters(before: Matter, after: Matter): MatterDiff {
  const fields: FieldChange[] = [];
  for (const k of Object.keys({ ...before, ...after }) as Array<keyof Matter>) {
    if (LIST_KEYS.has(k)) continue;
    if (!deepEqual(before[k], after[k])) fields.push({ field: k, before: before[k] ?? null, after: after[k] ?? null });
  }
  const diff: MatterDiff = {
    code: after.code,
    fields,
    legalBases: alignLists(before.legalBases, after.legalBases, legalBasisKey),
    materials: alignLists(before.materials, after.materials, (m) => m.id),
    steps: alignLists(before.steps, after.steps, (s) => s.id),
    prerequisites: alignLists(before.prerequisites, after.prerequisites, (p) => p.matterCode),
    formFields: alignLists(before.formFields, after.formFields, (f) => f.key),
    figures: { before: matterFigures(before), after: matterFigures(after) },
    identical: false,
  };
  const listsSame = [diff.legalBases, diff.materials, diff.steps, diff.prerequisites, diff.formFields].every((rows) =>
    (rows as Array<SideBySideRow<unknown>>).every((r) => r.status === 'unchanged'),
  );
  diff.identical = fields.length === 0 && listsSame;
  return diff;
}
