// The dispatcher's board (and every office's worklist): counts per column, the cases of the
// chosen column with their clocks.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Badge, Segmented, Space, Table, Tag } from 'antd';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useI18n } from '../../i18n/index.js';
import { CASE_STATUS_LABELS } from '../../../../src/cases/model.js';
import { casesApi, type BoardCounts, type CaseSummary } from './api.js';
import { useText, type TextKey } from './text.js';
import { ProvisionalMark } from '../processes/DeadlineTag.js';

const VIEWS = ['new', 'overdue', 'whistled', 'bounced', 'leader', 'open', 'mine', 'all'] as const;

export default function Board() {
  const x = useText();
  const { lang } = useI18n();
  const [view, setView] = useState<(typeof VIEWS)[number]>('open');
  // The counts on the views are asked again with each view; without them the views show unnumbered.
  const board = useLoad(() => casesApi.board(), [view]);
  const counts = board.error ? null : board.data;
  const { data, error } = useLoad(() => casesApi.list(view), [view]);
  const rows = data?.cases ?? [];

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Segmented
        value={view}
        onChange={(v) => setView(v as (typeof VIEWS)[number])}
        options={VIEWS.map((v) => ({
          value: v,
          label:
            counts && v in counts ? (
              <Badge count={counts[v as keyof BoardCounts]} size="small" offset={[8, -2]}>
                {x(v as TextKey)}
              </Badge>
            ) : (
              x(v as TextKey)
            ),
        }))}
      />
      {error !== null && <Alert type="error" showIcon title={errorText(error, lang)} />}
      <Table<CaseSummary>
        rowKey="id"
        size="small"
        dataSource={rows}
        locale={{ emptyText: x('empty') }}
        scroll={{ x: 800 }}
        columns={[
          { title: x('id'), dataIndex: 'id', width: 70, render: (id: number) => <Link to={`/cases/${id}`}>#{id}</Link> },
          { title: x('category'), dataIndex: 'categoryCode', width: 120 },
          { title: x('description'), dataIndex: 'description', ellipsis: true },
          {
            title: x('status'),
            dataIndex: 'status',
            width: 200,
            render: (_: unknown, c) => (
              <Space size={4} wrap>
                <Tag color={c.finished ? 'green' : 'blue'}>{CASE_STATUS_LABELS[c.status][lang === 'en' ? 'en' : 'zh']}</Tag>
                {c.overdue && <Tag color="red">{x('overdueTag')}</Tag>}
                {c.bounced && <Tag color="orange">{x('bouncedTag')}</Tag>}
                {c.reopened > 0 && <Tag>{x('reopenedTag', { n: c.reopened })}</Tag>}
              </Space>
            ),
          },
          { title: x('unit'), dataIndex: 'unitName', width: 140 },
          {
            title: x('handleDue'),
            dataIndex: 'handleDue',
            width: 190,
            render: (v: string | null, c) =>
              v ? (
                <>
                  {v}
                  <ProvisionalMark when={c.provisional?.handleDue} />
                </>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Space>
  );
}
