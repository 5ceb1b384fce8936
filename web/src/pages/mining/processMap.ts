// The process map as an ECharts graph option: the directly-follows graph laid out in layers,
// with a start and an end node. Frequency shows how often each path is taken (label and width
// by count); performance shows the waiting time on each path (label and width by the chosen
// statistic, redder when slower). Pure, so it can be checked without a canvas.
import { edgeKey, layeredLayout } from './dfgLayout.js';
import type { Dfg, DfgEdge } from './api.js';

export type MapMode = 'frequency' | 'performance';
export type MapStatistic = 'mean' | 'median' | 'p90';

export const START_NODE = '\u0001start';
export const END_NODE = '\u0001end';

export interface MapLabels {
  start: string;
  end: string;
  /** Text of an edge's tooltip and a node's tooltip. */
  edgeTooltip: (edge: DfgEdge) => string;
  nodeTooltip: (name: string, count: number) => string;
  duration: (seconds: number | null) => string;
}

export interface MapFilter {
  /** Show only this many activities, the most frequent. */
  activities?: number;
  /** Hide paths taken fewer times than this. */
  minEdgeCount?: number;
}

export interface MapGraph {
  nodes: Array<{ id: string; label: string; count: number; loops: number; x: number; y: number; width: number }>;
  edges: Array<{ from: string; to: string; count: number; seconds: number | null; label: string; width: number; color: string; curveness: number }>;
  layers: number;
  width: number;
}

const NODE_HEIGHT = 44;
const GAP_X = 210;
const GAP_Y = 120;

export function statisticSeconds(edge: DfgEdge, statistic: MapStatistic): number | null {
  return statistic === 'mean' ? edge.meanSeconds : statistic === 'median' ? edge.medianSeconds : edge.p90Seconds;
}

