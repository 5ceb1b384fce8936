// Before and after, side by side for each figure (ECharts, loaded on first use).
import { useEffect, useRef, useState } from 'react';

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
  const element = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    import('./echarts.js').then(
      ({ echarts }) => {
        if (disposed || !element.current) return;
        const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
        chart.setOption({
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
  }, [categories, before, after, beforeName, afterName]);

  if (failed) return <div role="alert">{failed}</div>;
  return <div ref={element} role="img" aria-label={ariaLabel ?? `${beforeName} / ${afterName}`} style={{ width: '100%', height }} />;
}
