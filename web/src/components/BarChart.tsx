// A bar chart, drawn by the one chart wrapper (ECharts loaded on first use).
import { useMemo } from 'react';
import EChart from './EChart.js';

export interface BarChartProps {
  categories: string[];
  values: number[];
  seriesName: string;
  /** Bars run left to right with the categories down the side (for long names). */
  horizontal?: boolean;
  height?: number;
  ariaLabel?: string;
}

export default function BarChart({ categories, values, seriesName, horizontal = false, height = 320, ariaLabel }: BarChartProps) {
  const option = useMemo(() => {
    const categoryAxis = { type: 'category' as const, data: categories, axisLabel: { interval: 0, overflow: 'truncate' as const, width: 140 }, inverse: horizontal };
    const valueAxis = { type: 'value' as const, minInterval: 1 };
    return {
      color: ['#c62828'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 16, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: [{ type: 'bar', name: seriesName, data: values, barMaxWidth: 28, label: { show: true, position: horizontal ? 'right' : 'top' } }],
    };
  }, [categories, values, seriesName, horizontal]);
  return <EChart option={option} height={height} ariaLabel={ariaLabel ?? seriesName} />;
}
