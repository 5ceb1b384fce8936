// One process instance, live: the diagram with its tokens (where it waits now) and how often each
// element was completed, its open tasks to work, its variables and its history. Refreshes while
// the instance runs.
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App as AntApp, Alert, Badge, Button, Card, Col, Descriptions, Empty, Input, Popconfirm, Row, Space, Table, Tag, Typography } from 'antd';
import { ApartmentOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useAuth } from '../../auth/AuthContext.js';
import { MESSAGES, useI18n, type MessageKey } from '../../i18n/index.js';
import { PageFallback } from '../../layout/AppLayout.js';
import { BackLink, LoadFailure } from './BackLink.js';
import { engineApi, type HistoryEvent, type Instance, type Task } from './api.js';
import type { ElementBadge } from '../../components/ProcessDiagram.js';
import DeadlineTag from './DeadlineTag.js';
import TaskDialog from './TaskDialog.js';
import { formatInstant } from '../mining/format.js';
import { useDepartments, usePeople } from '../reform/shared.js';
import { useProcessNames } from './useProcessNames.js';

const ProcessDiagram = lazy(() => import('../../components/ProcessDiagram.js'));

const OPERATORS = new Set(['admin', 'reform_office', 'leader', 'dispatcher']);
const LIVE_MS = 4000;
const STATUS_COLOURS: Record<string, string> = { active: 'processing', completed: 'success', cancelled: 'default', terminated: 'warning' };

/** Badges per element: tokens now, completions and open incidents from the history. */
export function elementBadges(instance: Pick<Instance, 'tokens'>, history: HistoryEvent[]): ElementBadge[] {
  const byId = new Map<string, ElementBadge>();
  const get = (elementId: string) => {
    let b = byId.get(elementId);
    if (!b) byId.set(elementId, (b = { elementId }));
    return b;
  };
  for (const token of instance.tokens) if (token.count > 0) get(token.elementId).active = token.count;
  for (const e of history) {
    if (!e.elementId) continue;
    if (e.type === 'element.completed') get(e.elementId).done = (get(e.elementId).done ?? 0) + 1;
    if (e.type === 'incident.created') get(e.elementId).incidents = (get(e.elementId).incidents ?? 0) + 1;
    if (e.type === 'incident.resolved') get(e.elementId).incidents = Math.max(0, (get(e.elementId).incidents ?? 0) - 1);
  }
  return [...byId.values()];
}

