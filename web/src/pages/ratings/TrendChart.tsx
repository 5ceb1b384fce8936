// Ratings per day and 差评 per day, as lines (ECharts, loaded on first use).
import { useEffect, useRef } from 'react';

export default function TrendChart({ dates, totals, negatives, names }: { dates: string[]; totals: number[]; negatives: number[]; names: [string, string] }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    void import('../../components/echarts.js').then(({ echarts }) => {
      if (disposed || !element.current) return;
      const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
      chart.setOption({
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
  }, [dates, totals, negatives, names]);
  return <div ref={element} role="img" aria-label={names.join(' / ')} style={{ width: '100%', height: 240 }} />;
}
