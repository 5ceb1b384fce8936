// Open incidents (a service task that kept failing): where, why, since when; retry from here.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App as AntApp, Alert, Button, Space, Table, Typography } from 'antd';
import { RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useI18n } from '../../i18n/index.js';
import { engineApi, type Incident } from './api.js';
import { formatInstant } from '../mining/format.js';

export default function Incidents() {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const { data: items, error, reload } = useLoad((signal) => engineApi.incidents(signal), []);
  const [retrying, setRetrying] = useState<string | null>(null);

  const retry = async (incident: Incident) => {
    setRetrying(incident.id);
    try {
      await engineApi.resolveIncident(incident.id);
      message.success(t('processes.incidents.retried'));
      reload();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setRetrying(null);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Button icon={<ReloadOutlined />} onClick={reload}>
        {t('processes.refresh')}
      </Button>
      {error !== null && <Alert type="error" showIcon title={errorText(error, lang)} />}
      <Table<Incident>
        rowKey="id"
        loading={items === null && error === null}
        dataSource={items ?? []}
        data-testid="incidents"
        locale={{ emptyText: t('processes.incidents.empty') }}
        columns={[
          { title: t('processes.incidents.created'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatInstant(v) },
          {
            title: t('processes.task.instance'),
            dataIndex: 'instanceId',
            width: 120,
            render: (id: string) => (
              <Link to={`/processes/instances/${encodeURIComponent(id)}`}>
                <Typography.Text code>{id.slice(0, 8)}</Typography.Text>
              </Link>
            ),
          },
          { title: t('processes.incidents.element'), dataIndex: 'elementId', width: 160 },
          { title: t('processes.incidents.service'), dataIndex: 'serviceType', width: 140, render: (v?: string) => v ?? '—' },
          { title: t('processes.incidents.message'), dataIndex: 'message', render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text> },
          {
            title: '',
            key: 'retry',
            width: 110,
            render: (_: unknown, incident) => (
              <Button icon={<RedoOutlined />} loading={retrying === incident.id} onClick={() => retry(incident)}>
                {t('processes.incidents.retry')}
              </Button>
            ),
          },
        ]}
      />
    </Space>
  );
}