export default function InstanceView() {
  const { id = '' } = useParams();
  const { lang, t } = useI18n();
  const processName = useProcessNames();
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  const {
    data,
    error,
    reload: refresh,
  } = useLoad((signal) => Promise.all([engineApi.instance(id, signal), engineApi.history(id, signal)]).then(([instance, history]) => ({ instance, history })), [id]);
  const instance = data?.instance ?? null;
  const history = useMemo(() => data?.history ?? [], [data]);
  const person = usePeople([...(instance?.tasks ?? []).map((task) => task.assignee), ...history.map((e) => e.actor)]);
  const { name: departmentName } = useDepartments();
  const [openTask, setOpenTask] = useState<Task | null>(null);
  const [reason, setReason] = useState('');

  // Live while the instance runs.
  const active = instance?.status === 'active';
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(refresh, LIVE_MS);
    return () => clearInterval(timer);
  }, [active, refresh]);

  // The diagram is the deployment's model as deployed, read once per deployment.
  const deploymentId = instance?.deploymentId;
  const { data: xml, error: xmlError } = useLoad((signal) => (deploymentId === undefined ? Promise.resolve(null) : engineApi.bpmn(deploymentId, signal)), [deploymentId]);

  const badges = useMemo(() => (instance ? elementBadges(instance, history) : []), [instance, history]);
  const names = useMemo(() => new Map(history.filter((e) => e.elementId && e.elementName).map((e) => [e.elementId!, e.elementName!])), [history]);

  const cancel = async () => {
    try {
      await engineApi.cancel(id, reason.trim() || undefined);
      message.success(t('processes.instance.cancelled'));
      refresh();
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  const eventLabel = (type: string) => {
    const key = `processes.event.${type}`;
    return key in MESSAGES['zh-CN'] ? t(key as MessageKey) : type;
  };
  const statusLabel = (status: string) => {
    const key = `processes.status.${status}`;
    return key in MESSAGES['zh-CN'] ? t(key as MessageKey) : status;
  };

  if (error !== null && !instance) {
    return <LoadFailure back="/processes" error={error} onRetry={refresh} />;
  }
  if (!instance) return <PageFallback />;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap align="center">
          <BackLink to="/processes" />
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('processes.instance.title', { key: processName(instance.processKey) })}
          </Typography.Title>
          <Badge status={STATUS_COLOURS[instance.status] as 'processing'} text={<span data-testid="instance-status">{statusLabel(instance.status)}</span>} />
          {active && <Tag color="green">{t('processes.instance.live')}</Tag>}
        </Space>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refresh}>
            {t('processes.refresh')}
          </Button>
          {active && user && OPERATORS.has(user.role) && (
            <Popconfirm
              title={t('processes.instance.cancelConfirm')}
              description={<Input placeholder={t('processes.instance.cancelReason')} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />}
              onConfirm={cancel}
              okButtonProps={{ danger: true }}
            >
              <Button danger icon={<StopOutlined />}>
                {t('processes.instance.cancel')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      </Space>
      {error !== null && <Alert type="warning" showIcon title={errorText(error, lang)} />}

      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('processes.instance.id')}>
            <Typography.Text code copyable>
              {instance.id}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('processes.start.businessKey')}>{instance.businessKey ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('processes.instance.started')}>{formatInstant(instance.startedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('processes.instance.ended')}>{formatInstant(instance.endedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>

      <Card
        size="small"
        title={t('processes.instance.diagram')}
        extra={
          <Link to={`/processes/deployments/${instance.deploymentId}`}>
            <ApartmentOutlined /> {t('processes.instance.allInstances')}
          </Link>
        }
      >
        {xmlError !== null ? (
          <Alert type="warning" showIcon title={t('processes.instance.modelUnavailable', { error: errorText(xmlError, lang) })} style={{ marginBottom: 8 }} />
        ) : xml ? (
          <Suspense fallback={<PageFallback />}>
            <ProcessDiagram xml={xml} badges={badges} height={400} controls={false} testId="instance-diagram" />
          </Suspense>
        ) : (
          <PageFallback />
        )}
        <Space wrap style={{ marginTop: 8 }} data-testid="tokens">
          <Typography.Text type="secondary">{t('processes.instance.tokens')}</Typography.Text>
          {instance.tokens.length ? (
            instance.tokens.map((token) => (
              <Tag key={token.elementId} color="green" data-element={token.elementId}>
                {`${names.get(token.elementId) ?? token.elementId} × ${token.count}`}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">{t('processes.instance.noTokens')}</Typography.Text>
          )}
          <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
            <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: '#2e7d32', marginRight: 4 }} />
            {t('bpmn.badgeActive')}
            <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: '#607d8b', margin: '0 4px 0 12px' }} />
            {t('bpmn.badgeDone')}
          </Typography.Text>
        </Space>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('processes.instance.openTasks')}>
            <Table<Task>
              size="small"
              rowKey="id"
              dataSource={instance.tasks}
              pagination={false}
              data-testid="instance-tasks"
              locale={{ emptyText: t('processes.instance.noOpenTasks') }}
              columns={[
                {
                  title: t('processes.task.name'),
                  key: 'name',
                  render: (_: unknown, task) => (
                    <Button type="link" style={{ padding: 0 }} onClick={() => setOpenTask(task)}>
                      {task.name ?? task.elementId}
                    </Button>
                  ),
                },
                {
                  title: t('processes.task.assignee'),
                  dataIndex: 'assignee',
                  render: (v?: string) => (v ? person(v) : <Typography.Text type="secondary">{t('processes.task.unclaimed')}</Typography.Text>),
                },
                { title: t('processes.task.due'), key: 'due', render: (_: unknown, task) => <DeadlineTag task={task} /> },
              ]}
            />
          </Card>
          <Card size="small" title={t('processes.instance.variables')} style={{ marginTop: 16 }}>
            {Object.keys(instance.variables).length ? (
              <Descriptions size="small" column={1} bordered>
                {Object.entries(instance.variables).map(([k, v]) => (
                  <Descriptions.Item key={k} label={k}>
                    <Typography.Text code>{JSON.stringify(v)}</Typography.Text>
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('processes.instance.noVariables')} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('processes.instance.history')}>
            <Table<HistoryEvent>
              size="small"
              rowKey="id"
              dataSource={history}
              data-testid="instance-history"
              pagination={{ pageSize: 12, showSizeChanger: false }}
              columns={[
                { title: t('processes.history.at'), dataIndex: 'at', width: 140, render: (v: string) => formatInstant(v) },
                { title: t('processes.history.event'), dataIndex: 'type', render: (v: string) => eventLabel(v) },
                { title: t('processes.history.element'), key: 'element', render: (_: unknown, e) => e.elementName ?? e.elementId ?? '' },
                {
                  title: t('processes.history.actor'),
                  key: 'actor',
                  render: (_: unknown, e) => [e.actor ? person(e.actor) : '', e.department ? departmentName(e.department) : ''].filter(Boolean).join(' · '),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>

      <TaskDialog
        task={openTask}
        onClose={() => setOpenTask(null)}
        onChanged={(what, task) => {
          if (what === 'completed') {
            message.success(t('processes.task.completed', { name: task.name ?? task.elementId }));
            setOpenTask(null);
          } else setOpenTask(task);
          refresh();
        }}
      />
    </Space>
  );
}
