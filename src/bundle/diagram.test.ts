// The bundle's process diagram: the parallel branches fan out from the split and join
// without any two sequence flows crossing, and no flow runs through a shape it does not
// connect. Checked on the diagram interchange (the waypoints bpmn-js draws).
import { describe, expect, it } from 'vitest';
import { demoCatalogue, DEMO_SETS } from '../catalog/demo/index.js';
import { generateCatalogue, prng } from '../catalog/generate.js';
import { createBundleDraft } from './merge.js';
import { BundleError } from './model.js';

type P = [number, number];
interface Diagram {
  shapes: Map<string, { x: number; y: number; w: number; h: number }>;
  edges: Array<{ id: string; source: string; target: string; points: P[] }>;
}

export function readDiagram(xml: string): Diagram {
  const shapes = new Map<string, { x: number; y: number; w: number; h: number }>();
  for (const m of xml.matchAll(/<bpmndi:BPMNShape id="[^"]+" bpmnElement="([^"]+)"><dc:Bounds x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)" \/>/g)) {
    shapes.set(m[1], { x: Number(m[2]), y: Number(m[3]), w: Number(m[4]), h: Number(m[5]) });
  }
  const ends = new Map<string, { source: string; target: string }>();
  for (const m of xml.matchAll(/<sequenceFlow id="([^"]+)" sourceRef="([^"]+)" targetRef="([^"]+)" \/>/g)) ends.set(m[1], { source: m[2], target: m[3] });
  const edges: Diagram['edges'] = [];
  for (const m of xml.matchAll(/<bpmndi:BPMNEdge id="[^"]+" bpmnElement="([^"]+)">(.*?)<\/bpmndi:BPMNEdge>/g)) {
    const points = [...m[2].matchAll(/<di:waypoint x="([-\d.]+)" y="([-\d.]+)" \/>/g)].map((p): P => [Number(p[1]), Number(p[2])]);
    edges.push({ id: m[1], ...ends.get(m[1])!, points });
  }
  return { shapes, edges };
}

const cross = (o: P, a: P, b: P) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
const onSegment = (p: P, a: P, b: P) => cross(a, b, p) === 0 && Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
const same = (p: P, q: P) => p[0] === q[0] && p[1] === q[1];

/** The points two segments share: none, one, or (collinear overlap) the ends of the overlap. */
function shared(a: P, b: P, c: P, d: P): P[] {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return [[NaN, NaN]]; // a proper crossing
  const touching = [a, b].filter((p) => onSegment(p, c, d)).concat([c, d].filter((p) => onSegment(p, a, b)));
  return touching.filter((p, i) => touching.findIndex((q) => same(p, q)) === i);
}

/** Pairs of flows that cross or overlap anywhere but the start or end point of a node they share. */
export function crossings(d: Diagram): string[] {
  const out: string[] = [];
  for (let i = 0; i < d.edges.length; i++) {
    for (let j = i + 1; j < d.edges.length; j++) {
      const e = d.edges[i];
      const f = d.edges[j];
      const allowed: P[] = [];
      if (e.source === f.source) allowed.push(e.points[0]);
      if (e.target === f.target) allowed.push(e.points[e.points.length - 1]);
      let bad = false;
      for (let s = 0; s + 1 < e.points.length && !bad; s++) {
        for (let t = 0; t + 1 < f.points.length && !bad; t++) {
          const pts = shared(e.points[s], e.points[s + 1], f.points[t], f.points[t + 1]);
          if (pts.some((p) => !allowed.some((q) => same(p, q)))) bad = true;
        }
      }
      if (bad) out.push(`${e.id} (${e.source}→${e.target}) × ${f.id} (${f.source}→${f.target})`);
    }
  }
  return out;
}

/** Flows that run through a shape other than their own source and target. */
export function throughShapes(d: Diagram): string[] {
  const out: string[] = [];
  for (const e of d.edges) {
    for (const [id, b] of d.shapes) {
      if (id === e.source || id === e.target) continue;
      const inside = (p: P) => p[0] > b.x && p[0] < b.x + b.w && p[1] > b.y && p[1] < b.y + b.h;
      // Sample each segment finely: shapes are at least 36 px wide.
      for (let s = 0; s + 1 < e.points.length; s++) {
        const [a, z] = [e.points[s], e.points[s + 1]];
        const steps = Math.ceil(Math.hypot(z[0] - a[0], z[1] - a[1]) / 4);
        for (let k = 0; k <= steps; k++) {
          if (inside([a[0] + ((z[0] - a[0]) * k) / steps, a[1] + ((z[1] - a[1]) * k) / steps])) {
            out.push(`${e.id} (${e.source}→${e.target}) runs through ${id}`);
            k = steps;
            s = e.points.length;
          }
        }
      }
    }
  }
  return out;
}

describe('the bundle process diagram', () => {
  it('construction: nine branches (two of them empty) fan out and join without crossing', () => {
    const d = createBundleDraft(demoCatalogue(), { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction });
    const diagram = readDiagram(d.process.bpmnXml);
    expect(diagram.edges.length).toBeGreaterThan(20);
    expect(diagram.edges.every((e) => e.points.length >= 2)).toBe(true);
    expect(crossings(diagram)).toEqual([]);
    expect(throughShapes(diagram)).toEqual([]);
    // Every branch, an empty one too, runs on its own row: the split's rays reach distinct heights.
    const fan = diagram.edges.filter((e) => e.source === 'Gateway_Parallel');
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
        { id: 'a', source: 'A', target: 'B', points: [[0, 0], [100, 100]] },
        { id: 'b', source: 'C', target: 'D', points: [[0, 100], [100, 0]] },
        { id: 'c', source: 'A', target: 'E', points: [[0, 0], [100, -20]] }, // shares only A's point with a
        { id: 'd', source: 'A', target: 'F', points: [[0, 0], [50, 0], [50, 100]] }, // shares A, but crosses a at (50, 50)
      ],
    };
    expect(crossings(d)).toEqual(['a (A→B) × b (C→D)', 'a (A→B) × d (A→F)', 'b (C→D) × d (A→F)']);
    expect(throughShapes({ ...d, edges: [{ id: 'x', source: 'A', target: 'B', points: [[-5, 5], [20, 5]] }] })).toEqual(['x (A→B) runs through S']);
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
