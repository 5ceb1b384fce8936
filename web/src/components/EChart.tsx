// The one ECharts canvas of the web app: every chart (bars, lines, the Gantt, the mining
// maps) is an option handed to this component. ECharts is imported on first draw, so pages
// without charts never download it; `parts` picks which build of it (the basic bar and line
// charts unless a page needs graph or map series). The chart is made once and keeps its
// instance while the option changes; it follows the size of its box.
import { useEffect, useRef, useState } from 'react';
import type { EChartsType } from 'echarts/core';

type EChartsModule = { echarts: { init: (el: HTMLElement, theme?: string, opts?: { renderer: 'canvas' }) => EChartsType } };

export interface EChartProps {
  /** The ECharts option; keep it memoised — a new object redraws the chart. */
  option: Record<string, unknown>;
  height: number;
  /** Wider content scrolls sideways in its container instead of shrinking. */
  minWidth?: number;
  ariaLabel: string;
  testId?: string;
  /** The ECharts parts to load (default: bar and line charts with grid, legend and tooltip). */
  parts?: () => Promise<EChartsModule>;
  /** Called once the chart exists (event handlers); what it returns runs when the chart goes. */
  onChart?: (chart: EChartsType) => void | (() => void);
}

const basicParts = () => import('./echarts.js') as Promise<EChartsModule>;

export default function EChart({ option, height, minWidth, ariaLabel, testId, parts = basicParts, onChart }: EChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const latest = useRef({ option, parts, onChart });
  latest.current = { option, parts, onChart };

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    latest.current.parts().then(
      ({ echarts }) => {
        if (disposed || !element.current) return;
        const instance = echarts.init(element.current, undefined, { renderer: 'canvas' });
        chart.current = instance;
        instance.setOption(latest.current.option, true);
        const detach = latest.current.onChart?.(instance);
        const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => instance.resize()) : null;
        observer?.observe(element.current);
        cleanup = () => {
          detach?.();
          observer?.disconnect();
          instance.dispose();
        };
      },
      (error: unknown) => {
        if (!disposed) setFailed(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      disposed = true;
      cleanup();
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
