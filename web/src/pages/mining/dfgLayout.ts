// A layered layout for the directly-follows graph, top to bottom: the start on the first layer,
// every activity on the layer of its shortest distance from the start, the end below the
// deepest activity. Edges that go back up (rework loops) stay as they are and are drawn curved.
// Within a layer, nodes are ordered by the mean position of their neighbours on the layer
// above and below (a few barycentre sweeps), which removes most crossings in process maps.

export interface LayoutEdge {
  from: string;
  to: string;
  /** Heavier edges pull harder when ordering a layer. */
  weight?: number;
}

export interface LayoutOptions {
  /** Horizontal distance between the centres of neighbours on a layer. */
  gapX?: number;
  /** Vertical distance between layers. */
  gapY?: number;
  /** Barycentre sweeps (down and up count as one). */
  sweeps?: number;
}

export interface NodePosition {
  layer: number;
  order: number;
  x: number;
  y: number;
}

export interface Layout {
  positions: Map<string, NodePosition>;
  layers: string[][];
  /** Edges whose target is on the same or an earlier layer than their source. */
  backEdges: Set<string>;
}

export const edgeKey = (from: string, to: string): string => `${from}\u0000${to}`;

/**
 * Lays out `nodes` (in a stable order that breaks ties) reached from `sources`. A node not reachable
 * from any source is placed on the first layer below the sources' own, so nothing is lost.
 */
export function layeredLayout(
  nodes: readonly string[],
  edges: readonly LayoutEdge[],
  sources: readonly string[],
  sinks: readonly string[] = [],
  options: LayoutOptions = {},
): Layout {
  const gapX = options.gapX ?? 200;
  const gapY = options.gapY ?? 110;
  const sweeps = options.sweeps ?? 4;
  const known = new Set(nodes);
  const index = new Map(nodes.map((n, i) => [n, i]));
  const out = new Map<string, LayoutEdge[]>();
  const inc = new Map<string, LayoutEdge[]>();
  for (const n of nodes) {
    out.set(n, []);
    inc.set(n, []);
  }
  for (const e of edges) {
    if (!known.has(e.from) || !known.has(e.to) || e.from === e.to) continue;
    out.get(e.from)!.push(e);
    inc.get(e.to)!.push(e);
  }

  // Shortest distance from the sources (breadth first); sinks are held back for the last layer.
  const sinkSet = new Set(sinks.filter((s) => known.has(s)));
  const layer = new Map<string, number>();
  let frontier = sources.filter((s) => known.has(s) && !sinkSet.has(s));
  for (const s of frontier) layer.set(s, 0);
  while (frontier.length) {
    const next: string[] = [];
    for (const n of frontier) {
      for (const e of out.get(n)!) {
        if (layer.has(e.to) || sinkSet.has(e.to)) continue;
        layer.set(e.to, layer.get(n)! + 1);
        next.push(e.to);
      }
    }
    frontier = next;
  }
  for (const n of nodes) if (!layer.has(n) && !sinkSet.has(n)) layer.set(n, sources.length ? 1 : 0);
  const deepest = Math.max(-1, ...[...layer.values()]);
  for (const s of sinkSet) layer.set(s, deepest + 1);

  const layers: string[][] = [];
  for (const n of nodes) {
    const l = layer.get(n)!;
    (layers[l] ??= []).push(n);
  }
  for (let l = 0; l < layers.length; l++) layers[l] ??= [];

  // Barycentre ordering: down sweeps look at the layer above, up sweeps at the layer below.
  const orderOf = new Map<string, number>();
  const renumber = () => layers.forEach((row) => row.forEach((n, i) => orderOf.set(n, i)));
  renumber();
  const barycentre = (n: string, neighbours: LayoutEdge[], pick: (e: LayoutEdge) => string, wanted: number): number | null => {
    let sum = 0;
    let total = 0;
    for (const e of neighbours) {
      const other = pick(e);
      if (layer.get(other) !== wanted) continue;
      const w = e.weight ?? 1;
      sum += orderOf.get(other)! * w;
      total += w;
    }
    return total ? sum / total : null;
  };
  const reorder = (l: number, from: number) => {
    const row = layers[l];
    const keyed = row.map((n) => {
      const above = barycentre(n, inc.get(n)!, (e) => e.from, from);
      const below = barycentre(n, out.get(n)!, (e) => e.to, from);
      const b = from < l ? (above ?? barycentre(n, out.get(n)!, (e) => e.to, from)) : (below ?? barycentre(n, inc.get(n)!, (e) => e.from, from));
      return { n, b: b ?? orderOf.get(n)!, tie: index.get(n)! };
    });
    keyed.sort((a, c) => a.b - c.b || a.tie - c.tie);
    layers[l] = keyed.map((k) => k.n);
    layers[l].forEach((n, i) => orderOf.set(n, i));
  };
  for (let s = 0; s < sweeps; s++) {
    for (let l = 1; l < layers.length; l++) reorder(l, l - 1);
    for (let l = layers.length - 2; l >= 0; l--) reorder(l, l + 1);
  }
  renumber();

  const positions = new Map<string, NodePosition>();
  layers.forEach((row, l) => {
    const width = (row.length - 1) * gapX;
    row.forEach((n, i) => positions.set(n, { layer: l, order: i, x: i * gapX - width / 2, y: l * gapY }));
  });
  const backEdges = new Set<string>();
  for (const e of edges) {
    const a = positions.get(e.from);
    const b = positions.get(e.to);
    if (a && b && b.layer <= a.layer) backEdges.add(edgeKey(e.from, e.to));
  }
  return { positions, layers, backEdges };
}
