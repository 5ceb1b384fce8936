// Where time goes: the transitions with the longest waits (the bottleneck table and a chart of
// the slowest), waiting and processing per activity where the log has start events, rework,
// and deadlines against a due date in the log or the promised time limit.
import { useMemo, useState } from 'react';
import { Card, Col, Empty, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/index.js';
import Chart from './Chart.js';
import type { DfgEdge, LogSummary, WorkByActivity } from './api.js';
import { formatHours, formatSeconds, formatShare } from './format.js';
import { statisticSeconds, type MapStatistic } from './processMap.js';

const CHART_EDGES = 10;

/** Sort by a waiting-time statistic, or by the time a transition costs the whole log (how often it is taken times its mean wait). */
export type SortKey = MapStatistic | 'total';

export function sortSeconds(edge: DfgEdge, key: SortKey): number | null {
  if (key !== 'total') return statisticSeconds(edge, key);
  return edge.meanSeconds === null ? null : edge.count * edge.meanSeconds;
}

export default function Bottlenecks({ summary }: { summary: LogSummary }) {
  const { lang, t } = useI18n();
  const [statistic, setStatistic] = useState<SortKey>('total');
  const edges = useMemo(
    () =>
      [...summary.dfg.edges]
        .filter((e) => sortSeconds(e, statistic) !== null)
        .sort((a, b) => (sortSeconds(b, statistic) ?? 0) - (sortSeconds(a, statistic) ?? 0) || b.count - a.count),
    [summary, statistic],
  );
  const totalWait = useMemo(() => edges.reduce((sum, e) => sum + (sortSeconds(e, 'total') ?? 0), 0), [edges]);
  const option = useMemo(() => {
    const top = edges.slice(0, CHART_EDGES).reverse();
    return {
      animation: false,
      color: ['#c62828'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => formatSeconds(v * 3600, lang) },
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: t('mining.bottleneck.hours') },
      yAxis: { type: 'category', data: top.map((e) => `${e.from} → ${e.to}`), axisLabel: { width: 260, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          name: t(`mining.stat.${statistic}`),
          data: top.map((e) => Number(((sortSeconds(e, statistic) ?? 0) / 3600).toFixed(2))),
          barMaxWidth: 22,
          label: { show: true, position: 'right', formatter: (p: { value: number }) => formatSeconds(p.value * 3600, lang) },
        },
      ],
    };
  }, [edges, statistic, lang, t]);

  const work = summary.work;
  const due = summary.deadlines.due;
  const promised = summary.deadlines.promised;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={14}>
          <Space style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">{t('mining.bottleneck.sortBy')}</Typography.Text>
            <Segmented
              value={statistic}
              onChange={(v) => setStatistic(v as SortKey)}
              options={(['total', 'median', 'mean', 'p90'] as const).map((s) => ({ value: s, label: t(`mining.stat.${s}`) }))}
            />
          </Space>
          <Table<DfgEdge>
            size="small"
            data-testid="bottleneck-table"
            rowKey={(e) => `${e.from}\u0000${e.to}`}
            dataSource={edges}
            pagination={{ pageSize: 10, showSizeChanger: false }}
            columns={[
              { title: '#', key: 'rank', width: 48, render: (_: unknown, __: DfgEdge, i: number) => i + 1 },
              {
                title: t('mining.bottleneck.transition'),
                key: 'transition',
                render: (_: unknown, e) => (
                  <span>
                    {e.from} <Typography.Text type="secondary">→</Typography.Text> {e.to}
                  </span>
                ),
              },
              { title: t('mining.map.count'), dataIndex: 'count', width: 72, align: 'right' },
              { title: t('mining.stat.median'), dataIndex: 'medianSeconds', width: 96, align: 'right', render: (v: number | null) => formatSeconds(v, lang) },
              { title: t('mining.stat.mean'), dataIndex: 'meanSeconds', width: 96, align: 'right', render: (v: number | null) => formatSeconds(v, lang) },
              { title: t('mining.stat.p90'), dataIndex: 'p90Seconds', width: 96, align: 'right', render: (v: number | null) => formatSeconds(v, lang) },
              {
                title: t('mining.bottleneck.shareOfWait'),
                key: 'share',
                width: 96,
                align: 'right',
                render: (_: unknown, e) => (totalWait ? formatShare((sortSeconds(e, 'total') ?? 0) / totalWait) : '—'),
              },
            ]}
          />
        </Col>
        <Col xs={24} xxl={10}>
          <Card size="small" title={t('mining.bottleneck.chart', { n: Math.min(CHART_EDGES, edges.length), statistic: t(`mining.stat.${statistic}`) })}>
            {edges.length ? (
              <Chart
                option={option}
                height={Math.max(220, Math.min(CHART_EDGES, edges.length) * 34 + 30)}
                ariaLabel={t('mining.bottleneck.chart', { n: CHART_EDGES, statistic: '' })}
              />
            ) : (
              <Empty />
            )}
          </Card>
        </Col>
      </Row>

      <Card size="small" title={t('mining.work.title')}>
        {work.available ? (
          <>
            <Space size="large" wrap style={{ marginBottom: 12 }}>
              <Statistic title={t('mining.work.processing')} value={formatHours(work.medianCaseProcessingHours, lang)} />
              <Statistic title={t('mining.work.waiting')} value={formatHours(work.medianCaseWaitingHours, lang)} />
              <Statistic title={t('mining.work.processingShare')} value={formatShare(work.processingShare)} />
            </Space>
            <Table<WorkByActivity>
              size="small"
              rowKey="activity"
              dataSource={[...work.byActivity].sort((a, b) => (b.waitingSeconds.median ?? 0) - (a.waitingSeconds.median ?? 0))}
              pagination={{ pageSize: 10, showSizeChanger: false }}
              columns={[
                { title: t('mining.activity'), dataIndex: 'activity' },
                { title: t('mining.work.instances'), dataIndex: 'instances', align: 'right', width: 90 },
                { title: t('mining.work.waitingMedian'), key: 'w', align: 'right', width: 130, render: (_: unknown, r) => formatSeconds(r.waitingSeconds.median, lang) },
                { title: t('mining.work.processingMedian'), key: 'p', align: 'right', width: 130, render: (_: unknown, r) => formatSeconds(r.processingSeconds.median, lang) },
              ]}
            />
          </>
        ) : (
          <Typography.Text type="secondary">{t('mining.work.unavailable')}</Typography.Text>
        )}
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('mining.rework.title', { share: formatShare(summary.rework.share), cases: summary.rework.casesWithRework })}>
            <Table
              size="small"
              rowKey="activity"
              dataSource={[...summary.rework.byActivity].sort((a, b) => b.cases - a.cases)}
              pagination={{ pageSize: 8, showSizeChanger: false }}
              locale={{ emptyText: t('mining.rework.none') }}
              columns={[
                { title: t('mining.activity'), dataIndex: 'activity' },
                { title: t('mining.rework.cases'), dataIndex: 'cases', align: 'right', width: 110 },
                { title: t('mining.rework.repeats'), dataIndex: 'repeats', align: 'right', width: 110 },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('mining.deadlines.title')} data-testid="deadlines">
            {!due && !promised && <Typography.Text type="secondary">{t('mining.deadlines.none')}</Typography.Text>}
            {promised && (
              <Typography.Paragraph>
                {t('mining.deadlines.promised', { limit: promised.limitWorkdays, late: promised.late, cases: promised.cases, share: formatShare(promised.lateShare) })}{' '}
                {promised.lateCaseIds.slice(0, 20).map((id) => (
                  <Tag key={id} color="red">
                    {id}
                  </Tag>
                ))}
              </Typography.Paragraph>
            )}
            {due && (
              <>
                <Typography.Paragraph>
                  {t('mining.deadlines.due', { attribute: due.attribute, late: due.late, events: due.events, share: formatShare(due.lateShare), cases: due.lateCases })}
                </Typography.Paragraph>
                <Table
                  size="small"
                  rowKey="activity"
                  dataSource={[...due.byActivity].sort((a, b) => b.late - a.late)}
                  pagination={{ pageSize: 8, showSizeChanger: false }}
                  columns={[
                    { title: t('mining.activity'), dataIndex: 'activity' },
                    { title: t('mining.deadlines.late'), dataIndex: 'late', align: 'right', width: 90 },
                    { title: t('mining.deadlines.medianDelay'), dataIndex: 'medianDelayHours', align: 'right', width: 120, render: (v: number | null) => formatHours(v, lang) },
                  ]}
                />
              </>
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
