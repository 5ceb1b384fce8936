// A table of analyzer findings: severity, matter and place, the message, and the suggested
// fix with its "apply fix" button. Used by the analyzer page and a matter's own page.
import { Link } from 'react-router-dom';
import { Button, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import type { Finding, Severity } from '../../api/analyze.js';
import { pick, useI18n } from '../../i18n/index.js';

export const SEVERITY_COLORS: Record<Severity, string> = { error: 'error', warning: 'warning', suggestion: 'blue' };

export function SeverityTag({ severity }: { severity: Severity }) {
  const { t } = useI18n();
  return <Tag color={SEVERITY_COLORS[severity]}>{t(`severity.${severity}`)}</Tag>;
}

function locationText(t: ReturnType<typeof useI18n>['t'], f: Finding): string {
  const l = f.location;
  return [l.step && `${t('analyzer.step')} ${l.step}`, l.material && `${t('analyzer.material')} ${l.material}`, l.prerequisite && `${t('analyzer.prerequisite')} ${l.prerequisite}`].filter(Boolean).join(' · ');
}

export interface FindingsTableProps {
  findings: Finding[];
  matterName: (code: string) => string;
  canFix: boolean;
  applying: string | null;
  onApply: (finding: Finding) => void;
}

export function FindingsTable({ findings, matterName, canFix, applying, onApply }: FindingsTableProps) {
  const { lang, t } = useI18n();
  return (
    <Table<Finding>
      size="small"
      rowKey="key"
      dataSource={findings}
      pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      columns={[
        { title: t('analyzer.severity'), dataIndex: 'severity', width: 80, render: (s: Severity) => <SeverityTag severity={s} /> },
        {
          title: t('analyzer.matter'),
          dataIndex: 'matter',
          width: 200,
          render: (code: string, f) => (
            <Space orientation="vertical" size={0}>
              <Link to={`/catalogue/matters/${encodeURIComponent(code)}`}>{matterName(code)}</Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {[code, locationText(t, f)].filter(Boolean).join(' · ')}
              </Typography.Text>
            </Space>
          ),
        },
        { title: t('analyzer.message'), dataIndex: 'message', render: (m: Finding['message']) => pick(m, lang) },
        {
          title: t('analyzer.fix'),
          key: 'fix',
          width: 260,
          render: (_: unknown, f) =>
            f.fix ? (
              <Space orientation="vertical" size={4}>
                <Typography.Text>{pick(f.fix.description, lang)}</Typography.Text>
                {canFix ? (
                  <Popconfirm title={t('analyzer.applyConfirm')} description={t('analyzer.applyConfirmText')} okText={t('analyzer.apply')} cancelText={t('common.cancel')} onConfirm={() => onApply(f)}>
                    <Button size="small" type="primary" ghost icon={<ThunderboltOutlined />} loading={applying === f.key} disabled={applying !== null && applying !== f.key} data-testid="apply-fix">
                      {t('analyzer.apply')}
                    </Button>
                  </Popconfirm>
                ) : null}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('analyzer.noFix')}</Typography.Text>
            ),
        },
      ]}
    />
  );
}

