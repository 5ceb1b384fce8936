// The project's milestones as a Gantt chart in working days (the one chart wrapper; ECharts
// loaded on first use): each bar spans from the previous milestone to this one, planned in
// blue, actual in green, overdue in red; the axis counts working days from the project's start.
import { useMemo } from 'react';
import EChart from '../../components/EChart.js';
import type { GanttBar } from './api.js';

/** Where each bar begins: the working days of the bars before it (bars follow one another). */
function offsets(days: number[]): number[] {
  let at = 0;
  return days.map((d) => {
    const start = at;
    at += d;
    return start;
  });
}

export default function Gantt({ bars, names, legend }: { bars: GanttBar[]; names: string[]; legend: [string, string] }) {
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: legend, top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: names, inverse: true },
      series: [
        { type: 'bar', stack: 'plan', itemStyle: { color: 'transparent' }, data: offsets(bars.map((b) => b.plannedWorkdays)), tooltip: { show: false }, silent: true },
        { type: 'bar', stack: 'plan', name: legend[0], data: bars.map((b) => ({ value: b.plannedWorkdays, itemStyle: { color: b.state === 'overdue' ? '#c62828' : '#1677ff' } })) },
        { type: 'bar', stack: 'actual', itemStyle: { color: 'transparent' }, data: offsets(bars.map((b) => b.actualWorkdays ?? 0)), tooltip: { show: false }, silent: true },
        { type: 'bar', stack: 'actual', name: legend[1], itemStyle: { color: '#2e7d32' }, data: bars.map((b) => b.actualWorkdays) },
      ],
    }),
    [bars, names, legend],
  );
  return <EChart option={option} height={40 + bars.length * 36} ariaLabel={legend.join(' / ')} testId="project-gantt" />;
}
