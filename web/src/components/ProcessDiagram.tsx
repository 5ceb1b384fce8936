// A BPMN diagram drawn by bpmn-js (pan with the mouse, zoom with the wheel). bpmn-js is
// loaded on first use, so pages without diagrams never download it.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Space, Spin } from 'antd';
import { CompressOutlined, ZoomInOutlined, ZoomOutOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/index.js';

interface Canvas {
  zoom(level?: number | 'fit-viewport', center?: 'auto'): number;
}

export interface ProcessDiagramProps {
  xml: string;
  height?: number;
  ariaLabel?: string;
}

export default function ProcessDiagram({ xml, height = 360, ariaLabel }: ProcessDiagramProps) {
  const { t } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  const canvas = useRef<Canvas | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | { error: string }>('loading');

  useEffect(() => {
    let disposed = false;
    let destroy = () => {};
    setState('loading');
    import('./bpmnViewer.js')
      .then(async ({ NavigatedViewer }) => {
        if (disposed || !element.current) return;
        const viewer = new NavigatedViewer({ container: element.current });
        destroy = () => viewer.destroy();
        await viewer.importXML(xml);
        if (disposed) return;
        const c = viewer.get<Canvas>('canvas');
        canvas.current = c;
        c.zoom('fit-viewport', 'auto');
        setState('ready');
      })
      .catch((error: unknown) => {
        if (!disposed) setState({ error: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      disposed = true;
      canvas.current = null;
      destroy();
    };
  }, [xml]);

  const zoom = (factor: number) => {
    const c = canvas.current;
    if (c) c.zoom(c.zoom() * factor);
  };

  return (
    <div data-testid="process-diagram" data-state={typeof state === 'string' ? state : 'error'}>
      {typeof state === 'object' ? <Alert type="error" showIcon title={t('diagram.failed')} description={state.error} /> : null}
      <Space style={{ marginBottom: 8 }}>
        <Button size="small" icon={<CompressOutlined />} onClick={() => canvas.current?.zoom('fit-viewport', 'auto')} disabled={state !== 'ready'}>
          {t('diagram.fit')}
        </Button>
        <Button size="small" icon={<ZoomInOutlined />} aria-label={t('diagram.zoomIn')} onClick={() => zoom(1.2)} disabled={state !== 'ready'} />
        <Button size="small" icon={<ZoomOutOutlined />} aria-label={t('diagram.zoomOut')} onClick={() => zoom(1 / 1.2)} disabled={state !== 'ready'} />
      </Space>
      <Spin spinning={state === 'loading'}>
        <div ref={element} role="img" aria-label={ariaLabel ?? t('diagram.label')} style={{ height, border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff' }} />
      </Spin>
    </div>
  );
}
