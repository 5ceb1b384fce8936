// The logs stored on the server: pick one to analyse it, or delete it.
import { Button, Popconfirm, Select, Space, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/index.js';
import { type StoredLog } from './api.js';

export default function StoredLogs({
  stored,
  current,
  busy,
  onPick,
  onRemove,
}: {
  stored: StoredLog[];
  current: StoredLog | undefined;
  busy: boolean;
  onPick: (entry: StoredLog) => void;
  onRemove: (entry: StoredLog) => void;
}) {
  const { t } = useI18n();
  return (
    <Space style={{ marginTop: 12, width: '100%' }} wrap data-testid="stored-logs">
      <Typography.Text strong>{t('mining.stored.title')}</Typography.Text>
      <Select
        style={{ minWidth: 320 }}
        placeholder={stored.length ? t('mining.stored.pick') : t('mining.stored.none')}
        disabled={busy || stored.length === 0}
        value={current?.id}
        onChange={(id: number) => {
          const entry = stored.find((l) => l.id === id);
          if (entry) onPick(entry);
        }}
        options={stored.map((l) => ({ value: l.id, label: t('mining.stored.option', { name: l.name, cases: l.cases, events: l.events }) }))}
        data-testid="stored-log-select"
      />
      {current && (
        <Popconfirm title={t('mining.stored.deleteConfirm', { name: current.name })} onConfirm={() => onRemove(current)}>
          <Button danger icon={<DeleteOutlined />} disabled={busy} data-testid="delete-stored">
            {t('mining.stored.delete')}
          </Button>
        </Popconfirm>
      )}
      <Typography.Text type="secondary">{t('mining.stored.hint')}</Typography.Text>
    </Space>
  );
}
