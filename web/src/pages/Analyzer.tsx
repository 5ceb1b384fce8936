// 再造分析: the analyzer's findings on the caller's catalogue, grouped by department and by
// rule, each with its explanation and the reform principle behind it; "apply fix" makes the
// matter's to-be version and a ledger item in one step; the figures before and after as charts.
import { useCallback, useMemo, useState } from 'react';
import { App as AntApp, Alert, Button, Card, Col, Collapse, Empty, Input, Row, Segmented, Skeleton, Space, Statistic, Tabs, Typography } from 'antd';
import { errorText } from '../api/client.js';
import { useLoad } from '../api/useLoad.js';
import { analyzerApi, type AppliedFix, type Finding, type FindingGroup } from '../api/analyzer.js';
import { useAuth } from '../auth/AuthContext.js';
import { pick, useI18n } from '../i18n/index.js';
import { type DecisionControls } from './analyzer/FindingsTable.js';
import { GroupFindings } from './analyzer/GroupFindings.js';
import { GroupHeader } from './analyzer/GroupHeader.js';
import { FixResult } from './analyzer/FixResult.js';
import { AnalyzerFigures } from './analyzer/AnalyzerFigures.js';
import { DecisionModal, type PendingDecision } from './analyzer/DecisionModal.js';

/** Which findings the page shows, by the office's decision (filtered on the server). */
type DecisionFilter = 'all' | 'undecided' | 'deferred' | 'rejected';

