import { describe, expect, it } from 'vitest';
import { generateCatalogue } from './generate.js';
import { validateCatalogue } from './validate.js';

function prerequisiteCycles(matters: ReturnType<typeof generateCatalogue>['matters']): number {
  const edges = new Map(matters.map((m) => [m.code, m.prerequisites.map((p) => p.matterCode)]));
  const state = new Map<string, number>();
  let backEdges = 0;
  const visit = (code: string) => {
    state.set(code, 1);
    for (const next of edges.get(code) ?? []) {
      if (state.get(next) === 1) backEdges++;
      else if (!state.has(next)) visit(next);
    }
    state.set(code, 2);
  };
  for (const code of edges.keys()) if (!state.has(code)) visit(code);
  return backEdges;
}

describe('the catalogue generator', () => {
  const cat = generateCatalogue();

  it('makes 1,500 matters over 100 departments by default, all consistent', () => {
    expect(cat.matters).toHaveLength(1500);
    expect(cat.departments).toHaveLength(100);
    expect(new Set(cat.matters.map((m) => m.code)).size).toBe(1500);
    expect(validateCatalogue(cat)).toEqual([]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateCatalogue({ matters: 200, seed: 7 })).toEqual(generateCatalogue({ matters: 200, seed: 7 }));
    expect(generateCatalogue({ matters: 200, seed: 7 })).not.toEqual(generateCatalogue({ matters: 200, seed: 8 }));
  });

  it('has realistic distributions', () => {
    const kinds = new Set(cat.matters.map((m) => m.kind));
    expect(kinds.size).toBe(8);
    const materials = cat.matters.map((m) => m.materials.length);
    const mean = materials.reduce((a, b) => a + b, 0) / materials.length;
    expect(mean).toBeGreaterThan(3);
    expect(mean).toBeLessThan(8);
    const perDept = new Map<string, number>();
    for (const m of cat.matters) perDept.set(m.departmentCode, (perDept.get(m.departmentCode) ?? 0) + 1);
    const sizes = [...perDept.values()].sort((a, b) => b - a);
    expect(sizes[0]).toBeGreaterThan(5 * sizes[sizes.length - 1]); // a long tail
    expect(cat.matters.filter((m) => m.promisedDays === 0).length).toBeGreaterThan(150);
    expect(cat.matters.some((m) => m.steps.some((s) => s.kind === 'countersign'))).toBe(true);
  });

  it('includes a few prerequisite cycles and some missing legal bases', () => {
    expect(prerequisiteCycles(cat.matters)).toBeGreaterThanOrEqual(3);
    expect(cat.matters.some((m) => m.legalBases.length === 0)).toBe(true);
    const steps = cat.matters.flatMap((m) => m.steps);
    const without = steps.filter((s) => s.legalBases.length === 0).length;
    expect(without / steps.length).toBeGreaterThan(0.05);
    expect(without / steps.length).toBeLessThan(0.5);
  });
});
