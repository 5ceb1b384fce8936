// The bundle's process diagram: the parallel branches fan out from the split and join
// without any two sequence flows crossing, and no flow runs through a shape it does not
// connect. Checked on the diagram interchange (the waypoints bpmn-js draws).
import { describe, expect, it } from 'vitest';
import { demoCatalogue, DEMO_SETS } from '../catalogue/demo/index.js';
import { generateCatalogue, prng } from '../catalogue/generate.js';
import { createBundleDraft } from './merge.js';
import { BundleError } from './model.js';
import { crossings, readDiagram, throughShapes, type Diagram } from '../../test/support/bpmn-geometry.js';

describe('the bundle process diagram', () => {
  it('construction: nine branches (two of them empty), in two stages, fan out and join without crossing', () => {
    const d = createBundleDraft(demoCatalogue(), { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction });
    const diagram = readDiagram(d.process.bpmnXml);
    expect(diagram.edges.length).toBeGreaterThan(20);
    expect(diagram.edges.every((e) => e.points.length >= 2)).toBe(true);
    expect(crossings(diagram)).toEqual([]);
    expect(throughShapes(diagram)).toEqual([]);
    // Every branch, an empty one too, runs on its own row: each stage's split reaches distinct heights.
    const fan = diagram.edges.filter((e) => e.source === 'Gateway_Parallel' || e.source === 'Gateway_Stage2');
    expect(fan).toHaveLength(9);
    expect(new Set(fan.map((e) => e.points[1][1])).size).toBe(9);
  });

  it('business start-up: six branches without crossing', () => {
    const d = createBundleDraft(demoCatalogue(), { name: '企业开办一件事', matterCodes: DEMO_SETS['business-startup'] });
    const diagram = readDiagram(d.process.bpmnXml);
    expect(crossings(diagram)).toEqual([]);
    expect(throughShapes(diagram)).toEqual([]);
  });

  it('the check finds crossing flows', () => {
    const shape = { x: 0, y: 0, w: 10, h: 10 };
    const d: Diagram = {
      shapes: new Map([['S', shape]]),
      edges: [
        {
          id: 'a',
          source: 'A',
          target: 'B',
          points: [
            [0, 0],
            [100, 100],
          ],
        },
        {
          id: 'b',
          source: 'C',
          target: 'D',
          points: [
            [0, 100],
            [100, 0],
          ],
        },
        {
          id: 'c',
          source: 'A',
          target: 'E',
          points: [
            [0, 0],
            [100, -20],
          ],
        }, // shares only A's point with a
        {
          id: 'd',
          source: 'A',
          target: 'F',
          points: [
            [0, 0],
            [50, 0],
            [50, 100],
          ],
        }, // shares A, but crosses a at (50, 50)
      ],
    };
    expect(crossings(d)).toEqual(['a (A→B) × b (C→D)', 'a (A→B) × d (A→F)', 'b (C→D) × d (A→F)']);
    expect(
      throughShapes({
        ...d,
        edges: [
          {
            id: 'x',
            source: 'A',
            target: 'B',
            points: [
              [-5, 5],
              [20, 5],
            ],
          },
        ],
      }),
    ).toEqual(['x (A→B) runs through S']);
  });

  it('bundles of generated matters, forks and joins inside branches included, draw without crossing', { timeout: 120_000 }, () => {
    const catalogue = generateCatalogue({ matters: 300, seed: 7 });
    const random = prng(23);
    let drawn = 0;
    for (let trial = 0; trial < 25; trial++) {
      const codes = new Set<string>();
      const size = 2 + Math.floor(random() * 12);
      while (codes.size < size) codes.add(catalogue.matters[Math.floor(random() * catalogue.matters.length)].code);
      let xml: string;
      try {
        xml = createBundleDraft(catalogue, { name: `抽样${trial}`, matterCodes: [...codes] }).process.bpmnXml;
      } catch (err) {
        if (err instanceof BundleError) continue;
        throw err;
      }
      drawn++;
      const diagram = readDiagram(xml);
      expect(crossings(diagram), `trial ${trial}`).toEqual([]);
      expect(throughShapes(diagram), `trial ${trial}`).toEqual([]);
    }
    expect(drawn).toBeGreaterThan(10);
  });
});
