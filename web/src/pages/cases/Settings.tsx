// The administrator's case settings: whistle deadline, bounce threshold, duplicate window,
// small sample and ranking weights; the time-limit table; the county's boundary file; the
// Open311 API keys (a new key is shown once). Each part saves on its own; the server refuses a
// bad part whole and keeps what was there.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Space, Table, Typography, Upload } from 'antd';
import { errorText, request } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useEdits } from '../../api/useEdits.js';
import { useI18n } from '../../i18n/index.js';
import type { CaseSettings } from '../../../../src/cases/model.js';
import type { TimeLimit } from '../../../../src/cases/limits.js';
import { useText } from './text.js';

interface ApiKey {
  id: number;
  name: string;
  createdAt: string;
  revoked: boolean;
}

const NO_LIMITS: TimeLimit[] = [];

export default function Settings() {
  const x = useText();
  const { lang } = useI18n();
  const config = useLoad((signal) => request<{ timeLimits: TimeLimit[]; settings: CaseSettings }>('GET', '/api/cases/config', undefined, { signal }), []);
  const settings = config.data?.settings ?? null;
  // The time limits as saved, edited in place until saved (and loaded again).
  const [limits, setLimits] = useEdits(config.data?.timeLimits ?? NO_LIMITS);
  // (no keys listed after a failure)
  const openKeys = useLoad((signal) => request<{ items: ApiKey[] }>('GET', '/api/cases/open311-keys', undefined, { signal }), []);
  const keys = openKeys.error ? [] : (openKeys.data?.items ?? []);
  const [newKey, setNewKey] = useState<string | null>(null);
  const [keyName, setKeyName] = useState('');
  const [said, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const message = said ?? (config.error ? { ok: false, text: errorText(config.error, lang) } : null);
  const [form] = Form.useForm();
  // Each answer fills the settings form again.
  useEffect(() => {
    if (settings) form.setFieldsValue(settings);
  }, [settings, form]);
  const load = () => {
    config.reload();
    openKeys.reload();
  };

  const save = async (what: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await what();
      setMessage({ ok: true, text: x('saved') });
      load();
    } catch (err) {
      setMessage({ ok: false, text: errorText(err, lang) });
    }
  };
  const setLimit = (i: number, field: 'responseHours' | 'handleWorkdays', value: number | null) =>
    setLimits((rows) => rows.map((r, j) => (j === i ? { ...r, [field]: value ?? 0 } : r)));

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {message && <Alert type={message.ok ? 'success' : 'error'} showIcon title={message.text} />}
      <Card size="small" title={x('settingsTitle')}>
        {settings && (
          <Form
            form={form}
            layout="inline"
            onFinish={(v: CaseSettings) =>
              save(() =>
                request('PUT', '/api/cases/settings', {
                  whistleMinutes: v.whistleMinutes,
                  bounceThreshold: v.bounceThreshold,
                  duplicateMetres: v.duplicateMetres,
                  duplicateHours: v.duplicateHours,
                  smallSample: v.smallSample,
                  weights: v.weights,
                }),
              )
            }
          >
            <Form.Item name="whistleMinutes" label={x('whistleMinutes')}>
              <InputNumber min={1} max={1440} aria-label={x('whistleMinutes')} />
            </Form.Item>
            <Form.Item name="bounceThreshold" label={x('bounceThreshold')}>
              <InputNumber min={1} max={50} />
            </Form.Item>
            <Form.Item name="duplicateMetres" label={x('duplicateMetres')}>
              <InputNumber min={0} max={10000} />
            </Form.Item>
            <Form.Item name="duplicateHours" label={x('duplicateHours')}>
              <InputNumber min={0} max={2160} />
            </Form.Item>
            <Form.Item name="smallSample" label={x('smallSampleSize')}>
              <InputNumber min={0} max={1000} />
            </Form.Item>
            <Form.Item name={['weights', 'response']} label={x('weightResponse')}>
              <InputNumber min={0} max={100} />
            </Form.Item>
            <Form.Item name={['weights', 'resolution']} label={x('weightResolution')}>
              <InputNumber min={0} max={100} />
            </Form.Item>
            <Form.Item name={['weights', 'satisfaction']} label={x('weightSatisfaction')}>
              <InputNumber min={0} max={100} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {x('saveSettings')}
            </Button>
          </Form>
        )}
      </Card>
      <Card
        size="small"
        title={x('timeLimitsTitle')}
        extra={<Button onClick={() => save(() => request('PUT', '/api/cases/time-limits', { rows: limits }))}>{x('saveTimeLimits')}</Button>}
      >
        <Table<TimeLimit>
          size="small"
          pagination={false}
          rowKey={(r) => `${r.regionCode}:${r.categoryCode}:${r.tier}`}
          dataSource={limits}
          columns={[
            { title: x('category'), dataIndex: 'categoryCode' },
            { title: x('tier'), dataIndex: 'tier' },
            {
              title: x('responseHours'),
              dataIndex: 'responseHours',
              render: (v: number, _r, i) => (
                <InputNumber size="small" min={0.5} max={1000} value={v} aria-label={`${x('responseHours')} ${i + 1}`} onChange={(n) => setLimit(i, 'responseHours', n)} />
              ),
            },
            {
              title: x('handleWorkdays'),
              dataIndex: 'handleWorkdays',
              render: (v: number, _r, i) => (
                <InputNumber
                  size="small"
                  min={1}
                  max={365}
                  precision={0}
                  value={v}
                  aria-label={`${x('handleWorkdays')} ${i + 1}`}
                  onChange={(n) => setLimit(i, 'handleWorkdays', n)}
                />
              ),
            },
          ]}
        />
      </Card>
      <Card size="small" title={x('boundariesTitle')}>
        <Typography.Paragraph type="secondary">{x('boundariesHelp')}</Typography.Paragraph>
        <Upload
          accept=".geojson,.json,application/geo+json,application/json"
          showUploadList={false}
          beforeUpload={(file) => {
            void save(async () => request('PUT', '/api/cases/boundaries', JSON.parse(await file.text())));
            return false;
          }}
        >
          <Button>{x('loadBoundaries')}</Button>
        </Upload>
      </Card>
      <Card size="small" title={x('keysTitle')}>
        {newKey && (
          <Alert
            type="warning"
            showIcon
            title={x('keyShownOnce')}
            description={
              <Typography.Text copyable code>
                {newKey}
              </Typography.Text>
            }
            style={{ marginBottom: 8 }}
          />
        )}
        <Space.Compact style={{ marginBottom: 8 }}>
          <Input placeholder={x('keyName')} aria-label={x('keyName')} value={keyName} maxLength={100} onChange={(e) => setKeyName(e.target.value)} />
          <Button
            disabled={!keyName.trim()}
            onClick={() => save(async () => setNewKey((await request<{ key: string }>('POST', '/api/cases/open311-keys', { name: keyName.trim() })).key))}
          >
            {x('createKey')}
          </Button>
        </Space.Compact>
        <Table<ApiKey>
          size="small"
          pagination={false}
          rowKey="id"
          dataSource={keys}
          columns={[
            { title: x('keyName'), dataIndex: 'name' },
            { title: x('keyCreated'), dataIndex: 'createdAt' },
            {
              title: '',
              dataIndex: 'revoked',
              render: (revoked: boolean, k) =>
                revoked ? (
                  x('keyRevoked')
                ) : (
                  <Button size="small" danger onClick={() => save(() => request('DELETE', `/api/cases/open311-keys/${k.id}`))}>
                    {x('revokeKey')}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
