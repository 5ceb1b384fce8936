// The county map: the boundaries the county loaded (GET /api/cases/boundaries) drawn by
// ECharts offline, with the open cases as points (red when overdue). Without loaded
// boundaries the page says so and draws nothing.
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Empty } from 'antd';
import { errorText, request } from '../../api/client.js';
import { useI18n } from '../../i18n/index.js';
import { casesApi, type CaseSummary } from './api.js';
import { useText } from './text.js';

interface Boundaries {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; properties: { regionCode: string; name: string }; geometry: unknown }>;
}

export default function CaseMap() {
  const x = useText();
  const { lang } = useI18n();
  const navigate = useNavigate();
  const element = useRef<HTMLDivElement>(null);
  const [data, setData] = useState<{ boundaries: Boundaries; cases: CaseSummary[] } | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    Promise.all([request<Boundaries>('GET', '/api/cases/boundaries'), casesApi.list('open')]).then(([boundaries, list]) => setData({ boundaries, cases: list.cases }), setError);
  }, []);

  useEffect(() => {
    if (!data || !data.boundaries.features.length) return;
    let disposed = false;
    let cleanup = () => {};
    import('./map-echarts.js').then(({ echarts }) => {
      if (disposed || !element.current) return;
      // Features are named by region name so the tooltip reads naturally.
      echarts.registerMap('county', { type: 'FeatureCollection', features: data.boundaries.features.map((f) => ({ ...f, properties: { ...f.properties, name: f.properties.name } })) } as never);
      const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
      const point = (c: CaseSummary) => ({ name: `#${c.id} ${c.description}`, value: [c.lng, c.lat, c.id], itemStyle: { color: c.overdue ? '#c62828' : '#1677ff' } });
      chart.setOption({
        tooltip: { trigger: 'item' },
        geo: { map: 'county', roam: true, itemStyle: { areaColor: '#f5f5f5', borderColor: '#999' }, label: { show: true, fontSize: 10 } },
        series: [{ type: 'scatter', coordinateSystem: 'geo', symbolSize: 10, data: data.cases.filter((c) => c.lat !== null && c.lng !== null).map(point) }],
      });
      chart.on('click', (e) => {
        const v = (e as { value?: unknown }).value;
        if (Array.isArray(v) && typeof v[2] === 'number') navigate(`/cases/${v[2]}`);
      });
      const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(() => chart.resize()) : null;
      observer?.observe(element.current);
      cleanup = () => {
        observer?.disconnect();
        chart.dispose();
      };
    }, setError);
    return () => {
      disposed = true;
      cleanup();
    };
  }, [data, navigate]);

  if (error) return <Alert type="error" showIcon title={errorText(error, lang)} />;
  if (data && !data.boundaries.features.length) return <Empty description={x('noBoundaries')} />;
  return <div ref={element} role="img" aria-label={x('map')} style={{ width: '100%', height: 520 }} />;
}
