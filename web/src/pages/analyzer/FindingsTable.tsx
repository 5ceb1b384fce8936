// A table of analyzer findings: severity, matter and place, the message, and the suggested
// fix with its "apply fix" button. Used by the analyzer page and a matter's own page.
import { Link } from 'react-router-dom';
import { Button, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import type { DecisionState, Finding, FindingDecisionView, Severity } from '../../api/analyzer.js';
import { shanghaiTime } from '../reform/shared.js';
import { pick, useI18n } from '../../i18n/index.js';

export const SEVERITY_COLORS: Record<Severity, string> = { error: 'error', warning: 'warning', suggestion: 'blue' };

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useI18n();
  return <Tag color={SEVERITY_COLORS[severity]}>{t(`severity.${severity}`)}</Tag>;
}

function locationText(t: ReturnType<typeof useI18n>['t'], f: Finding): string {
  const l = f.location;
  return [l.step && `${t('analyzer.step')} ${l.step}`, l.material && `${t('analyzer.material')} ${l.material}`, l.prerequisite && `${t('analyzer.prerequisite')} ${l.prerequisite}`]
    .filter(Boolean)
    .join(' · ');
}

export const DECISION_COLORS: Record<DecisionState, string> = { accepted: 'success', rejected: 'default', deferred: 'gold' };

/** A finding's decision: 采纳 / 不采纳 / 暂缓, who and when, the reason on hover; 待决定 without one. */
export function DecisionTag({ decision }: { decision?: FindingDecisionView }) {
  const { t } = useI18n();
  if (!decision) return <Tag data-testid="decision-tag">{t('decision.undecided')}</Tag>;
  return (
    <Space orientation="vertical" size={0}>
      <Tooltip title={decision.reason || undefined}>
        <Tag color={DECISION_COLORS[decision.decision]} data-testid="decision-tag">
          {t(`decision.${decision.decision}`)}
        </Tag>
      </Tooltip>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {decision.decidedBy} · {shanghaiTime(decision.decidedAt)}
      </Typography.Text>
      {decision.reason ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: decision.reason }}>
          {decision.reason}
        </Typography.Text>
      ) : null}
    </Space>
  );
}

/** The office's decisions in a table: selection for bulk decisions, and reject / defer per row. */
export interface DecisionControls {
  canDecide: boolean;
  selected: ReadonlySet<string>;
  /** The keys of this table's findings, and which of them are now selected. */
  onSelectionChange: (tableKeys: string[], selectedKeys: string[]) => void;
  onDecide: (decision: 'reject' | 'defer', findings: Finding[]) => void;
}

export interface FindingsTableProps {
  findings: Finding[];
  matterName: (code: string) => string;
  canFix: boolean;
  applying: string | null;
  onApply: (finding: Finding) => void;
  decisions?: DecisionControls;
  /** Paged on the server: the page shown, of how many, and where to go (default: paged here). */
  paging?: { current: number; pageSize: number; total: number; loading?: boolean; onChange: (page: number) => void };
}

export function FindingsTable({ findings, matterName, canFix, applying, onApply, decisions, paging }: FindingsTableProps) {
  const { lang, t } = useI18n();
  const decide = decisions?.canDecide ? decisions : null;
  return (
    <Table<Finding>
      size="small"
      rowKey="key"
      dataSource={findings}
      rowSelection={
        decide
          ? {
              selectedRowKeys: findings.filter((f) => decide.selected.has(f.key)).map((f) => f.key),
              onChange: (keys) =>
                decide.onSelectionChange(
                  findings.map((f) => f.key),
                  keys.map(String),
                ),
              getCheckboxProps: (f) => ({ 'aria-label': f.key }) as never,
            }
          : undefined
      }
      loading={paging?.loading}
      pagination={
        paging
          ? { current: paging.current, pageSize: paging.pageSize, total: paging.total, onChange: paging.onChange, hideOnSinglePage: true, showSizeChanger: false }
          : { pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }
      }
      columns={[
        { title: t('analyzer.severity'), dataIndex: 'severity', width: 80, render: (s: Severity) => <SeverityTag severity={s} /> },
        {
          title: t('analyzer.matter'),
          dataIndex: 'matter',
          width: 200,
          render: (code: string, f) => (
            <Space orientation="vertical" size={0}>
              <Link to={`/catalogue/matters/${encodeURIComponent(code)}`}>{f.matterName ?? matterName(code)}</Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[code, locationText(t, f)].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Space>
          ),
        },
        { title: t('analyzer.message'), dataIndex: 'message', render: (m: Finding['message']) => pick(m, lang) },
        ...(decisions ? [{ title: t('decision.title'), key: 'decision', width: 150, render: (_: unknown, f: Finding) => <DecisionTag decision={f.decision} /> }] : []),
        {
          title: t('analyzer.fix'),
          key: 'fix',
          width: 260,
          render: (_: unknown, f) =>
            f.fix ? (
              <Space orientation="vertical" size={4}>
                <Typography.Text>{pick(f.fix.description, lang)}</Typography.Text>
                {canFix ? (
                  <Popconfirm
                    title={t('analyzer.applyConfirm')}
                    description={t('analyzer.applyConfirmText')}
                    okText={t('analyzer.apply')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => onApply(f)}
                  >
                    <Button
                      size="small"
                      type="primary"
                      ghost
                      icon={<ThunderboltOutlined />}
                      loading={applying === f.key}
                      disabled={applying !== null && applying !== f.key}
                      data-testid="apply-fix"
                    >
                      {t('analyzer.apply')}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('analyzer.noFix')}</Typography.Text>
            ),
        },
        ...(decide
          ? [
              {
                title: t('decision.actions'),
                key: 'decide',
                width: 150,
                render: (_: unknown, f: Finding) => (
                  <Space size={4} wrap>
                    <Button size="small" data-testid="reject-finding" onClick={() => decide.onDecide('reject', [f])} disabled={f.decision?.decision === 'rejected'}>
                      {t('decision.reject')}
                    </Button>
                    <Button size="small" data-testid="defer-finding" onClick={() => decide.onDecide('defer', [f])} disabled={f.decision?.decision === 'deferred'}>
                      {t('decision.defer')}
                    </Button>
                  </Space>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
