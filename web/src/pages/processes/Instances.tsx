// The process instances the caller may see (GET /api/engine/instances): newest first, paged on
// the server, filtered by status and process (or fixed to one deployment); each opens its view.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Badge, Button, Input, Select, Space, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { MESSAGES, useI18n, type MessageKey } from '../../i18n/index.js';
import { engineApi, type InstancePage, type InstanceStatus, type InstanceSummary } from './api.js';
import { formatInstant } from '../mining/format.js';
import { usePeople } from '../reform/shared.js';

const PAGE = 20;
const STATUSES: InstanceStatus[] = ['active', 'completed', 'cancelled', 'terminated'];
export const STATUS_COLOURS: Record<string, 'processing' | 'success' | 'default' | 'warning'> = {
  active: 'processing',
  completed: 'success',
  cancelled: 'default',
  terminated: 'warning',
};

export function useStatusLabel(): (status: string) => string {
  const { t } = useI18n();
  return (status: string) => {
    const key = `processes.status.${status}`;
    return key in MESSAGES['zh-CN'] ? t(key as MessageKey) : status;
  };
}

export default function Instances({ deploymentId, refreshKey = 0 }: { deploymentId?: number; refreshKey?: number }) {
  const { lang, t } = useI18n();
  const statusLabel = useStatusLabel();
  const [status, setStatus] = useState<InstanceStatus | undefined>(undefined);
  const [processKey, setProcessKey] = useState('');
  const [typed, setTyped] = useState('');
  const [page, setPage] = useState(1);
  const { data, error, reload } = useLoad<InstancePage>(
    (signal) => engineApi.instances({ deploymentId, processKey: deploymentId ? undefined : processKey || undefined, status, limit: PAGE, offset: (page - 1) * PAGE }, signal),
    [deploymentId, processKey, status, page, refreshKey],
  );
  const person = usePeople((data?.items ?? []).map((i) => i.startedBy));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Select<InstanceStatus | 'all'>
          value={status ?? 'all'}
          style={{ width: 140 }}
          onChange={(v) => {
            setStatus(v === 'all' ? undefined : v);
            setPage(1);
          }}
          options={[{ value: 'all' as const, label: t('processes.instances.allStatuses') }, ...STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))]}
          data-testid="instances-status"
        />
        {!deploymentId && (
          <Input.Search
            allowClear
            placeholder={t('processes.instances.processKey')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onSearch={(v) => {
              setProcessKey(v.trim());
              setPage(1);
            }}
            style={{ width: 220 }}
          />
        )}
        <Button icon={<ReloadOutlined />} onClick={reload}>
          {t('processes.refresh')}
        </Button>
        {data && <Typography.Text type="secondary">{t('processes.instances.total', { n: data.totalCapped ? `${data.total}+` : data.total })}</Typography.Text>}
      </Space>
      {error !== null && <Alert type="error" showIcon title={errorText(error, lang)} />}
      <Table<InstanceSummary>
        rowKey="id"
        size="small"
        loading={data === null && error === null}
        dataSource={data?.items ?? []}
        data-testid="instances"
        locale={{ emptyText: t('processes.instances.empty') }}
        pagination={{ current: page, pageSize: PAGE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        columns={[
          {
            title: t('processes.deployments.name'),
            key: 'process',
            render: (_: unknown, i) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/processes/instances/${encodeURIComponent(i.id)}`}>{`${i.processName ?? i.processKey} · v${i.version}`}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {i.id}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('processes.start.businessKey'), dataIndex: 'businessKey', render: (v: string | null) => (v ? person(v) : '—') },
          { title: t('processes.instances.status'), dataIndex: 'status', render: (v: string) => <Badge status={STATUS_COLOURS[v] ?? 'default'} text={statusLabel(v)} /> },
          { title: t('processes.instances.startedBy'), dataIndex: 'startedBy', render: (v: string | null) => (v ? person(v) : '—') },
          { title: t('processes.instance.started'), dataIndex: 'startedAt', render: (v: string) => formatInstant(v) },
          { title: t('processes.instance.ended'), dataIndex: 'endedAt', render: (v: string | null) => formatInstant(v) },
          { title: t('processes.deployments.region'), dataIndex: 'regionCode' },
        ]}
      />
    </Space>
  );
}
