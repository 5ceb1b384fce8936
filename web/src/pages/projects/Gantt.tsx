// The project's milestones as a Gantt chart in working days (ECharts, loaded on first use):
// each bar spans from the previous milestone to this one, planned in blue, actual in green,
// overdue in red; the axis counts working days from the project's start. Below the milestones, a
// row per approval under way shows its predicted path: one segment per step, from the filing day.
import { useEffect, useRef } from 'react';
import type { GanttBar, PredictedPathView } from './api.js';

type Laid = Extract<PredictedPathView, { enough: true }>;

export default function Gantt({ bars, names, legend, paths = [], pathLabel = (p) => p.service }: { bars: GanttBar[]; names: string[]; legend: [string, string, string?]; paths?: Laid[]; pathLabel?: (p: Laid) => string }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    void import('../../components/echarts.js').then(({ echarts }) => {
      if (disposed || !element.current) return;
      const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
      // Offsets: working days from the start to each bar's beginning (bars follow one another).
      const offsets: number[] = [];
      let at = 0;
      for (const b of bars) {
        offsets.push(at);
        at += b.plannedWorkdays;
      }
      const actualOffsets: number[] = [];
      let actualAt = 0;
      for (const b of bars) {
        actualOffsets.push(actualAt);
        actualAt += b.actualWorkdays ?? 0;
      }
      // Predicted rows follow the milestones' rows; each series is null on the rows it does not draw.
      const pad = <T,>(head: T[], tail: T[]) => [...head, ...tail];
      const none = (n: number) => Array.from({ length: n }, () => null);
      const longest = Math.max(0, ...paths.map((p) => p.steps.length));
      const stepSeries = Array.from({ length: longest }, (_, k) => ({
        type: 'bar',
        stack: 'plan',
        name: legend[2],
        itemStyle: { color: k % 2 ? '#fa8c16' : '#ffc069' },
        data: pad(none(bars.length), paths.map((p) => (p.steps[k] ? { value: p.steps[k].medianWorkdays, name: p.steps[k].name } : null))),
        tooltip: { valueFormatter: (v: number) => `${v}` },
      }));
      chart.setOption({
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        legend: { data: legend.filter(Boolean), top: 0 },
        grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'value', minInterval: 1 },
        yAxis: { type: 'category', data: [...names, ...paths.map(pathLabel)], inverse: true },
        series: [
          { type: 'bar', stack: 'plan', itemStyle: { color: 'transparent' }, data: pad<number | null>(offsets, paths.map((p) => p.offsetWorkdays)), tooltip: { show: false }, silent: true },
          { type: 'bar', stack: 'plan', name: legend[0], data: bars.map((b) => ({ value: b.plannedWorkdays, itemStyle: { color: b.state === 'overdue' ? '#c62828' : '#1677ff' } })) },
          { type: 'bar', stack: 'actual', itemStyle: { color: 'transparent' }, data: actualOffsets, tooltip: { show: false }, silent: true },
          { type: 'bar', stack: 'actual', name: legend[1], itemStyle: { color: '#2e7d32' }, data: bars.map((b) => b.actualWorkdays) },
          ...stepSeries,
        ],
      });
      const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => chart.resize()) : null;
      observer?.observe(element.current);
      cleanup = () => {
        observer?.disconnect();
        chart.dispose();
      };
    });
    return () => {
      disposed = true;
      cleanup();
    };
  }, [bars, names, legend, paths, pathLabel]);
  return <div ref={element} role="img" aria-label={legend.filter(Boolean).join(' / ')} data-testid="project-gantt" style={{ width: '100%', height: 40 + (bars.length + paths.length) * 36 }} />;
}
