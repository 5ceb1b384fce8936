// 再造分析: the analyzer's findings on the caller's catalogue, grouped by department and by
// rule, each with its explanation and the reform principle behind it; "apply fix" makes the
// matter's to-be version and a ledger item in one step; the figures before and after as charts.
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { App as AntApp, Alert, Button, Card, Col, Collapse, Empty, Row, Segmented, Skeleton, Space, Statistic, Tabs, Tag, Typography } from 'antd';
import { errorText } from '../api/client.js';
import { analyzeApi, type Analysis, type AppliedFix, type Finding, type FindingGroup } from '../api/analyze.js';
import { catalogueApi, MATTER_FIGURE_KEYS } from '../api/catalogue.js';
import { useAuth } from '../auth/AuthContext.js';
import { pick, useI18n } from '../i18n/index.js';
import { FigureTable, figureLabel, figureRows, shortLabel } from './reform/shared.js';
import { FindingsTable, SEVERITY_COLORS } from './analyzer/FindingsTable.js';

const CHART_KEYS = ['materialsToSubmit', 'steps', 'departments', 'stamps', 'countersigns', 'visits', 'promisedDays', 'criticalPathDays'] as const;

const BeforeAfterChart = lazy(() => import('../components/BeforeAfterChart.js'));

function GroupHeader({ title, group, extra }: { title: ReactNode; group: FindingGroup; extra?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Space wrap size={8}>
      <Typography.Text strong>{title}</Typography.Text>
      <Tag>{t('analyzer.count', { count: group.count })}</Tag>
      {(['error', 'warning', 'suggestion'] as const).map((s) =>
        group.bySeverity[s] ? (
          <Tag key={s} color={SEVERITY_COLORS[s]}>
            {t(`severity.${s}`)} {group.bySeverity[s]}
          </Tag>
        ) : null,
      )}
      {extra}
    </Space>
  );
}

