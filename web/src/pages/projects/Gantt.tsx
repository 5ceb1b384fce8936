// The project's milestones as a Gantt chart in working days (the one chart wrapper; ECharts
// loaded on first use): each bar spans from the previous milestone to this one, planned in
// blue, actual in green, overdue in red; the axis counts working days from the project's start.
// Below the milestones, a row per approval under way shows its predicted path: one segment per
// step, from the filing day.
import { useMemo } from 'react';
import EChart from '../../components/EChart.js';
import type { GanttBar, PredictedPathView } from './api.js';

type Laid = Extract<PredictedPathView, { enough: true }>;

/** Where each bar begins: the working days of the bars before it (bars follow one another). */
function offsets(days: number[]): number[] {
  let at = 0;
  return days.map((d) => {
    const start = at;
    at += d;
    return start;
  });
}

const defaultPathLabel = (p: Laid) => p.service;

export default function Gantt({
  bars,
  names,
  legend,
  paths = [],
  pathLabel = defaultPathLabel,
}: {
  bars: GanttBar[];
  names: string[];
  legend: [string, string, string?];
  paths?: Laid[];
  pathLabel?: (p: Laid) => string;
}) {
  const option = useMemo(() => {
    // Predicted rows follow the milestones' rows; each series is null on the rows it does not draw.
    const none = (n: number) => Array.from({ length: n }, () => null);
    const longest = Math.max(0, ...paths.map((p) => p.steps.length));
    const stepSeries = Array.from({ length: longest }, (_, k) => ({
      type: 'bar',
      stack: 'plan',
      name: legend[2],
      itemStyle: { color: k % 2 ? '#fa8c16' : '#ffc069' },
      data: [...none(bars.length), ...paths.map((p) => (p.steps[k] ? { value: p.steps[k].medianWorkdays, name: p.steps[k].name } : null))],
    }));
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: legend.filter(Boolean), top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: [...names, ...paths.map(pathLabel)], inverse: true },
      series: [
        {
          type: 'bar',
          stack: 'plan',
          itemStyle: { color: 'transparent' },
          data: [...offsets(bars.map((b) => b.plannedWorkdays)), ...paths.map((p) => p.offsetWorkdays)],
          tooltip: { show: false },
          silent: true,
        },
        { type: 'bar', stack: 'plan', name: legend[0], data: bars.map((b) => ({ value: b.plannedWorkdays, itemStyle: { color: b.state === 'overdue' ? '#c62828' : '#1677ff' } })) },
        { type: 'bar', stack: 'actual', itemStyle: { color: 'transparent' }, data: offsets(bars.map((b) => b.actualWorkdays ?? 0)), tooltip: { show: false }, silent: true },
        { type: 'bar', stack: 'actual', name: legend[1], itemStyle: { color: '#2e7d32' }, data: bars.map((b) => b.actualWorkdays) },
        ...stepSeries,
      ],
    };
  }, [bars, names, legend, paths, pathLabel]);
  return <EChart option={option} height={40 + (bars.length + paths.length) * 36} ariaLabel={legend.filter(Boolean).join(' / ')} testId="project-gantt" />;
}
