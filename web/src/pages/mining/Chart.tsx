// An ECharts canvas for the mining pages. ECharts is imported on first draw, so only pages
// that show a chart download it.
import { useEffect, useRef, useState } from 'react';

export interface ChartProps {
  option: Record<string, unknown>;
  height: number;
  /** Wider content scrolls sideways in its container instead of shrinking. */
  minWidth?: number;
  ariaLabel: string;
  testId?: string;
}

export default function Chart({ option, height, minWidth, ariaLabel, testId }: ChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<{ setOption: (o: unknown, notMerge?: boolean) => void; resize: () => void; dispose: () => void } | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const optionRef = useRef(option);
  optionRef.current = option;

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    import('./echarts.js').then(
      ({ echarts }) => {
        if (disposed || !element.current) return;
        const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
        chart.current = instance;
        instance.setOption(optionRef.current, true);
        observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => instance.resize()) : null;
        observer?.observe(element.current);
      },
      (error: unknown) => {
        if (!disposed) setFailed(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  useEffect(() => {
    chart.current?.resize();
  }, [height, minWidth]);

  if (failed) return <div role="alert">{failed}</div>;
  return <div ref={element} role="img" aria-label={ariaLabel} data-testid={testId} style={{ width: '100%', minWidth, height }} />;
}
