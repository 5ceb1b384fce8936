// A BPMN diagram drawn by bpmn-js (loaded on first use), with badges per element: active tokens
// (green, the element where the instance waits now) and how often the element was completed
// (grey). Elements with a token are highlighted.
import { useEffect, useRef, useState } from 'react';
import { Alert } from 'antd';
import { useT } from '../../i18n/index.js';

export interface ElementBadge {
  elementId: string;
  /** Tokens on the element now. */
  active?: number;
  /** Times the element was completed. */
  done?: number;
  /** Open incidents on the element. */
  incidents?: number;
}

export interface BpmnViewerProps {
  xml: string;
  badges?: ElementBadge[];
  height?: number;
  testId?: string;
}

interface ViewerLike {
  importXML: (xml: string) => Promise<{ warnings: unknown[] }>;
  get: (name: string) => unknown;
  destroy: () => void;
}
interface CanvasLike {
  zoom: (level: string | number) => void;
  addMarker: (id: string, marker: string) => void;
  removeMarker: (id: string, marker: string) => void;
}
interface OverlaysLike {
  add: (id: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement }) => string;
  remove: (filter: { type: string }) => void;
}
interface RegistryLike {
  get: (id: string) => unknown;
  getAll: () => Array<{ id: string; type: string; businessObject?: { di?: unknown } }>;
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

export default function BpmnViewer({ xml, badges = [], height = 420, testId }: BpmnViewerProps) {
  const t = useT();
  const element = useRef<HTMLDivElement>(null);
  const viewer = useRef<ViewerLike | null>(null);
  const [ready, setReady] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let disposed = false;
    setProblem(null);
    import('./bpmn.js').then(
      async ({ NavigatedViewer }) => {
        if (disposed || !element.current) return;
        const instance = new NavigatedViewer({ container: element.current }) as unknown as ViewerLike;
        viewer.current?.destroy();
        viewer.current = instance;
        try {
          await instance.importXML(xml);
          if (disposed) return;
          const registry = instance.get('elementRegistry') as RegistryLike;
          const shapes = registry.getAll().filter((e) => e.type !== 'bpmn:Process' && e.type !== 'bpmn:Collaboration' && e.type !== 'label');
          if (!shapes.length) {
            setProblem(t('bpmn.noDiagram'));
            return;
          }
          (instance.get('canvas') as CanvasLike).zoom('fit-viewport');
          setReady((n) => n + 1);
        } catch (error) {
          if (!disposed) setProblem(`${t('bpmn.unreadable')} ${error instanceof Error ? error.message : String(error)}`);
        }
      },
      (error: unknown) => {
        if (!disposed) setProblem(error instanceof Error ? error.message : String(error));
      },
    );
    return () => {
      disposed = true;
    };
    // Only a new model redraws the diagram; badges are laid over it below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [xml]);

  useEffect(() => () => viewer.current?.destroy(), []);

  useEffect(() => {
    const instance = viewer.current;
    if (!instance || !ready) return;
    const overlays = instance.get('overlays') as OverlaysLike;
    const canvas = instance.get('canvas') as CanvasLike;
    const registry = instance.get('elementRegistry') as RegistryLike;
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
  }, [badges, ready, t]);

  return (
    <div className="zz-bpmn" data-testid={testId}>
      <style>{STYLE}</style>
      {problem && <Alert type="warning" showIcon title={problem} style={{ marginBottom: 8 }} />}
      <div ref={element} style={{ height, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff', display: problem ? 'none' : 'block' }} />
    </div>
  );
}