export default function Analyzer() {
  const { lang, t } = useI18n();
  const { user } = useAuth();
  const { message, modal } = AntApp.useApp();
  const [stage, setStage] = useState<'to_be' | 'as_is'>('to_be');
  const [filter, setFilter] = useState<DecisionFilter>('all');
  // Matter name or code, searched by the server.
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<PendingDecision | null>(null);
  const [reason, setReason] = useState('');
  const [deciding, setDeciding] = useState(false);
  const [applying, setApplying] = useState<string | null>(null);
  // Counts up whenever findings may have changed (a decision, a fix, a retry): the groups load again too.
  const [reload, setReload] = useState(0);
  const [lastFix, setLastFix] = useState<AppliedFix | null>(null);

  const { data: analysis, error } = useLoad(
    // Rejected findings too, marked: the office filters by decision.
    // Counts and groups only: each group fetches its own pages when opened.
    (signal) => analyzerApi.run({ stage, decided: 'include', q: search || undefined, limit: 0 }, signal),
    [stage, reload, search],
  );

  // Every finding a group has shown, kept across reloads: names for the fix result (a fixed
  // finding's matter is still named), findings for the selection.
  const [known, setKnown] = useState<Map<string, Finding>>(new Map());
  const onLoaded = useCallback((findings: Finding[]) => setKnown((prev) => new Map([...prev, ...findings.map((f) => [f.key, f] as const)])), []);
  const names = useMemo(() => new Map([...known.values()].filter((f) => f.matterName).map((f) => [f.matter, f.matterName!] as const)), [known]);
  const matterName = useCallback((code: string) => names.get(code) ?? code, [names]);

  const canFix = stage === 'to_be' && (user?.role === 'reform_office' || user?.role === 'admin');
  const apply = useCallback(
    async (finding: Finding) => {
      setApplying(finding.key);
      try {
        const result = await analyzerApi.applyFix({ matterCode: finding.matter, findings: [finding.key] });
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

  const canDecide = canFix;
  const ask = useCallback((next: PendingDecision) => {
    setReason('');
    setPending(next);
  }, []);
  const chosen = useMemo(() => [...selected].map((k) => known.get(k)).filter((f): f is Finding => !!f), [selected, known]);
  const decisionControls: DecisionControls = useMemo(
    () => ({
      canDecide,
      selected,
      onSelectionChange: (tableKeys, keys) =>
        setSelected((prev) => {
          const next = new Set([...prev].filter((k) => !tableKeys.includes(k)));
          for (const k of keys) next.add(k);
          return next;
        }),
      onDecide: (decision, findings) =>
        ask({
          decision,
          target: { findings: findings.map((f) => ({ matterCode: f.matter, key: f.key })) },
          what:
            findings.length === 1 ? `${findings[0].matterName ?? findings[0].matter}：${pick(findings[0].message, lang)}` : t('decision.selectedCount', { count: findings.length }),
        }),
    }),
    [ask, canDecide, lang, selected, t],
  );
  const submitDecision = async () => {
    if (!pending) return;
    if (pending.decision === 'reject' && !reason.trim()) {
      message.error(t('decision.reasonRequired'));
      return;
    }
    setDeciding(true);
    try {
      const result = await analyzerApi.decide({ decision: pending.decision, ...pending.target, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      message.success(
        result.skipped.length
          ? t('decision.doneSkipped', { decision: t(`decision.${result.decision}`), count: result.decided, skipped: result.skipped.length })
          : t('decision.done', { decision: t(`decision.${result.decision}`), count: result.decided }),
      );
      if (result.fixes.length === 1) setLastFix(result.fixes[0]);
      setPending(null);
      setSelected(new Set());
      setReload((n) => n + 1);
    } catch (e) {
      modal.error({ title: t('decision.failed'), content: errorText(e, lang) });
    } finally {
      setDeciding(false);
    }
  };
  // One request decides the whole group on the server; the counts say how many it takes.
  const bulkButtons = (target: PendingDecision['target'], group: FindingGroup, what: string, testId: string) =>
    canDecide ? (
      // Inside a collapse header: a click decides, it does not fold the panel.
      <Space size={4} onClick={(e) => e.stopPropagation()} data-testid={testId}>
        <Button size="small" type="primary" ghost disabled={!group.fixable} onClick={() => ask({ decision: 'accept', target, what })}>
          {t('decision.acceptAll')} {group.fixable}
        </Button>
        <Button size="small" disabled={!group.raised} onClick={() => ask({ decision: 'defer', target, what })}>
          {t('decision.deferAll')} {group.raised}
        </Button>
        <Button size="small" disabled={!group.raised} onClick={() => ask({ decision: 'reject', target, what })}>
          {t('decision.rejectAll')} {group.raised}
        </Button>
      </Space>
    ) : null;
  const groupQuery = { stage, decided: 'include' as const, q: search || undefined, decision: filter };
  const tableProps = { matterName, canFix, applying, onApply: apply, decisions: decisionControls, reload, onLoaded };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card
        title={t('nav.analyzer')}
        extra={
          <Segmented<'to_be' | 'as_is'>
            data-testid="analyzer-stage"
            value={stage}
            onChange={setStage}
            options={[
              { value: 'to_be', label: t('analyzer.stageCurrent') },
              { value: 'as_is', label: t('analyzer.stageAsIs') },
            ]}
          />
        }
      >
        <Typography.Paragraph type="secondary">{stage === 'to_be' ? t('analyzer.stageCurrentHelp') : t('analyzer.stageAsIsHelp')}</Typography.Paragraph>
        {error ? (
          <Alert
            type="error"
            showIcon
            title={errorText(error, lang)}
            action={
              <Button size="small" onClick={() => setReload((n) => n + 1)}>
                {t('common.retry')}
              </Button>
            }
          />
        ) : null}
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

      {lastFix ? <FixResult fix={lastFix} matterName={matterName} onClose={() => setLastFix(null)} /> : null}

      {analysis ? <AnalyzerFigures analysis={analysis} stage={stage} /> : null}

      {analysis ? (
        <Card>
          <Space wrap style={{ marginBottom: 12 }} data-testid="decision-bar">
            <Input.Search
              data-testid="analyzer-search"
              allowClear
              placeholder={t('decision.searchMatter')}
              style={{ width: 220 }}
              maxLength={100}
              onSearch={(v) => setSearch(v.trim())}
            />
            <Segmented<DecisionFilter>
              data-testid="decision-filter"
              value={filter}
              onChange={setFilter}
              options={(['all', 'undecided', 'deferred', 'rejected'] as const).map((v) => ({
                value: v,
                label: `${t(v === 'all' ? 'decision.all' : v === 'undecided' ? 'decision.undecided' : `decision.${v}`)} ${analysis.byDecision[v]}`,
              }))}
            />
            {canDecide ? (
              <>
                <Typography.Text type="secondary">{t('decision.selected', { count: chosen.length })}</Typography.Text>
                <Button
                  size="small"
                  type="primary"
                  disabled={!chosen.length || chosen.some((f) => !f.fix)}
                  data-testid="accept-selected"
                  onClick={() =>
                    ask({
                      decision: 'accept',
                      target: { findings: chosen.map((f) => ({ matterCode: f.matter, key: f.key })) },
                      what: t('decision.selectedCount', { count: chosen.length }),
                    })
                  }
                >
                  {t('decision.acceptSelected')}
                </Button>
                <Button size="small" disabled={!chosen.length} data-testid="defer-selected" onClick={() => decisionControls.onDecide('defer', chosen)}>
                  {t('decision.deferSelected')}
                </Button>
                <Button size="small" disabled={!chosen.length} data-testid="reject-selected" onClick={() => decisionControls.onDecide('reject', chosen)}>
                  {t('decision.rejectSelected')}
                </Button>
                {chosen.length ? (
                  <Button size="small" type="link" onClick={() => setSelected(new Set())}>
                    {t('decision.clearSelection')}
                  </Button>
                ) : null}
              </>
            ) : null}
          </Space>
          <DecisionModal pending={pending} reason={reason} onReason={setReason} deciding={deciding} onOk={() => void submitDecision()} onCancel={() => setPending(null)} />
          {analysis.total === 0 ? (
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
                        // At the header's right end: the header itself still folds and unfolds the panel.
                        extra: bulkButtons({ department: g.departmentCode }, g, t('decision.ofDepartment', { name: g.departmentName }), `bulk-department-${g.departmentCode}`),
                        children: <GroupFindings query={{ ...groupQuery, department: g.departmentCode }} {...tableProps} />,
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
                        label: (
                          <GroupHeader
                            title={pick(g.docs, lang)}
                            group={g}
                            extra={
                              lang === 'en' ? (
                                <Typography.Text type="secondary" code>
                                  {g.rule}
                                </Typography.Text>
                              ) : null
                            }
                          />
                        ),
                        extra: bulkButtons({ rule: g.rule }, g, t('decision.ofRule', { name: pick(g.docs, lang) }), `bulk-rule-${g.rule}`),
                        children: (
                          <Space orientation="vertical" style={{ width: '100%' }}>
                            <Alert type="info" title={t('analyzer.principle')} description={pick(g.principle, lang)} />
                            <GroupFindings query={{ ...groupQuery, rule: g.rule }} {...tableProps} />
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
