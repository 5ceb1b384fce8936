// The county map: the boundaries the county loaded (GET /api/cases/boundaries) drawn by
// ECharts offline (the one chart wrapper), with the open cases as points (red when overdue). Without loaded
// boundaries the page says so and draws nothing.
import { useCallback, useMemo } from 'react';
import type { EChartsType } from 'echarts/core';
import { useNavigate } from 'react-router-dom';
import { Alert, Empty } from 'antd';
import { errorText, request } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import EChart from '../../components/EChart.js';
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
  const { data, error } = useLoad(
    () => Promise.all([request<Boundaries>('GET', '/api/cases/boundaries'), casesApi.list('open')]).then(([boundaries, list]) => ({ boundaries, cases: list.cases })),
    [],
  );

  // The county's boundaries are registered with ECharts before the chart is drawn from them.
  const parts = useCallback(
    () =>
      import('./map-echarts.js').then((m) => {
        // Features are named by region name so the tooltip reads naturally.
        if (data)
          m.echarts.registerMap('county', {
            type: 'FeatureCollection',
            features: data.boundaries.features.map((f) => ({ ...f, properties: { ...f.properties, name: f.properties.name } })),
          } as never);
        return m;
      }),
    [data],
  );
  const option = useMemo(() => {
    const point = (c: CaseSummary) => ({ name: `#${c.id} ${c.description}`, value: [c.lng, c.lat, c.id], itemStyle: { color: c.overdue ? '#c62828' : '#1677ff' } });
    return {
      tooltip: { trigger: 'item' },
      geo: { map: 'county', roam: true, itemStyle: { areaColor: '#f5f5f5', borderColor: '#999' }, label: { show: true, fontSize: 10 } },
      series: [{ type: 'scatter', coordinateSystem: 'geo', symbolSize: 10, data: (data?.cases ?? []).filter((c) => c.lat !== null && c.lng !== null).map(point) }],
    };
  }, [data]);
  const onChart = useCallback(
    (chart: EChartsType) => {
      chart.on('click', (e) => {
        const v = (e as { value?: unknown }).value;
        if (Array.isArray(v) && typeof v[2] === 'number') navigate(`/cases/${v[2]}`);
      });
    },
    [navigate],
  );

  if (error) return <Alert type="error" showIcon title={errorText(error, lang)} />;
  if (data && !data.boundaries.features.length) return <Empty description={x('noBoundaries')} />;
  if (!data) return <div role="img" aria-label={x('map')} style={{ width: '100%', height: 520 }} />;
  return <EChart option={option} parts={parts} onChart={onChart} height={520} ariaLabel={x('map')} />;
}
