// Before and after, side by side for each figure (the one chart wrapper; ECharts loaded on first use).
import { useMemo } from 'react';
import EChart from './EChart.js';

export interface BeforeAfterChartProps {
  categories: string[];
  before: Array<number | null>;
  after: Array<number | null>;
  beforeName: string;
  afterName: string;
  height?: number;
  ariaLabel?: string;
}

export default function BeforeAfterChart({ categories, before, after, beforeName, afterName, height = 320, ariaLabel }: BeforeAfterChartProps) {
  const option = useMemo(
    () => ({
      color: ['#9e9e9e', '#c62828'],
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 16, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, width: 90, overflow: 'break' } },
      yAxis: { type: 'value' },
      series: [
        { type: 'bar', name: beforeName, data: before, barMaxWidth: 26, label: { show: true, position: 'top' } },
        { type: 'bar', name: afterName, data: after, barMaxWidth: 26, label: { show: true, position: 'top' } },
      ],
    }),
    [categories, before, after, beforeName, afterName],
  );
  return <EChart option={option} height={height} ariaLabel={ariaLabel ?? `${beforeName} / ${afterName}`} />;
}
