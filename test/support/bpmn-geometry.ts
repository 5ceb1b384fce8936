// Geometry of BPMN diagram interchange for tests: the shapes and the sequence flows'
// waypoints of a BPMN XML, flows that cross or overlap, flows that run through a shape.
export type P = [number, number];
export interface Diagram {
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
const onSegment = (p: P, a: P, b: P) =>
  cross(a, b, p) === 0 && Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
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
