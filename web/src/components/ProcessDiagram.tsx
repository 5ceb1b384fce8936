// The one BPMN diagram of the web app, drawn by bpmn-js (pan with the mouse, zoom with the
// wheel; fit and zoom buttons unless `controls` is off). bpmn-js is loaded on first use, so
// pages without diagrams never download it. Optional badges per element: active tokens
// (green, where an instance waits now; the element highlighted), how often the element was
// completed (grey) and open incidents (red). A new model redraws the diagram; new badges are
// laid over the one drawn.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Space, Spin } from 'antd';
import { CompressOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/index.js';

export interface ElementBadge {
  elementId: string;
  /** Tokens on the element now. */
  active?: number;
  /** Times the element was completed. */
  done?: number;
  /** Open incidents on the element. */
  incidents?: number;
}

export interface ProcessDiagramProps {
  xml: string;
  height?: number;
  ariaLabel?: string;
  badges?: ElementBadge[];
  /** Fit and zoom buttons above the diagram (default shown). */
  controls?: boolean;
  testId?: string;
}

interface Canvas {
  zoom(level?: number | 'fit-viewport', center?: 'auto'): number;
  addMarker(id: string, marker: string): void;
  removeMarker(id: string, marker: string): void;
}
interface Overlays {
  add(id: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }): string;
  remove(filter: { type: string }): void;
}
interface Registry {
  get(id: string): unknown;
  getAll(): Array<{ id: string; type: string }>;
}
interface Drawn {
  canvas: Canvas;
  overlays: Overlays;
  registry: Registry;
}

const STYLE = `
.zz-bpmn .zz-active:not(.djs-connection) .djs-visual > :nth-child(1) { stroke: #2e7d32 !important; stroke-width: 3px !important; fill: #e8f5e9 !important; }
.zz-bpmn .zz-incident:not(.djs-connection) .djs-visual > :nth-child(1) { stroke: #c62828 !important; stroke-width: 3px !important; }
.zz-badge { display: inline-block; min-width: 20px; padding: 0 6px; border-radius: 10px; font: 600 12px/20px sans-serif; text-align: center; color: #fff; white-space: nowrap; box-shadow: 0 1px 2px rgba(0,0,0,.25); }
.zz-badge-active { background: #2e7d32; }
.zz-badge-done { background: #607d8b; }
.zz-badge-incident { background: #c62828; }
`;

function badge(kind: 'active' | 'done' | 'incident', value: number, title: string): HTMLElement {
  const span = document.createElement('span');
  span.className = `zz-badge zz-badge-${kind}`;
  span.textContent = String(value);
  span.title = title;
  span.dataset.badge = kind;
  return span;
}

const NO_BADGES: ElementBadge[] = [];

export default function ProcessDiagram({ xml, height = 360, ariaLabel, badges = NO_BADGES, controls = true, testId = 'process-diagram' }: ProcessDiagramProps) {
  const { t } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState<Drawn | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | { title: string; error?: string }>('loading');

  useEffect(() => {
    let disposed = false;
    let destroy = () => {};
    setState('loading');
    setDrawn(null);
    import('./bpmnViewer.js')
      .then(async ({ NavigatedViewer }) => {
        if (disposed || !element.current) return;
        const viewer = new NavigatedViewer({ container: element.current });
        destroy = () => viewer.destroy();
        await viewer.importXML(xml);
        if (disposed) return;
        const registry = viewer.get<Registry>('elementRegistry');
        if (!registry.getAll().some((e) => e.type !== 'bpmn:Process' && e.type !== 'bpmn:Collaboration' && e.type !== 'label')) {
          setState({ title: t('bpmn.noDiagram') });
          return;
        }
        const canvas = viewer.get<Canvas>('canvas');
        canvas.zoom('fit-viewport', 'auto');
        setDrawn({ canvas, overlays: viewer.get<Overlays>('overlays'), registry });
        setState('ready');
      })
      .catch((error: unknown) => {
        if (!disposed) setState({ title: t('diagram.failed'), error: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      disposed = true;
      destroy();
    };
    // Only a new model redraws the diagram (the language changes no shape in it).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [xml]);

  useEffect(() => {
    if (!drawn) return;
    const { canvas, overlays, registry } = drawn;
    overlays.remove({ type: 'zz-badge' });
    for (const e of registry.getAll()) {
      canvas.removeMarker(e.id, 'zz-active');
      canvas.removeMarker(e.id, 'zz-incident');
    }
    for (const b of badges) {
      if (!registry.get(b.elementId)) continue;
      if (b.active) {
        canvas.addMarker(b.elementId, 'zz-active');
        overlays.add(b.elementId, 'zz-badge', { position: { top: -10, left: -10 }, html: badge('active', b.active, t('bpmn.badgeActive')) });
      }
      if (b.done) overlays.add(b.elementId, 'zz-badge', { position: { bottom: 10, right: 10 }, html: badge('done', b.done, t('bpmn.badgeDone')) });
      if (b.incidents) {
        canvas.addMarker(b.elementId, 'zz-incident');
        overlays.add(b.elementId, 'zz-badge', { position: { top: -10, right: 10 }, html: badge('incident', b.incidents, t('bpmn.badgeIncident')) });
      }
    }
  }, [drawn, badges, t]);

  const zoom = (factor: number) => {
    if (drawn) drawn.canvas.zoom(drawn.canvas.zoom() * factor);
  };
  const problem = typeof state === 'object' ? state : null;

  return (
    <div className="zz-bpmn" data-testid={testId} data-state={problem ? 'error' : state}>
      {badges.length ? <style>{STYLE}</style> : null}
      {problem ? <Alert type={problem.error ? 'error' : 'warning'} showIcon title={problem.title} description={problem.error} style={{ marginBottom: 8 }} /> : null}
      {controls ? (
        <Space style={{ marginBottom: 8 }}>
          <Button size="small" icon={<CompressOutlined />} onClick={() => drawn?.canvas.zoom('fit-viewport', 'auto')} disabled={state !== 'ready'}>
            {t('diagram.fit')}
          </Button>
          <Button size="small" icon={<ZoomInOutlined />} aria-label={t('diagram.zoomIn')} onClick={() => zoom(1.2)} disabled={state !== 'ready'} />
          <Button size="small" icon={<ZoomOutOutlined />} aria-label={t('diagram.zoomOut')} onClick={() => zoom(1 / 1.2)} disabled={state !== 'ready'} />
        </Space>
      ) : null}
      <Spin spinning={state === 'loading'}>
        <div
          ref={element}
          role="img"
          aria-label={ariaLabel ?? t('diagram.label')}
          style={{ height, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff', display: problem ? 'none' : 'block' }}
        />
      </Spin>
    </div>
  );
}
