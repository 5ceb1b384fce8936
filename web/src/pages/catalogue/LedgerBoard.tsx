// 流程再造事项台账: items with unit, matters, problem, measure, owner, deadline in working
// days and status, before/after figures computed by the server; overdue items stand out.
import { useCallback, useState } from 'react';
import { App as AntApp, Alert, Button, Checkbox, Descriptions, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { DownloadOutlined, PaperClipOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { catalogueApi, catalogueFiles, LEDGER_STATUSES, LEDGER_TRANSITIONS, type LedgerItem, type LedgerStatus, type MatterFigures } from '../../api/catalogue.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';
import { fileToBase64 } from './ImportPanel.js';
import { usePeople } from '../reform/shared.js';

const STATUS_COLORS: Record<LedgerStatus, string> = { planned: 'default', in_progress: 'processing', done: 'success', verified: 'green' };
const SHOWN: Array<keyof MatterFigures> = ['materialsToSubmit', 'steps', 'stamps', 'countersigns', 'visits', 'promisedDays'];

export default function LedgerBoard() {
  const { lang, t } = useI18n();
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  const [status, setStatus] = useState<LedgerStatus | undefined>(undefined);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const { data, error, reload } = useLoad((signal) => catalogueApi.ledger({ status, overdue: overdueOnly || undefined }, signal), [status, overdueOnly]);
  const items = data?.items ?? null;
  const [moving, setMoving] = useState<number | null>(null);
  const person = usePeople((items ?? []).flatMap((item) => item.attachments.map((a) => a.uploadedBy)));
  // The deadline being changed: the item and its new number of working days.
  const [editing, setEditing] = useState<{ item: LedgerItem; workdays: number } | null>(null);

  const move = useCallback(
    async (item: LedgerItem, to: LedgerStatus) => {
      setMoving(item.id);
      try {
        await catalogueApi.setLedgerStatus(item.id, to);
        message.success(t('ledger.moved', { id: item.id, status: t(`ledgerStatus.${to}`) }));
        reload();
      } catch (e) {
        message.error(errorText(e, lang));
      } finally {
        setMoving(null);
      }
    },
    [lang, message, reload, t],
  );

  const saveDeadline = async () => {
    if (!editing) return;
    setMoving(editing.item.id);
    try {
      const saved = await catalogueApi.updateLedgerItem(editing.item.id, { deadlineWorkdays: editing.workdays });
      message.success(t('ledger.deadlineSaved', { id: saved.id, deadline: saved.deadline }));
      setEditing(null);
      reload();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setMoving(null);
    }
  };

  const attach = useCallback(
    async (item: LedgerItem, file: File) => {
      setMoving(item.id);
      try {
        const saved = await catalogueApi.addLedgerAttachment(item.id, {
          fileName: file.name,
          contentType: file.type || 'application/octet-stream',
          content: await fileToBase64(file),
        });
        message.success(t('ledger.attached', { name: saved.fileName }));
        reload();
      } catch (e) {
        message.error(errorText(e, lang));
      } finally {
        setMoving(null);
      }
    },
    [lang, message, reload, t],
  );

  const overdueCount = items?.filter((i) => i.overdue).length ?? 0;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Select<LedgerStatus>
          allowClear
          placeholder={t('ledger.allStatuses')}
          style={{ width: 160 }}
          value={status}
          onChange={(v) => setStatus(v)}
          options={LEDGER_STATUSES.map((s) => ({ value: s, label: t(`ledgerStatus.${s}`) }))}
        />
        <Checkbox checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} data-testid="ledger-overdue-only">
          {t('ledger.overdueOnly')}
        </Checkbox>
        <Button icon={<DownloadOutlined />} href={catalogueFiles.ledgerReport}>
          {t('ledger.report')}
        </Button>
        {overdueCount > 0 ? (
          <Tag color="error" icon={<WarningOutlined />}>
            {t('ledger.overdueCount', { count: overdueCount })}
          </Tag>
        ) : null}
      </Space>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      <Table<LedgerItem>
        data-testid="ledger-table"
        rowKey="id"
        size="small"
        loading={!items && !error}
        dataSource={items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (item) => (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('ledger.problem')}>
                <span style={{ whiteSpace: 'pre-line' }}>{item.problem}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('ledger.measure')}>{item.measure}</Descriptions.Item>
              <Descriptions.Item label={t('ledger.evidence')}>
                <Space wrap data-testid={`ledger-evidence-${item.id}`}>
                  {item.attachments.map((a) => (
                    <a key={a.id} href={catalogueFiles.ledgerAttachment(item.id, a.id)} title={`${person(a.uploadedBy)} · ${a.size} B`}>
                      <PaperClipOutlined /> {a.fileName}
                    </a>
                  ))}
                  {item.status !== 'verified' ? (
                    <Upload
                      showUploadList={false}
                      beforeUpload={(file) => {
                        void attach(item, file);
                        return false;
                      }}
                    >
                      <Button size="small" icon={<UploadOutlined />} loading={moving === item.id}>
                        {t('ledger.attach')}
                      </Button>
                    </Upload>
                  ) : null}
                </Space>
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
        onRow={(item) => (item.overdue ? ({ 'data-overdue': 'true', style: { background: '#fff1f0' } } as React.HTMLAttributes<HTMLElement>) : {})}
        columns={[
          { title: t('ledger.id'), dataIndex: 'id', width: 56 },
          { title: t('ledger.unit'), dataIndex: 'departmentName', width: 120 },
          { title: t('ledger.matters'), dataIndex: 'matterNames', width: 160, render: (names: string[]) => names.join('、') },
          {
            title: t('ledger.measure'),
            dataIndex: 'measure',
            render: (p: string, item) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text>{p}</Typography.Text>
                {item.attachments.length ? (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    <PaperClipOutlined /> {t('ledger.evidenceCount', { count: item.attachments.length })}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          { title: t('ledger.owner'), dataIndex: 'owner', width: 100 },
          {
            title: t('ledger.deadline'),
            key: 'deadline',
            width: 140,
            render: (_: unknown, item) => (
              <Space orientation="vertical" size={0}>
                <Space size={4}>
                  <span>{item.deadline}</span>
                  {item.deadlineProvisional ? (
                    <Tooltip title={t('ledger.provisionalHint')}>
                      <Tag color="orange" data-testid={`ledger-provisional-${item.id}`}>
                        {t('ledger.provisional')}
                      </Tag>
                    </Tooltip>
                  ) : null}
                </Space>
                <Typography.Text type="secondary">{t('ledger.workdays', { days: item.deadlineWorkdays, start: item.startDate })}</Typography.Text>
                {item.status !== 'verified' ? (
                  <Typography.Link data-testid={`ledger-deadline-${item.id}`} onClick={() => setEditing({ item, workdays: item.deadlineWorkdays })}>
                    {t('ledger.editDeadline')}
                  </Typography.Link>
                ) : null}
                {item.overdue ? (
                  <Tag color="error" icon={<WarningOutlined />}>
                    {t('ledger.overdue')}
                  </Tag>
                ) : null}
              </Space>
            ),
          },
          {
            title: t('ledger.figures'),
            key: 'figures',
            width: 190,
            render: (_: unknown, item) => (
              <span style={{ fontSize: 12 }}>
                {SHOWN.map((k) => (
                  <div key={k}>
                    {t(`figure.${k}`)}：{item.figures.before[k]} → {item.figures.after ? <strong>{item.figures.after[k]}</strong> : '—'}
                  </div>
                ))}
              </span>
            ),
          },
          {
            title: t('ledger.status'),
            key: 'status',
            width: 170,
            render: (_: unknown, item) => (
              <Space orientation="vertical" size={4}>
                <Tag color={STATUS_COLORS[item.status]}>{t(`ledgerStatus.${item.status}`)}</Tag>
                <Space size={4} wrap>
                  {LEDGER_TRANSITIONS[item.status]
                    .filter((to) => to !== 'verified' || user?.role === 'reform_office' || user?.role === 'admin')
                    .map((to) => (
                      // A status change is confirmed first: it is audited and pins versions when done.
                      <Popconfirm
                        key={to}
                        title={t('ledger.moveConfirm', { id: item.id, from: t(`ledgerStatus.${item.status}`), to: t(`ledgerStatus.${to}`) })}
                        okText={t(`ledgerAction.${to}`)}
                        cancelText={t('common.cancel')}
                        onConfirm={() => move(item, to)}
                      >
                        <Button size="small" loading={moving === item.id}>
                          {t(`ledgerAction.${to}`)}
                        </Button>
                      </Popconfirm>
                    ))}
                </Space>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing ? t('ledger.editDeadlineTitle', { id: editing.item.id }) : ''}
        okText={t('ledger.saveDeadline')}
        cancelText={t('common.cancel')}
        confirmLoading={editing !== null && moving === editing.item.id}
        onOk={() => void saveDeadline()}
        onCancel={() => setEditing(null)}
        destroyOnHidden
      >
        {editing ? (
          <Space orientation="vertical">
            <Typography.Text>{t('ledger.editDeadlineHelp', { start: editing.item.startDate })}</Typography.Text>
            <InputNumber
              data-testid="ledger-deadline-workdays"
              min={0}
              max={250}
              precision={0}
              value={editing.workdays}
              onChange={(v) => setEditing({ ...editing, workdays: v ?? 0 })}
              addonAfter={t('ledger.workdaysUnit')}
            />
          </Space>
        ) : null}
      </Modal>
    </Space>
  );
}