export default function Analyzer() {
  const { lang, t } = useI18n();
  const { user } = useAuth();
  const { message, modal } = AntApp.useApp();
  const [stage, setStage] = useState<'to_be' | 'as_is'>('to_be');
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [applying, setApplying] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [lastFix, setLastFix] = useState<AppliedFix | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    analyzeApi.run({ stage }, controller.signal).then(setAnalysis, (e: unknown) => {
      if (!controller.signal.aborted) setError(e);
    });
    return () => controller.abort();
  }, [stage, reload]);

  useEffect(() => {
    const controller = new AbortController();
    catalogueApi.matters({ limit: 1000 }, controller.signal).then(
      (answer) => setNames(new Map(answer.items.map((m) => [m.code, m.name]))),
      () => {
        // Codes still identify the matters.
      },
    );
    return () => controller.abort();
  }, [reload]);
  const matterName = useCallback((code: string) => names.get(code) ?? code, [names]);

  const canFix = stage === 'to_be' && (user?.role === 'reform_office' || user?.role === 'admin');
  const apply = useCallback(
    async (finding: Finding) => {
      setApplying(finding.key);
      try {
        const result = await analyzeApi.applyFix({ matterCode: finding.matter, findings: [finding.key] });
        setLastFix(result);
        message.success(t('analyzer.applied', { version: result.version.version, item: result.ledgerItem.id }));
        setReload((n) => n + 1);
      } catch (e) {
        modal.error({ title: t('analyzer.applyFailed'), content: errorText(e, lang) });
      } finally {
        setApplying(null);
      }
    },
    [lang, message, modal, t],
  );

  const chart = useMemo(() => {
    if (!analysis) return null;
    return {
      categories: CHART_KEYS.map((k) => shortLabel(figureLabel(t, k))),
      before: CHART_KEYS.map((k) => analysis.figures.asIs.catalogue[k]),
      after: CHART_KEYS.map((k) => analysis.figures.toBe.catalogue[k]),
    };
  }, [analysis, t]);

  const beforeName = stage === 'to_be' ? t('analyzer.current') : t('stage.as_is');
  const afterName = t('analyzer.afterAllFixes');

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('nav.analyzer')} extra={<Segmented<'to_be' | 'as_is'> data-testid="analyzer-stage" value={stage} onChange={setStage} options={[{ value: 'to_be', label: t('analyzer.stageCurrent') }, { value: 'as_is', label: t('analyzer.stageAsIs') }]} />}>
        <Typography.Paragraph type="secondary">{stage === 'to_be' ? t('analyzer.stageCurrentHelp') : t('analyzer.stageAsIsHelp')}</Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={errorText(error, lang)} action={<Button size="small" onClick={() => setReload((n) => n + 1)}>{t('common.retry')}</Button>} /> : null}
        {!analysis && !error ? <Skeleton active /> : null}
        {analysis ? (
          <Row gutter={[16, 16]} data-testid="analyzer-summary">
            <Col xs={12} md={4}>
              <Statistic title={t('analyzer.findings')} value={analysis.summary.findings} />
            </Col>
            {(['error', 'warning', 'suggestion'] as const).map((s) => (
              <Col xs={12} md={4} key={s}>
                <Statistic title={t(`severity.${s}`)} value={analysis.summary.bySeverity[s]} />
              </Col>
            ))}
            <Col xs={12} md={4}>
              <Statistic title={t('analyzer.fixable')} value={analysis.summary.fixable} />
            </Col>
            <Col xs={12} md={4}>
              <Statistic title={t('analyzer.remainingErrors')} value={analysis.summary.remainingErrors} />
            </Col>
          </Row>
        ) : null}
      </Card>

      {lastFix ? (
        <Alert
          data-testid="fix-result"
          type="success"
          showIcon
          closable={{ onClose: () => setLastFix(null) }}
          title={t('analyzer.appliedTitle', { matter: matterName(lastFix.version.matterCode), version: lastFix.version.version, item: lastFix.ledgerItem.id })}
          description={
            <Space orientation="vertical" style={{ width: '100%' }}>
              <span>
                {lastFix.applied.map((f) => (f.fix ? pick(f.fix.description, lang) : '')).join('；')}
              </span>
              <FigureTable rows={figureRows(t, MATTER_FIGURE_KEYS, { ...lastFix.figures.before }, { ...lastFix.figures.after })} beforeTitle={t('analyzer.beforeFix')} afterTitle={t('analyzer.afterFix')} />
              <Space>
                <Link to={`/catalogue/matters/${encodeURIComponent(lastFix.version.matterCode)}`}>{t('analyzer.openMatter')}</Link>
                <Link to="/catalogue?tab=ledger">{t('analyzer.openLedger')}</Link>
              </Space>
            </Space>
          }
        />
      ) : null}

      {analysis && chart ? (
        <Card title={t('analyzer.figuresTitle')}>
          <Row gutter={[24, 16]}>
            <Col xs={24} xl={14}>
              <Suspense fallback={<Skeleton active />}>
                <BeforeAfterChart categories={chart.categories} before={chart.before} after={chart.after} beforeName={beforeName} afterName={afterName} ariaLabel={t('analyzer.figuresTitle')} />
              </Suspense>
            </Col>
            <Col xs={24} xl={10}>
              <FigureTable testId="analyzer-figures" rows={figureRows(t, ['matters', ...MATTER_FIGURE_KEYS], { ...analysis.figures.asIs.catalogue }, { ...analysis.figures.toBe.catalogue })} beforeTitle={beforeName} afterTitle={afterName} />
            </Col>
          </Row>
        </Card>
      ) : null}

      {analysis ? (
        <Card>
          {analysis.findings.length === 0 ? (
            <Empty description={t('analyzer.none')} />
          ) : (
            <Tabs
              items={[
                {
                  key: 'department',
                  label: t('analyzer.byDepartment'),
                  children: (
                    <Collapse
                      data-testid="by-department"
                      defaultActiveKey={analysis.byDepartment.slice(0, 1).map((g) => g.departmentCode)}
                      items={analysis.byDepartment.map((g) => ({
                        key: g.departmentCode,
                        label: <GroupHeader title={g.departmentName} group={g} />,
                        children: <FindingsTable findings={g.findings.map((i) => analysis.findings[i])} matterName={matterName} canFix={canFix} applying={applying} onApply={apply} />,
                      }))}
                    />
                  ),
                },
                {
                  key: 'rule',
                  label: t('analyzer.byRule'),
                  children: (
                    <Collapse
                      data-testid="by-rule"
                      items={analysis.byRule.map((g) => ({
                        key: g.rule,
                        label: <GroupHeader title={pick(g.docs, lang)} group={g} extra={lang === 'en' ? <Typography.Text type="secondary" code>{g.rule}</Typography.Text> : null} />,
                        children: (
                          <Space orientation="vertical" style={{ width: '100%' }}>
                            <Alert type="info" title={t('analyzer.principle')} description={pick(g.principle, lang)} />
                            <FindingsTable findings={g.findings.map((i) => analysis.findings[i])} matterName={matterName} canFix={canFix} applying={applying} onApply={apply} />
                          </Space>
                        ),
                      }))}
                    />
                  ),
                },
              ]}
            />
          )}
        </Card>
      ) : null}
    </Space>
  );
}
