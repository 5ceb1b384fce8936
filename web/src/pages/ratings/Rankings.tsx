// Fair rankings of a month per dimension: the ranked units first (Wilson lower bound of the
// 好评率), units with too few ratings after them; publish into the history; export xlsx.
import { useState } from 'react';
import { Alert, App as AntApp, Button, DatePicker, Segmented, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { DIMENSIONS, DIMENSION_LABELS } from '../../../../src/rating/model.js';
import type { RankedUnit } from '../../../../src/rating/score.js';
import { useAuth } from '../../auth/AuthContext.js';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import BarChart from '../../components/BarChart.js';
import { pct, ratingsApi, thisMonth, type Dimension, type PublishedRanking } from './api.js';
import { useText } from './text.js';
import { usePeople } from '../reform/shared.js';

export function RankingTable({ rows, testId }: { rows: RankedUnit[]; testId?: string }) {
  const { tx } = useText();
  return (
    <Table<RankedUnit>
      data-testid={testId}
      size="small"
      rowKey="key"
      pagination={false}
      scroll={{ x: true }}
      dataSource={rows}
      columns={[
        { title: tx('rank'), dataIndex: 'rank', render: (r: number | null) => r ?? <Tag>{tx('sampleTooSmall')}</Tag> },
        { title: tx('name'), dataIndex: 'name' },
        { title: tx('total'), dataIndex: 'total' },
        { title: tx('positiveRate'), dataIndex: 'positiveRate', render: pct },
        { title: tx('score'), dataIndex: 'score', render: pct },
        { title: tx('negative'), dataIndex: 'negative' },
        { title: tx('defaults'), dataIndex: 'defaults', render: (n: number | undefined) => n ?? 0 },
        { title: tx('average'), dataIndex: 'average', render: (x: number | null) => x?.toFixed(2) ?? '—' },
        { title: tx('smoothedAverage'), dataIndex: 'smoothedAverage', render: (x: number | null) => x?.toFixed(2) ?? '—' },
        { title: tx('onTime'), render: (_, u) => `${u.rectifiedOnTime}/${u.rectified}` },
        { title: tx('appealsUpheld'), dataIndex: 'appealsUpheld' },
      ]}
    />
  );
}

export default function Rankings() {
  const { tx, label, lang } = useText();
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  const [dimension, setDimension] = useState<Dimension>('department');
  const [month, setMonth] = useState(thisMonth());
  const rankingAnswer = useLoad(() => ratingsApi.ranking(dimension, month), [dimension, month], { keep: 'reload' });
  const ranking = rankingAnswer.data;
  // The published rankings; publishing answers with nothing, so they are read again after it.
  const historyAnswer = useLoad(() => ratingsApi.history(dimension), [dimension]);
  const history = historyAnswer.data?.items ?? [];
  const person = usePeople(history.map((h) => h.createdBy));
  const error = rankingAnswer.error ?? historyAnswer.error;
  const publisher = user?.role === 'admin' || user?.role === 'reform_office';
  const ranked = ranking?.rows.filter((r) => r.rank !== null) ?? [];

  const publish = async () => {
    try {
      await ratingsApi.publish(dimension, month);
      historyAnswer.set(await ratingsApi.history(dimension));
      message.success(tx('done'));
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented value={dimension} onChange={(v) => setDimension(v as Dimension)} options={DIMENSIONS.map((d) => ({ value: d, label: label(DIMENSION_LABELS[d]) }))} />
        <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && setMonth(d.format('YYYY-MM'))} aria-label={tx('month')} />
        {publisher && (
          <Button onClick={publish} data-testid="publish-ranking">
            {tx('publish')}
          </Button>
        )}
        <Button href={ratingsApi.exportUrl(month)}>{tx('export')}</Button>
      </Space>
      {ranking && <Typography.Text type="secondary">{tx('fairness', { n: ranking.minSample })}</Typography.Text>}
      {ranked.length > 0 && (
        <BarChart
          categories={ranked.map((r) => r.name)}
          values={ranked.map((r) => Math.round(r.score * 1000) / 10)}
          seriesName={tx('score')}
          horizontal
          height={Math.max(160, ranked.length * 32)}
        />
      )}
      <RankingTable rows={ranking?.rows ?? []} testId="ranking-table" />
      <Typography.Title level={5}>{tx('published')}</Typography.Title>
      <Table<PublishedRanking>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={history}
        columns={[
          { title: tx('month'), render: (_, h) => h.period.from.slice(0, 7) },
          { title: tx('dimension'), render: (_, h) => label(DIMENSION_LABELS[h.dimension]) },
          { title: tx('first'), render: (_, h) => h.rows.find((r) => r.rank === 1)?.name ?? '—' },
          { title: tx('publishedAt'), render: (_, h) => `${h.createdAt.slice(0, 16).replace('T', ' ')} ${person(h.createdBy)}` },
        ]}
      />
    </Space>
  );
}
