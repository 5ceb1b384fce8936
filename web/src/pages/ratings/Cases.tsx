// 差评整改: the cases in the caller's scope (the reform office's county, a department its own).
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Segmented, Space, Table, Tag } from 'antd';
import { LEVEL_LABELS } from '../../../../src/rating/model.js';
import { CASE_STATUSES, CASE_STATUS_LABELS, type CaseStatus } from '../../../../src/rating/rectification.js';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { ratingsApi, type CaseView } from './api.js';
import { useText } from './text.js';
import { useDepartments } from '../reform/shared.js';
import { ProvisionalTag } from '../processes/DeadlineTag.js';

export const STATUS_COLOURS: Record<CaseStatus, string> = { verifying: 'orange', rectifying: 'blue', appealed: 'purple', rectified: 'cyan', closed: 'green', excluded: 'default' };

export default function Cases() {
  const { tx, label, lang } = useText();
  const [status, setStatus] = useState<CaseStatus | 'all'>('all');
  const { data, error } = useLoad(() => ratingsApi.cases(status === 'all' ? undefined : status), [status], { keep: 'reload' });
  const items = data?.items ?? null;
  const { name: departmentName } = useDepartments();
  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as CaseStatus | 'all')}
        options={[{ value: 'all', label: tx('all') }, ...CASE_STATUSES.map((s) => ({ value: s, label: label(CASE_STATUS_LABELS[s]) }))]}
      />
      <Table<CaseView>
        data-testid="cases-table"
        rowKey="id"
        loading={!items}
        dataSource={items ?? []}
        pagination={{ pageSize: 20 }}
        columns={[
          { title: '#', dataIndex: 'id', render: (id: number) => <Link to={`/ratings/cases/${id}`}>{id}</Link> },
          {
            title: tx('status'),
            dataIndex: 'status',
            render: (s: CaseStatus, c) => (
              <Space size={4}>
                <Tag color={STATUS_COLOURS[s]}>{label(CASE_STATUS_LABELS[s])}</Tag>
                {c.overdue && <Tag color="red">{tx('overdue')}</Tag>}
              </Space>
            ),
          },
          { title: tx('level'), render: (_, c) => <Tag color="red">{label(LEVEL_LABELS[c.rating.level])}</Tag> },
          { title: tx('matter'), render: (_, c) => c.rating.matterName },
          { title: tx('department'), dataIndex: 'departmentCode', render: (c: string | null) => (c ? departmentName(c) : '—') },
          { title: tx('ratedAt'), render: (_, c) => c.rating.ratedAt.slice(0, 16).replace('T', ' ') },
          {
            title: tx('rectifyDue'),
            dataIndex: 'rectifyDue',
            render: (d: string | null, c) => (
              <>
                {d ?? ''}
                {c.provisional ? (
                  <>
                    {' '}
                    <ProvisionalTag />
                  </>
                ) : null}
              </>
            ),
          },
          { title: '', render: (_, c) => <Link to={`/ratings/cases/${c.id}`}>{tx('open')}</Link> },
        ]}
      />
    </Space>
  );
}
