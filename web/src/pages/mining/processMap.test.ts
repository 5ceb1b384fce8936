// The process map's graph: frequency labels and widths by count, performance by waiting time,
// a start and an end node, and the filter for large logs. Drawn from the running example's
// directly-follows graph as the server computes it.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importXesString } from '../../../../src/mining/import/xes.js';
import { discoverDfg } from '../../../../src/mining/discover/dfg.js';
import { sharedData, sharedDataExists } from '../../../../test/support/shared-data.js';
import { buildMapGraph, END_NODE, processMapOption, START_NODE, type MapLabels } from './processMap.js';
import { formatSeconds } from './format.js';
import type { Dfg } from './api.js';

const labels: MapLabels = {
  start: '开始',
  end: '结束',
  duration: (s) => formatSeconds(s, 'zh-CN'),
  edgeTooltip: (e) => `${e.from}→${e.to}`,
  nodeTooltip: (name, count) => `${name}:${count}`,
};

describe.runIf(sharedDataExists('eventlogs', 'running-example.xes'))('process map of the running example', () => {
  const dfg = discoverDfg(importXesString(fs.readFileSync(sharedData('eventlogs', 'running-example.xes'), 'utf8'))) as Dfg;
  const edge = (graph: ReturnType<typeof buildMapGraph>, from: string, to: string) => graph.edges.find((e) => e.from === from && e.to === to)!;

  it('by frequency: every path labelled with how often it is taken, the busiest the widest', () => {
    const graph = buildMapGraph(dfg, 'frequency', 'median', labels);
    expect(graph.nodes.map((n) => n.id)).toEqual([START_NODE, ...dfg.activities.map((a) => a.name), END_NODE]);
    expect(graph.nodes.find((n) => n.id === 'decide')!.count).toBe(9);
    expect(graph.nodes.find((n) => n.id === START_NODE)!.count).toBe(6); // six cases start
    expect(graph.edges).toHaveLength(dfg.edges.length + dfg.startActivities.length + dfg.endActivities.length);
    expect(edge(graph, 'check ticket', 'decide').label).toBe('6');
    expect(edge(graph, START_NODE, 'register request').label).toBe('6');
    expect(edge(graph, START_NODE, 'register request').width).toBe(8);
    expect(edge(graph, 'decide', 'reject request').width).toBeLessThan(edge(graph, 'check ticket', 'decide').width);
    // The rework loop goes back up and is curved.
    expect(edge(graph, 'reinitiate request', 'check ticket').curveness).toBeGreaterThan(0);
  });

  it('by performance: paths labelled with the chosen waiting-time statistic, the slowest the widest and reddest', () => {
    const median = buildMapGraph(dfg, 'performance', 'median', labels);
    expect(edge(median, 'decide', 'pay compensation').label).toBe('6 天'); // 521,400 s
    expect(edge(median, 'decide', 'pay compensation').width).toBe(8);
    expect(edge(median, 'decide', 'pay compensation').color).toBe('rgb(183,28,28)');
    expect(edge(median, 'register request', 'examine casually').label).toBe('1.1 小时'); // 3,840 s
    expect(edge(median, START_NODE, 'register request').label).toBe(''); // no wait before the first event
    const p90 = buildMapGraph(dfg, 'performance', 'p90', labels);
    expect(edge(p90, 'decide', 'pay compensation').label).toBe('8.2 天'); // 711,720 s
  });

  it('shows only the most frequent activities and the paths taken often enough when asked', () => {
    const graph = buildMapGraph(dfg, 'frequency', 'median', labels, { activities: 4, minEdgeCount: 3 });
    expect(graph.nodes.map((n) => n.id).sort()).toEqual([START_NODE, END_NODE, 'check ticket', 'decide', 'examine casually', 'register request'].sort());
    expect(graph.edges.filter((e) => e.from !== START_NODE && e.to !== END_NODE).every((e) => e.count >= 3)).toBe(true);
  });

  it('gives ECharts a graph series with fixed positions, arrows and the labels', () => {
    const graph = buildMapGraph(dfg, 'frequency', 'median', labels);
    const option = processMapOption(graph, 'frequency', labels, () => undefined) as {
      series: Array<{
        type: string;
        layout: string;
        data: Array<{ id: string; x: number; y: number }>;
        links: Array<{ source: string; target: string; label: { formatter: string } }>;
      }>;
    };
    const [series] = option.series;
    expect(series.type).toBe('graph');
    expect(series.layout).toBe('none');
    expect(series.data).toHaveLength(10);
    expect(series.links.find((l) => l.source === 'check ticket' && l.target === 'decide')!.label.formatter).toBe('6');
    const start = series.data.find((d) => d.id === START_NODE)!;
    const end = series.data.find((d) => d.id === END_NODE)!;
    expect(end.y).toBeGreaterThan(start.y);
  });
});

describe('process map details', () => {
  it('shows an activity followed by itself on its box, not as a line through it', () => {
    const dfg: Dfg = {
      activities: [
        { name: '受理', count: 2 },
        { name: '审查', count: 1 },
      ],
      startActivities: [{ name: '受理', count: 1 }],
      endActivities: [{ name: '审查', count: 1 }],
      edges: [
        { from: '受理', to: '受理', count: 1, meanSeconds: 2, medianSeconds: 2, p90Seconds: 2 },
        { from: '受理', to: '审查', count: 1, meanSeconds: 3, medianSeconds: 3, p90Seconds: 3 },
      ],
    };
    const graph = buildMapGraph(dfg, 'frequency', 'median', labels);
    expect(graph.edges.some((e) => e.from === e.to)).toBe(false);
    expect(graph.nodes.find((n) => n.id === '受理')!.loops).toBe(1);
    const option = processMapOption(graph, 'frequency', labels, () => undefined) as { series: Array<{ data: Array<{ id: string; label: { formatter: string } }> }> };
    expect(option.series[0].data.find((d) => d.id === '受理')!.label.formatter).toContain('↻1');
    // One column wide: two invisible points give the map its width.
    expect(option.series[0].data.filter((d) => d.id.startsWith('\u0001anchor'))).toHaveLength(2);
  });
});
