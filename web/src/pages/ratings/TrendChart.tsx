// Ratings per day and 差评 per day, as lines (the one chart wrapper; ECharts loaded on first use).
import { useMemo } from 'react';
import EChart from '../../components/EChart.js';

export default function TrendChart({ dates, totals, negatives, names }: { dates: string[]; totals: number[]; negatives: number[]; names: [string, string] }) {
  const option = useMemo(
    () => ({
      color: ['#1677ff', '#c62828'],
      tooltip: { trigger: 'axis' },
      legend: { data: names, top: 0 },
      grid: { left: 16, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: dates.map((d) => d.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { type: 'line', name: names[0], data: totals, smooth: true },
        { type: 'line', name: names[1], data: negatives, smooth: true },
      ],
    }),
    [dates, totals, negatives, names],
  );
  return <EChart option={option} height={240} ariaLabel={names.join(' / ')} />;
}
