// Discovery and conformance: the inductive miner's model as BPMN (drawn by bpmn-js, downloadable,
// deployable to the engine by those who may deploy), and token replay of the log on it.
import { lazy, Suspense, useMemo, useState } from 'react';
import { App as AntApp, Alert, Button, Card, Col, Row, Slider, Space, Statistic, Table, Tag, Typography } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, NodeIndexOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { errorText, request } from '../../api/client.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';
import { PageFallback } from '../../layout/AppLayout.js';
import { sourceApi, type Conformance, type Discovered, type LogSource } from './api.js';
import { formatShare } from './format.js';
import type { ElementBadge } from '../../components/ProcessDiagram.js';

const ProcessDiagram = lazy(() => import('../../components/ProcessDiagram.js'));

const DEPLOYERS = new Set(['admin', 'reform_office']);

/** Task ids of a BPMN document by task name (the log's activity names). */
export function taskIdsByName(xml: string): Map<string, string> {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const ids = new Map<string, string>();
  for (const el of Array.from(doc.getElementsByTagName('*'))) {
    if (!/(^|:)(task|userTask|serviceTask|manualTask)$/.test(el.tagName)) continue;
    const name = el.getAttribute('name');
    const id = el.getAttribute('id');
    if (name && id) ids.set(name, id);
  }
  return ids;
}

export default function DiscoverView({ source, fileName }: { source: LogSource; fileName: string }) {
  const { lang, t } = useI18n();
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  const [noise, setNoise] = useState(0.2);
  const [model, setModel] = useState<Discovered | null>(null);
  const [conformance, setConformance] = useState<Conformance | null>(null);
  const [busy, setBusy] = useState<'discover' | 'conform' | 'deploy' | null>(null);
  const [error, setError] = useState<unknown>(null);

  const processName = fileName.replace(/\.(xes|csv)(\.gz)?$/i, '');
  const discover = async () => {
    setBusy('discover');
    setError(null);
    setConformance(null);
    try {
      setModel(await sourceApi.discover(source, { noiseThreshold: noise, name: processName }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const conform = async () => {
    if (!model) return;
    setBusy('conform');
    setError(null);
    try {
      setConformance(await sourceApi.conform(source, { bpmn: model.bpmn, traces: 200 }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const deploy = async () => {
    if (!model) return;
    setBusy('deploy');
    try {
      const result = await request<{ deployments: Array<{ processKey: string; version: number }> }>('POST', '/api/engine/deployments', { xml: model.bpmn });
      message.success(t('mining.discover.deployed', { list: result.deployments.map((d) => `${d.processKey} v${d.version}`).join(', ') }));
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(null);
    }
  };
  const download = () => {
    if (!model) return;
    const url = URL.createObjectURL(new Blob([model.bpmn], { type: 'application/xml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${processName || 'model'}.bpmn`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const badges = useMemo<ElementBadge[]>(() => {
    if (!model || !conformance) return [];
    const ids = taskIdsByName(model.bpmn);
    return conformance.deviatingActivities.flatMap((d) => (ids.has(d.activity) ? [{ elementId: ids.get(d.activity)!, incidents: d.occurrences }] : []));
  }, [model, conformance]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="center">
        <Typography.Text>{t('mining.discover.noise')}</Typography.Text>
        <Slider min={0} max={0.9} step={0.05} value={noise} onChange={setNoise} style={{ width: 200 }} aria-label={t('mining.discover.noise')} />
        <Tag>{noise.toFixed(2)}</Tag>
        <Button type="primary" icon={<NodeIndexOutlined />} loading={busy === 'discover'} onClick={discover} data-testid="discover">
          {t('mining.discover.run')}
        </Button>
        {model && (
          <>
            <Button icon={<SafetyCertificateOutlined />} loading={busy === 'conform'} onClick={conform} data-testid="conform">
              {t('mining.discover.conform')}
            </Button>
            <Button icon={<DownloadOutlined />} onClick={download}>
              {t('mining.discover.download')}
            </Button>
            {user && DEPLOYERS.has(user.role) && (
              <Button icon={<CloudUploadOutlined />} loading={busy === 'deploy'} onClick={deploy} data-testid="deploy-discovered">
                {t('mining.discover.deploy')}
              </Button>
            )}
          </>
        )}
      </Space>
      <Typography.Text type="secondary">{t('mining.discover.hint')}</Typography.Text>
      {error !== null && <Alert type="error" showIcon title={errorText(error, lang)} />}
      {model && (
        <Card size="small" title={t('mining.discover.model', { tasks: model.tasks, gateways: model.gateways })}>
          <Suspense fallback={<PageFallback />}>
            <ProcessDiagram xml={model.bpmn} badges={badges} height={380} controls={false} testId="discovered-model" />
          </Suspense>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {t('mining.discover.tree')} <Typography.Text code>{model.tree}</Typography.Text>
          </Typography.Paragraph>
        </Card>
      )}
      {conformance && (
        <Card size="small" title={t('mining.conform.title')} data-testid="conformance">
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Statistic title={t('mining.conform.fitness')} value={formatShare(conformance.fitness)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('mining.conform.averageTraceFitness')} value={formatShare(conformance.averageTraceFitness)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('mining.conform.fitTraces')} value={`${conformance.fitTraces} (${formatShare(conformance.percentageFitTraces)})`} />
            </Col>
          </Row>
          <Row gutter={[16, 16]} style={{ marginTop: 12 }}>
            <Col xs={24} lg={12}>
              <Table
                size="small"
                rowKey="activity"
                dataSource={conformance.deviatingActivities}
                pagination={false}
                locale={{ emptyText: t('mining.conform.noDeviation') }}
                columns={[
                  { title: t('mining.conform.deviating'), dataIndex: 'activity' },
                  { title: t('mining.conform.traces'), dataIndex: 'traces', align: 'right', width: 100 },
                  { title: t('mining.conform.occurrences'), dataIndex: 'occurrences', align: 'right', width: 100 },
                ]}
              />
            </Col>
            <Col xs={24} lg={12}>
              <Table
                size="small"
                rowKey="activity"
                dataSource={conformance.activitiesNotInModel}
                pagination={false}
                locale={{ emptyText: t('mining.conform.allInModel') }}
                columns={[
                  { title: t('mining.conform.notInModel'), dataIndex: 'activity' },
                  { title: t('mining.conform.traces'), dataIndex: 'traces', align: 'right', width: 100 },
                ]}
              />
            </Col>
          </Row>
        </Card>
      )}
    </Space>
  );
}
