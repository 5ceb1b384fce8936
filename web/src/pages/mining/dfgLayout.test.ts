// The process map's layered layout: layers by distance from the start, the end last, loops as
// back edges, and the order within a layer that keeps a choice from crossing itself.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { edgeKey, layeredLayout } from './dfgLayout.js';
import { importXesString } from '../../../../src/mining/import/xes.js';
import { discoverDfg } from '../../../../src/mining/discover/dfg.js';
import { sharedData, sharedDataExists } from '../../../../test/support/shared-data.js';

const S = '▶';
const E = '■';

describe('layered layout of a directly-follows graph', () => {
  it('puts a sequence on consecutive layers, top to bottom, centred', () => {
    const { positions, layers, backEdges } = layeredLayout(
      [S, 'a', 'b', E],
      [
        { from: S, to: 'a' },
        { from: 'a', to: 'b' },
        { from: 'b', to: E },
      ],
      [S],
      [E],
      { gapX: 100, gapY: 50 },
    );
    expect(layers).toEqual([[S], ['a'], ['b'], [E]]);
    expect(positions.get('b')).toEqual({ layer: 2, order: 0, x: 0, y: 100 });
    expect(backEdges.size).toBe(0);
  });

  it('places the end below the deepest activity even when a short path reaches it', () => {
    const { layers } = layeredLayout(
      [S, 'a', 'b', 'c', E],
      [
        { from: S, to: 'a' },
        { from: 'a', to: E },
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: E },
      ],
      [S],
      [E],
    );
    expect(layers.at(-1)).toEqual([E]);
    expect(layers.length).toBe(5);
  });

  it('marks loops back to an earlier layer as back edges', () => {
    const { backEdges, positions } = layeredLayout(
      [S, 'check', 'decide', 'reinitiate', E],
      [
        { from: S, to: 'check' },
        { from: 'check', to: 'decide' },
        { from: 'decide', to: 'reinitiate' },
        { from: 'reinitiate', to: 'check' },
        { from: 'decide', to: E },
      ],
      [S],
      [E],
    );
    expect([...backEdges]).toEqual([edgeKey('reinitiate', 'check')]);
    expect(positions.get('reinitiate')!.layer).toBe(3);
  });

  it('orders a layer by its neighbours so that parallel branches do not cross', () => {
    // Two branches whose second layers are given in the crossing order.
    const { layers } = layeredLayout(
      [S, 'a1', 'b1', 'b2', 'a2', E],
      [
        { from: S, to: 'a1' },
        { from: S, to: 'b1' },
        { from: 'a1', to: 'a2' },
        { from: 'b1', to: 'b2' },
        { from: 'a2', to: E },
        { from: 'b2', to: E },
      ],
      [S],
      [E],
    );
    // Whichever branch ends up on the left, it stays on the left.
    expect(layers[1].indexOf('a1')).toBe(layers[2].indexOf('a2'));
    expect(layers[1].indexOf('b1')).toBe(layers[2].indexOf('b2'));
  });

  it('keeps nodes nothing leads to, and ignores edges to unknown nodes and self-loops', () => {
    const { positions } = layeredLayout(
      ['x', 'y', 'z'],
      [
        { from: 'x', to: 'x' },
        { from: 'x', to: 'y' },
        { from: 'y', to: 'nowhere' },
      ],
      ['x'],
    );
    expect([...positions.keys()].sort()).toEqual(['x', 'y', 'z']);
    expect(positions.get('z')!.layer).toBe(1);
  });

  it.runIf(sharedDataExists('eventlogs', 'running-example.xes'))('lays out the running example: register first, decide below the examinations, the end last', () => {
    const log = importXesString(fs.readFileSync(sharedData('eventlogs', 'running-example.xes'), 'utf8'));
    const dfg = discoverDfg(log);
    const names = dfg.activities.map((a) => a.name);
    const edges = [
      ...dfg.startActivities.map((a) => ({ from: S, to: a.name, weight: a.count })),
      ...dfg.edges.map((e) => ({ from: e.from, to: e.to, weight: e.count })),
      ...dfg.endActivities.map((a) => ({ from: a.name, to: E, weight: a.count })),
    ];
    const { positions, layers, backEdges } = layeredLayout([S, ...names, E], edges, [S], [E]);
    expect(layers[1]).toEqual(['register request']);
    expect(positions.get('decide')!.layer).toBeGreaterThan(positions.get('examine thoroughly')!.layer);
    expect(layers.at(-1)).toEqual([E]);
    expect(backEdges.has(edgeKey('reinitiate request', 'check ticket'))).toBe(true);
    // No two nodes share a place.
    const places = new Set([...positions.values()].map((p) => `${p.x},${p.y}`));
    expect(places.size).toBe(positions.size);
  });
});
