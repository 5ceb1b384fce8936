import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { chain, step } from './fixtures.js';
import { chainTo, criticalPath, criticalPathDays, elementaryCycles, longestChains, stronglyConnectedComponents } from './graph.js';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('criticalPath', () => {
  it('is the longest path in working days through dependsOn, with the path', () => {
    const steps = [
      step({ id: 'A', workdays: 1 }),
      step({ id: 'B', workdays: 3, dependsOn: ['A'] }),
      step({ id: 'C', workdays: 5, dependsOn: ['A'] }),
      step({ id: 'D', workdays: 1, dependsOn: ['B', 'C'] }),
    ];
    expect(criticalPath(steps)).toEqual({ days: 7, path: ['A', 'C', 'D'] });
  });
  it('is 0 for no steps or only on-the-spot steps', () => {
    expect(criticalPath([]).days).toBe(0);
    expect(criticalPath(chain({ id: 'A' }, { id: 'B' })).days).toBe(0);
  });
  it('ignores references to missing steps and cuts cycles', () => {
    expect(criticalPath([step({ id: 'A', workdays: 2, dependsOn: ['X'] })]).days).toBe(2);
    const cyclic = [step({ id: 'A', workdays: 1, dependsOn: ['B'] }), step({ id: 'B', workdays: 1, dependsOn: ['A'] })];
    expect(criticalPath(cyclic).days).toBe(2);
    expect(criticalPathDays(cyclic)).toBe(2);
  });
  it('handles a chain of 20,000 steps without recursion', () => {
    const steps = Array.from({ length: 20_000 }, (_, i) => step({ id: `S${i}`, workdays: 1, dependsOn: i ? [`S${i - 1}`] : [] }));
    expect(criticalPath(steps).days).toBe(20_000);
  });
  it('is at least every step’s own days and at most their sum (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.array(fc.nat(20), { maxLength: 3 })), { minLength: 1, maxLength: 20 }), (rows) => {
        const steps = rows.map(([d, deps], i) => step({ id: `S${i}`, workdays: d, dependsOn: deps.filter((x) => x < i).map((x) => `S${x}`) }));
        const { days, path } = criticalPath(steps);
        expect(days).toBeGreaterThanOrEqual(Math.max(...steps.map((s) => s.workdays)));
        expect(days).toBeLessThanOrEqual(steps.reduce((n, s) => n + s.workdays, 0));
        const byId = new Map(steps.map((s) => [s.id, s]));
        expect(path.reduce((n, id) => n + byId.get(id)!.workdays, 0)).toBe(days);
        expect(criticalPathDays(steps)).toBe(days);
      }),
    );
  });
});

describe('stronglyConnectedComponents (Tarjan)', () => {
  it('finds the tangles and leaves the rest as singletons', () => {
    const g = graph({ A: ['B'], B: ['C'], C: ['A', 'D'], D: ['E'], E: ['D'], F: [] });
    const sets = stronglyConnectedComponents(g).map((c) => c.sort().join(''));
    expect(sets.sort()).toEqual(['ABC', 'DE', 'F']);
  });
  it('returns successors before predecessors (reverse topological order)', () => {
    const comps = stronglyConnectedComponents(graph({ A: ['B'], B: ['C'], C: [] }));
    expect(comps.map((c) => c[0])).toEqual(['C', 'B', 'A']);
  });
  it('handles a 50,000-node chain', () => {
    const g = new Map(Array.from({ length: 50_000 }, (_, i) => [`N${i}`, i ? [`N${i - 1}`] : []]));
    expect(stronglyConnectedComponents(g)).toHaveLength(50_000);
  });
});

describe('elementaryCycles (Johnson)', () => {
  it('lists every elementary cycle once, from its smallest node', () => {
    const g = graph({ A: ['B', 'C'], B: ['A', 'C'], C: ['A'] });
    const cycles = elementaryCycles(g, ['A', 'B', 'C'])
      .map((c) => c.join(''))
      .sort();
    expect(cycles).toEqual(['AB', 'ABC', 'AC']);
  });
  it('a self-loop is a cycle of one; the limit caps the count', () => {
    expect(elementaryCycles(graph({ A: ['A'] }), ['A'])).toEqual([['A']]);
    const complete = graph({ A: ['B', 'C', 'D'], B: ['A', 'C', 'D'], C: ['A', 'B', 'D'], D: ['A', 'B', 'C'] });
    expect(elementaryCycles(complete, ['A', 'B', 'C', 'D']).length).toBe(20); // K4 has 20 elementary cycles
    expect(elementaryCycles(complete, ['A', 'B', 'C', 'D'], 5).length).toBe(5);
  });
});

describe('longestChains', () => {
  it('adds the weights along the heaviest chain of successors, skipping cycles', () => {
    const g = graph({ A: ['B', 'C'], B: [], C: ['D'], D: [], X: ['Y'], Y: ['X'] });
    const w: Record<string, number> = { A: 1, B: 10, C: 2, D: 3, X: 5, Y: 5 };
    const chains = longestChains(g, (n) => w[n]);
    expect(chains.get('A')!.total).toBe(11);
    expect(chainTo(chains, 'A')).toEqual(['B', 'A']);
    expect(chainTo(chains, 'C')).toEqual(['D', 'C']);
    expect(chains.get('X')!.total).toBe(5);
  });
});
