// A bar chart drawn by ECharts. ECharts is loaded on first use, so pages without charts never
// download it.
import { useEffect, useRef, useState } from 'react';

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
  const element = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    import('./echarts.js').then(
      ({ echarts }) => {
        if (disposed || !element.current) return;
        const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
        const categoryAxis = { type: 'category' as const, data: categories, axisLabel: { interval: 0, overflow: 'truncate' as const, width: 140 }, inverse: horizontal };
        const valueAxis = { type: 'value' as const, minInterval: 1 };
        chart.setOption({
          color: ['#c62828'],
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          grid: { left: 16, right: 24, top: 16, bottom: 8, containLabel: true },
          xAxis: horizontal ? valueAxis : categoryAxis,
          yAxis: horizontal ? categoryAxis : valueAxis,
          series: [{ type: 'bar', name: seriesName, data: values, barMaxWidth: 28, label: { show: true, position: horizontal ? 'right' : 'top' } }],
        });
        const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => chart.resize()) : null;
        observer?.observe(element.current);
        cleanup = () => {
          observer?.disconnect();
          chart.dispose();
        };
      },
      (error: unknown) => {
        if (!disposed) setFailed(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      disposed = true;
      cleanup();
    };
  }, [categories, values, seriesName, horizontal]);

  if (failed) return <div role="alert">{failed}</div>;
  return <div ref={element} role="img" aria-label={ariaLabel ?? seriesName} style={{ width: '100%', height }} />;
}