/** Pixels a label needs, roughly: CJK characters are twice as wide as Latin ones. */
function labelWidth(text: string): number {
  let units = 0;
  for (const ch of text) units += /[\u2e80-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1.1;
  return Math.max(96, Math.min(190, Math.round(units * 6.6 + 28)));
}

/** Red from light to dark as `t` goes from 0 to 1. */
function heat(t: number): string {
  const clamp = Math.max(0, Math.min(1, t));
  const from = [255, 183, 77];
  const to = [183, 28, 28];
  const c = from.map((f, i) => Math.round(f + (to[i] - f) * clamp));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

export function buildMapGraph(dfg: Dfg, mode: MapMode, statistic: MapStatistic, labels: MapLabels, filter: MapFilter = {}): MapGraph {
  const ranked = [...dfg.activities].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const shown = new Set(ranked.slice(0, filter.activities ?? ranked.length).map((a) => a.name));
  const minCount = filter.minEdgeCount ?? 0;
  const activities = dfg.activities.filter((a) => shown.has(a.name));
  const visible = dfg.edges.filter((e) => shown.has(e.from) && shown.has(e.to) && e.count >= minCount);
  // An activity directly followed by itself is shown on its box (↻ count), not as a line through it.
  const inner = visible.filter((e) => e.from !== e.to);
  const loops = new Map(visible.filter((e) => e.from === e.to).map((e) => [e.from, e.count]));
  const starts = dfg.startActivities.filter((a) => shown.has(a.name));
  const ends = dfg.endActivities.filter((a) => shown.has(a.name));

  const all: Array<{ from: string; to: string; count: number; edge: DfgEdge | null }> = [
    ...starts.map((a) => ({ from: START_NODE, to: a.name, count: a.count, edge: null })),
    ...inner.map((e) => ({ from: e.from, to: e.to, count: e.count, edge: e })),
    ...ends.map((a) => ({ from: a.name, to: END_NODE, count: a.count, edge: null })),
  ];
  const nodeIds = [START_NODE, ...activities.map((a) => a.name), END_NODE];
  const layout = layeredLayout(
    nodeIds,
    all.map((e) => ({ from: e.from, to: e.to, weight: e.count })),
    [START_NODE],
    [END_NODE],
    { gapX: GAP_X, gapY: GAP_Y },
  );
  const counts = new Map(activities.map((a) => [a.name, a.count]));
  const cases = starts.reduce((sum, a) => sum + a.count, 0);

  const nodes = nodeIds.map((id) => {
    const p = layout.positions.get(id)!;
    const label = id === START_NODE ? labels.start : id === END_NODE ? labels.end : id;
    const count = id === START_NODE || id === END_NODE ? cases : (counts.get(id) ?? 0);
    return { id, label, count, loops: loops.get(id) ?? 0, x: p.x, y: p.y, width: id === START_NODE || id === END_NODE ? 72 : labelWidth(label) };
  });

  const maxCount = Math.max(1, ...all.map((e) => e.count));
  const maxSeconds = Math.max(1, ...inner.map((e) => statisticSeconds(e, statistic) ?? 0));
  const pairs = new Set(all.map((e) => edgeKey(e.from, e.to)));
  const edges = all.map((e) => {
    const a = layout.positions.get(e.from)!;
    const b = layout.positions.get(e.to)!;
    const back = layout.backEdges.has(edgeKey(e.from, e.to));
    const twoWay = pairs.has(edgeKey(e.to, e.from));
    const skips = b.layer - a.layer > 1 && a.x === b.x;
    // Long edges bend less, or their arcs would sweep across the whole map.
    const distance = Math.hypot(b.x - a.x, b.y - a.y);
    const damp = Math.min(1, (2 * GAP_Y) / Math.max(1, distance));
    const curveness = (back ? 0.35 : twoWay ? 0.2 : skips ? 0.25 : 0) * damp;
    const seconds = e.edge ? statisticSeconds(e.edge, statistic) : null;
    if (mode === 'frequency') {
      return { from: e.from, to: e.to, count: e.count, seconds, label: String(e.count), width: 1 + 7 * (e.count / maxCount), color: '#5c6b7a', curveness };
    }
    const t = seconds === null ? 0 : seconds / maxSeconds;
    return {
      from: e.from,
      to: e.to,
      count: e.count,
      seconds,
      label: e.edge ? labels.duration(seconds) : '',
      width: e.edge ? 1 + 7 * t : 1,
      color: e.edge ? heat(t) : '#b0b7bf',
      curveness,
    };
  });
  // Extent of the node centres: ECharts fits it into the chart, so a chart of this size plus the
  // margins draws the map at scale 1 and boxes never overlap (wide maps scroll sideways).
  const width = (Math.max(...layout.layers.map((row) => row.length)) - 1) * GAP_X;
  return { nodes, edges, layers: layout.layers.length, width };
}

/** The ECharts option for a map graph. */
export function processMapOption(graph: MapGraph, mode: MapMode, labels: MapLabels, edgeLookup: (from: string, to: string) => DfgEdge | undefined): Record<string, unknown> {
  const maxCount = Math.max(1, ...graph.nodes.filter((n) => n.id !== START_NODE && n.id !== END_NODE).map((n) => n.count));
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: { dataType: string; data: { source?: string; target?: string; id?: string; value?: number } }) => {
        if (params.dataType === 'edge') {
          const edge = edgeLookup(params.data.source!, params.data.target!);
          return edge ? labels.edgeTooltip(edge) : String(params.data.value ?? '');
        }
        const node = graph.nodes.find((n) => n.id === params.data.id);
        return node ? labels.nodeTooltip(node.label, node.count) : '';
      },
    },
    series: [
      {
        type: 'graph',
        layout: 'none',
        // The box the node extent is stretched to: exactly its own size, so the map is drawn at scale 1.
        left: 'center',
        top: END_MARGIN,
        width: Math.max(graph.width, GAP_X),
        height: Math.max(1, (graph.layers - 1) * GAP_Y),
        roam: true,
        zoom: 1,
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 9,
        emphasis: { focus: 'adjacency', lineStyle: { opacity: 1 } },
        label: { show: true },
        edgeLabel: { show: true, fontSize: 11, color: '#37474f', backgroundColor: 'rgba(255,255,255,0.85)', padding: [1, 3], borderRadius: 3 },
        data: [
          ...graph.nodes.map((n) => {
            const terminal = n.id === START_NODE || n.id === END_NODE;
            const t = terminal ? 0 : n.count / maxCount;
            return {
              id: n.id,
              name: n.id,
              x: n.x,
              y: n.y,
              value: n.count,
              symbol: terminal ? 'circle' : 'roundRect',
              symbolSize: terminal ? 34 : [n.width, NODE_HEIGHT],
              itemStyle: terminal
                ? { color: n.id === START_NODE ? '#2e7d32' : '#b71c1c' }
                : { color: mode === 'frequency' ? `rgba(21,101,192,${0.12 + 0.5 * t})` : '#eceff1', borderColor: mode === 'frequency' ? '#1565c0' : '#78909c', borderWidth: 1 },
              label: terminal
                ? { show: true, position: 'right', formatter: n.label, color: '#263238' }
                : {
                    show: true,
                    formatter: `{a|${n.label}}\n{b|${n.count}${n.loops ? `  ↻${n.loops}` : ''}}`,
                    width: n.width - 10,
                    overflow: 'truncate',
                    rich: { a: { fontSize: 12, color: '#102027', lineHeight: 16 }, b: { fontSize: 11, color: '#455a64', lineHeight: 14 } },
                  },
            };
          }),
          ...anchors(graph),
        ],
        links: graph.edges.map((e) => ({
          source: e.from,
          target: e.to,
          value: e.count,
          lineStyle: { width: e.width, color: e.color, curveness: e.curveness, opacity: 0.9 },
          label: { show: e.label !== '', formatter: e.label },
        })),
      },
    ],
  };
}

/**
 * ECharts fits the extent of the nodes into the chart; a map one column wide has no width to fit,
 * so two invisible points give it the width of one column gap.
 */
function anchors(graph: MapGraph): Array<Record<string, unknown>> {
  if (graph.width >= GAP_X) return [];
  return [-GAP_X / 2, GAP_X / 2].map((x, i) => ({
    id: `\u0001anchor${i}`,
    name: `\u0001anchor${i}`,
    x,
    y: 0,
    symbolSize: 0,
    label: { show: false },
    tooltip: { show: false },
    silent: true,
  }));
}

const SIDE_MARGIN = 110;
const END_MARGIN = 40;

/** The chart's size that draws the map at scale 1: its height, and the width it needs at least. */
export function mapSize(graph: MapGraph): { height: number; minWidth: number } {
  return { height: (graph.layers - 1) * GAP_Y + 2 * END_MARGIN, minWidth: Math.max(graph.width, GAP_X) + 2 * SIDE_MARGIN };
}
