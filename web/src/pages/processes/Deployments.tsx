// Deployed processes with their versions; deploy a BPMN file (refusals list every problem by
// element id and type); start an instance of a process's latest version.
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { App as AntApp, Alert, Button, Form, Input, List, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { ApartmentOutlined, CloudUploadOutlined, PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { errorText, isApiError } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';
import { engineApi, type DeployProblems, type Deployment } from './api.js';
import { formatInstant } from '../mining/format.js';
import { usePeople, useRegions } from '../reform/shared.js';

const DEPLOYERS = new Set(['admin', 'reform_office']);
const NON_STARTERS = new Set(['applicant', 'grid_worker']);

interface ProcessRow {
  processKey: string;
  latest: Deployment;
  versions: Deployment[];
}

/** Parse the variables typed as JSON; null when the text is not a JSON object. */
export function parseVariables(text: string): Record<string, unknown> | null {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export default function Deployments() {
  const { lang, t } = useI18n();
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { data: items, error, reload } = useLoad((signal) => engineApi.deployments(signal), []);
  const person = usePeople((items ?? []).map((d) => d.deployedBy));
  const { name: regionName } = useRegions();
  const [deploying, setDeploying] = useState(false);
  const [refusal, setRefusal] = useState<{ text: string; problems: DeployProblems } | null>(null);
  const [starting, setStarting] = useState<ProcessRow | null>(null);

  const rows = useMemo<ProcessRow[]>(() => {
    const byKey = new Map<string, Deployment[]>();
    for (const d of items ?? []) byKey.set(d.processKey, [...(byKey.get(d.processKey) ?? []), d]);
    return [...byKey.entries()].map(([processKey, versions]) => {
      const sorted = [...versions].sort((a, b) => b.version - a.version);
      return { processKey, latest: sorted[0], versions: sorted };
    });
  }, [items]);

  const deploy = async (file: File) => {
    setDeploying(true);
    setRefusal(null);
    try {
      const xml = await file.text();
      const answer = await engineApi.deploy(xml);
      const names = processNamesIn(xml);
      message.success(t('processes.deploy.done', { list: answer.deployments.map((d) => `${names.get(d.processKey) ?? d.processKey} v${d.version}`).join('、') }));
      reload();
    } catch (e) {
      setRefusal({ text: errorText(e, lang), problems: isApiError(e) && e.details && typeof e.details === 'object' ? (e.details as DeployProblems) : {} });
    } finally {
      setDeploying(false);
    }
  };

  const problems = refusal
    ? [
        ...(refusal.problems.errors ?? []).map((p) => (typeof p === 'string' ? p : [p.id, p.type, p.message].filter(Boolean).join(' · '))),
        ...(refusal.problems.unsupported ?? []).map((u) => `${t('processes.deploy.unsupported')}: ${u.id} (${u.type})`),
      ]
    : [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        {user && DEPLOYERS.has(user.role) && (
          <Upload
            accept=".bpmn,.xml"
            showUploadList={false}
            beforeUpload={(file) => {
              void deploy(file);
              return false;
            }}
          >
            <Button type="primary" icon={<CloudUploadOutlined />} loading={deploying} data-testid="deploy">
              {t('processes.deploy.button')}
            </Button>
          </Upload>
        )}
        <Button icon={<ReloadOutlined />} onClick={reload}>
          {t('processes.refresh')}
        </Button>
      </Space>
      {refusal && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setRefusal(null) }}
          title={refusal.text}
          data-testid="deploy-refused"
          description={problems.length ? <List size="small" dataSource={problems} renderItem={(p) => <List.Item style={{ padding: '2px 0' }}>{p}</List.Item>} /> : undefined}
        />
      )}
      {error !== null && <Alert type="error" showIcon title={errorText(error, lang)} />}
      <Table<ProcessRow>
        rowKey="processKey"
        loading={items === null && error === null}
        dataSource={rows}
        data-testid="deployments"
        locale={{ emptyText: t('processes.deployments.empty') }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        expandable={{
          rowExpandable: (r) => r.versions.length > 1,
          expandedRowRender: (r) => (
            <Table<Deployment>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={r.versions}
              columns={[
                { title: t('processes.deployments.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
                { title: t('processes.deployments.deployedBy'), dataIndex: 'deployedBy', render: (v: string | null) => (v ? person(v) : '—') },
                { title: t('processes.deployments.deployedAt'), dataIndex: 'deployedAt', render: (v: string) => formatInstant(v) },
                { title: '', key: 'view', align: 'right', render: (_: unknown, d) => <Link to={`/processes/deployments/${d.id}`}>{t('processes.deployment.view')}</Link> },
              ]}
            />
          ),
        }}
        columns={[
          {
            title: t('processes.deployments.name'),
            key: 'name',
            render: (_: unknown, r) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text strong>{r.latest.name ?? r.processKey}</Typography.Text>
                <Typography.Text type="secondary" code>
                  {r.processKey}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('processes.deployments.version'), key: 'version', render: (_: unknown, r) => <Tag color="blue">{`v${r.latest.version}`}</Tag> },
          { title: t('processes.deployments.region'), key: 'region', render: (_: unknown, r) => regionName(r.latest.regionCode) },
          { title: t('processes.deployments.deployedBy'), key: 'by', render: (_: unknown, r) => (r.latest.deployedBy ? person(r.latest.deployedBy) : '—') },
          { title: t('processes.deployments.deployedAt'), key: 'at', render: (_: unknown, r) => formatInstant(r.latest.deployedAt) },
          {
            title: '',
            key: 'actions',
            align: 'right',
            render: (_: unknown, r) => (
              <Space>
                <Button icon={<ApartmentOutlined />} onClick={() => navigate(`/processes/deployments/${r.latest.id}`)} data-testid={`view-${r.processKey}`}>
                  {t('processes.deployment.view')}
                </Button>
                {user && !NON_STARTERS.has(user.role) && (
                  <Button icon={<PlayCircleOutlined />} onClick={() => setStarting(r)} data-testid={`start-${r.processKey}`}>
                    {t('processes.start.button')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {starting && (
        <StartDialog
          row={starting}
          onClose={() => setStarting(null)}
          onStarted={(id) => {
            setStarting(null);
            navigate(`/processes/instances/${encodeURIComponent(id)}`);
          }}
        />
      )}
    </Space>
  );
}

function StartDialog({ row, onClose, onStarted }: { row: ProcessRow; onClose: () => void; onStarted: (id: string) => void }) {
  const { lang, t } = useI18n();
  const [businessKey, setBusinessKey] = useState('');
  const [variables, setVariables] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const parsed = parseVariables(variables);

  const start = async () => {
    if (!parsed) return;
    setBusy(true);
    setError(null);
    try {
      const { id } = await engineApi.start(row.processKey, Object.keys(parsed).length ? parsed : undefined, businessKey.trim() || undefined);
      onStarted(id);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('processes.start.title', { name: row.latest.name ?? row.processKey, version: row.latest.version })}
      onCancel={onClose}
      onOk={start}
      okText={t('processes.start.ok')}
      okButtonProps={{ loading: busy, disabled: !parsed, 'data-testid': 'start-ok' } as never}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('processes.start.businessKey')} extra={t('processes.start.businessKeyHint')}>
          <Input value={businessKey} onChange={(e) => setBusinessKey(e.target.value)} maxLength={200} data-testid="start-business-key" />
        </Form.Item>
        <Form.Item
          label={t('processes.start.variables')}
          validateStatus={parsed ? undefined : 'error'}
          help={parsed ? t('processes.start.variablesHint') : t('processes.start.variablesInvalid')}
        >
          <Input.TextArea
            value={variables}
            onChange={(e) => setVariables(e.target.value)}
            rows={4}
            placeholder='{"departments": ["SJJ", "ZJJ"]}'
            style={{ fontFamily: 'monospace' }}
          />
        </Form.Item>
      </Form>
      {error !== null && <Alert type="error" showIcon title={errorText(error, lang)} />}
    </Modal>
  );
}

/** The names of the processes a BPMN file defines, by key (the file is in hand when it is deployed). */
function processNamesIn(xml: string): Map<string, string> {
  const names = new Map<string, string>();
  try {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    for (const p of Array.from(doc.getElementsByTagNameNS('*', 'process'))) {
      const id = p.getAttribute('id');
      const name = p.getAttribute('name');
      if (id && name) names.set(id, name);
    }
  } catch {
    // the keys still show
  }
  return names;
}
