// One deployed process version: its diagram as deployed with, per element, the tokens there now
// and the tokens that have completed it across every instance the caller may see (live while
// instances run), the instances per status, and the instance list of this version.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useI18n } from '../../i18n/index.js';
import { PageFallback } from '../../layout/AppLayout.js';
import { BackLink, LoadFailure } from './BackLink.js';
import { engineApi, type ElementCounts } from './api.js';
import type { ElementBadge } from '../../components/ProcessDiagram.js';
import Instances, { useStatusLabel } from './Instances.js';
import { useProcessNames } from './useProcessNames.js';

const ProcessDiagram = lazy(() => import('../../components/ProcessDiagram.js'));
const LIVE_MS = 5000;

/** Badges per element from the cross-instance counts. */
export function countBadges(counts: Pick<ElementCounts, 'elements'>): ElementBadge[] {
  return counts.elements
    .filter((e) => e.active > 0 || e.passed > 0)
    .map((e) => ({ elementId: e.elementId, ...(e.active ? { active: e.active } : {}), ...(e.passed ? { done: e.passed } : {}) }));
}

export default function DeploymentView() {
  const { id = '' } = useParams();
  const deploymentId = Number(id);
  const { lang, t } = useI18n();
  const processName = useProcessNames();
  const statusLabel = useStatusLabel();
  // Counts up on each refresh: the counts and the version's instances load again.
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  const { data: xml, error: xmlError } = useLoad((signal) => engineApi.bpmn(deploymentId, signal), [deploymentId], { keep: 'reload' });
  const { data: counts, error } = useLoad((signal) => engineApi.counts(deploymentId, signal), [deploymentId, tick]);

  // Live while any instance of this version runs.
  const running = (counts?.instances.active ?? 0) > 0;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(refresh, LIVE_MS);
    return () => clearInterval(timer);
  }, [running, refresh]);

  const badges = useMemo(() => (counts ? countBadges(counts) : []), [counts]);

  if (!Number.isInteger(deploymentId) || deploymentId < 1) return <Alert type="error" showIcon title={t('processes.deployment.invalid')} />;
  if (error !== null && !counts) {
    return <LoadFailure back="/processes?tab=deployments" error={error} onRetry={refresh} />;
  }
  if (!counts) return <PageFallback />;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap align="center">
          <BackLink to="/processes?tab=deployments" />
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('processes.deployment.title', { key: processName(counts.processKey), version: counts.version })}
          </Typography.Title>
          {running && <Tag color="green">{t('processes.instance.live')}</Tag>}
        </Space>
        <Button icon={<ReloadOutlined />} onClick={refresh}>
          {t('processes.refresh')}
        </Button>
      </Space>
      {error !== null && <Alert type="warning" showIcon title={errorText(error, lang)} />}
      <Card size="small" title={t('processes.deployment.diagram')}>
        {xmlError !== null ? (
          <Alert type="error" showIcon title={t('processes.instance.modelUnavailable', { error: errorText(xmlError, lang) })} />
        ) : xml ? (
          <Suspense fallback={<PageFallback />}>
            <ProcessDiagram xml={xml} badges={badges} height={420} controls={false} testId="deployment-diagram" />
          </Suspense>
        ) : (
          <PageFallback />
        )}
        <Space wrap style={{ marginTop: 8 }} data-testid="deployment-counts">
          {(['active', 'completed', 'cancelled', 'terminated'] as const).map((s) => (
            <Tag key={s} data-status={s}>{`${statusLabel(s)} ${counts.instances[s] ?? 0}`}</Tag>
          ))}
          <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
            <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: '#2e7d32', marginRight: 4 }} />
            {t('processes.deployment.badgeActive')}
            <span style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 5, background: '#607d8b', margin: '0 4px 0 12px' }} />
            {t('processes.deployment.badgePassed')}
          </Typography.Text>
        </Space>
      </Card>
      <Card size="small" title={t('processes.tab.instances')}>
        <Instances deploymentId={deploymentId} refreshKey={tick} />
      </Card>
    </Space>
  );
}
