// The variant explorer: every distinct path through the process, most frequent first, with its
// share and cumulative coverage; the selected variant's steps in order; a chart of the top ones.
import { useMemo, useState } from 'react';
import { Card, Col, Row, Table, Tag, Timeline, Typography } from 'antd';
import { useI18n } from '../../i18n/index.js';
import Chart from './Chart.js';
import type { LogSummary, Variant } from './api.js';
import { formatShare } from './format.js';

const CHART_VARIANTS = 15;

export default function VariantExplorer({ summary }: { summary: LogSummary }) {
  const { t } = useI18n();
  const rows = useMemo(() => summary.variants.map((v, i) => ({ ...v, rank: i + 1 })), [summary]);
  const [selected, setSelected] = useState(1);
  const current = rows.find((r) => r.rank === selected) ?? rows[0];
  const toCover = (share: number) => rows.findIndex((r) => r.cumulativeShare >= share - 1e-9) + 1;

  const option = useMemo(() => {
    const top = rows.slice(0, CHART_VARIANTS);
    return {
      animation: false,
      color: ['#c62828', '#546e7a'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 48, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: top.map((r) => `#${r.rank}`) },
      yAxis: [
        { type: 'value', name: t('mining.variants.cases'), minInterval: 1 },
        { type: 'value', name: t('mining.variants.cumulative'), max: 100, axisLabel: { formatter: '{value}%' } },
      ],
      series: [
        { type: 'bar', name: t('mining.variants.cases'), data: top.map((r) => r.count), barMaxWidth: 28 },
        { type: 'line', name: t('mining.variants.cumulative'), yAxisIndex: 1, data: top.map((r) => Number((r.cumulativeShare * 100).toFixed(1))) },
      ],
    };
  }, [rows, t]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Typography.Paragraph data-testid="variant-coverage">
          {t('mining.variants.coverage', { total: summary.totalVariants, cases: summary.cases, p80: toCover(0.8), listed: rows.length })}
        </Typography.Paragraph>
        <Table<Variant & { rank: number }>
          size="small"
          rowKey="rank"
          dataSource={rows}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          data-testid="variant-table"
          onRow={(record) => ({ onClick: () => setSelected(record.rank), style: { cursor: 'pointer', background: record.rank === current?.rank ? '#fff1f0' : undefined } })}
          columns={[
            { title: '#', dataIndex: 'rank', width: 56 },
            { title: t('mining.variants.cases'), dataIndex: 'count', width: 90, align: 'right' },
            { title: t('mining.variants.share'), dataIndex: 'share', width: 90, align: 'right', render: (v: number) => formatShare(v) },
            { title: t('mining.variants.cumulative'), dataIndex: 'cumulativeShare', width: 100, align: 'right', render: (v: number) => formatShare(v) },
            { title: t('mining.variants.steps'), key: 'length', width: 80, align: 'right', render: (_: unknown, r) => r.activities.length },
            {
              title: t('mining.variants.path'),
              key: 'path',
              ellipsis: true,
              render: (_: unknown, r) => (
                <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                  {r.activities.join(' → ')}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Col>
      <Col xs={24} xl={10}>
        {current && (
          <Card size="small" title={t('mining.variants.selected', { rank: current.rank, count: current.count, share: formatShare(current.share) })} data-testid="variant-detail">
            {current.exampleCase && (
              <Typography.Paragraph type="secondary">
                {t('mining.variants.example')} <Tag>{current.exampleCase}</Tag>
              </Typography.Paragraph>
            )}
            <Timeline items={current.activities.map((a, i) => ({ key: `${i}`, content: `${i + 1}. ${a}` }))} />
          </Card>
        )}
        <Card size="small" title={t('mining.variants.chart')} style={{ marginTop: 16 }}>
          <Chart option={option} height={280} ariaLabel={t('mining.variants.chart')} />
        </Card>
      </Col>
    </Row>
  );
}
