// The process map with its controls: frequency or performance, which waiting-time statistic,
// and how much of the map to show on large logs.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Col, InputNumber, Row, Segmented, Select, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/index.js';
import Chart from './Chart.js';
import type { Dfg } from './api.js';
import { formatSeconds } from './format.js';
import { buildMapGraph, mapSize, processMapOption, type MapLabels, type MapMode, type MapStatistic } from './processMap.js';

/** Activities shown at first on a large log (the user can show more). */
const FIRST_ACTIVITIES = 20;
/** Paths shown at first: the most frequent, so that a spaghetti log still opens readable. */
const FIRST_EDGES = 60;

/** The smallest count among the `limit` most frequent paths (1 when there are fewer). */
export function firstEdgeThreshold(counts: number[], limit = FIRST_EDGES): number {
  if (counts.length <= limit) return 1;
  return Math.max(1, [...counts].sort((a, b) => b - a)[limit - 1]);
}

export default function ProcessMapView({
  dfg,
  mode: initialMode = 'frequency',
  compact = false,
  testId = 'process-map',
}: {
  dfg: Dfg;
  mode?: MapMode;
  compact?: boolean;
  testId?: string;
}) {
  const { lang, t } = useI18n();
  const [mode, setMode] = useState<MapMode>(initialMode);
  const [statistic, setStatistic] = useState<MapStatistic>('median');
  const [activities, setActivities] = useState(Math.min(FIRST_ACTIVITIES, dfg.activities.length));
  const [minEdgeCount, setMinEdgeCount] = useState(() => firstEdgeThreshold(dfg.edges.map((e) => e.count)));
  const scroller = useRef<HTMLDivElement>(null);

  const labels = useMemo<MapLabels>(
    () => ({
      start: t('mining.map.start'),
      end: t('mining.map.end'),
      duration: (s) => formatSeconds(s, lang),
      nodeTooltip: (name, count) => `${name}<br/>${t('mining.map.occurrences')}: ${count}`,
      edgeTooltip: (e) =>
        `${e.from} → ${e.to}<br/>${t('mining.map.count')}: ${e.count}<br/>${t('mining.stat.mean')}: ${formatSeconds(e.meanSeconds, lang)}<br/>${t('mining.stat.median')}: ${formatSeconds(e.medianSeconds, lang)}<br/>${t('mining.stat.p90')}: ${formatSeconds(e.p90Seconds, lang)}`,
    }),
    [lang, t],
  );
  const graph = useMemo(() => buildMapGraph(dfg, mode, statistic, labels, { activities, minEdgeCount }), [dfg, mode, statistic, labels, activities, minEdgeCount]);
  const option = useMemo(() => {
    const lookup = new Map(dfg.edges.map((e) => [`${e.from}\u0000${e.to}`, e]));
    return processMapOption(graph, mode, labels, (from, to) => lookup.get(`${from}\u0000${to}`));
  }, [graph, mode, labels, dfg]);
  const maxEdge = Math.max(1, ...dfg.edges.map((e) => e.count));
  const size = mapSize(graph);
  // A map wider than the page opens centred on the start.
  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollLeft = Math.max(0, (el.scrollWidth - el.clientWidth) / 2);
  }, [size.minWidth]);

  return (
    <div>
      <Row gutter={[12, 8]} align="middle" style={{ marginBottom: 8 }}>
        <Col>
          <Segmented
            data-testid={`${testId}-mode`}
            value={mode}
            onChange={(value) => setMode(value as MapMode)}
            options={[
              { value: 'frequency', label: t('mining.map.frequency') },
              { value: 'performance', label: t('mining.map.performance') },
            ]}
          />
        </Col>
        {mode === 'performance' && (
          <Col>
            <Select
              value={statistic}
              onChange={setStatistic}
              style={{ width: 150 }}
              aria-label={t('mining.map.statistic')}
              options={(['median', 'mean', 'p90'] as const).map((s) => ({ value: s, label: t(`mining.stat.${s}`) }))}
            />
          </Col>
        )}
        {!compact && (
          <Col>
            <Space size={6}>
              <Typography.Text type="secondary">{t('mining.map.activitiesShown')}</Typography.Text>
              <InputNumber size="small" min={1} max={dfg.activities.length} value={activities} onChange={(v) => setActivities(v ?? dfg.activities.length)} style={{ width: 72 }} />
              <Typography.Text type="secondary">/ {dfg.activities.length}</Typography.Text>
            </Space>
          </Col>
        )}
        {!compact && (
          <Col>
            <Space size={6}>
              <Typography.Text type="secondary">{t('mining.map.minEdgeCount')}</Typography.Text>
              <InputNumber size="small" min={1} max={maxEdge} value={minEdgeCount} onChange={(v) => setMinEdgeCount(v ?? 1)} style={{ width: 80 }} />
            </Space>
          </Col>
        )}
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {mode === 'frequency' ? t('mining.map.frequencyHint') : t('mining.map.performanceHint', { statistic: t(`mining.stat.${statistic}`) })}
      </Typography.Paragraph>
      <div data-testid={testId} data-mode={mode} data-edges={graph.edges.length} data-nodes={graph.nodes.length}>
        <div ref={scroller} style={{ overflowX: 'auto' }}>
          <Chart option={option} height={size.height} minWidth={size.minWidth} ariaLabel={t('mining.tab.map')} />
        </div>
      </div>
    </div>
  );
}
