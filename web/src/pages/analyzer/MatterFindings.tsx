// The analyzer's findings on one matter (as it stands: its to-be version once redesigned), with
// "apply fix" right there; each fix makes a new to-be version and a ledger item.
import { useCallback, useState } from 'react';
import { App as AntApp, Alert, Empty, Skeleton, Space, Typography } from 'antd';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { analyzerApi, type Finding } from '../../api/analyzer.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';
import { FindingsTable } from './FindingsTable.js';

export default function MatterFindings({ code, name, onChanged }: { code: string; name: string; onChanged: () => void }) {
  const { lang, t } = useI18n();
  const { user } = useAuth();
  const { message, modal } = AntApp.useApp();
  const [applying, setApplying] = useState<string | null>(null);
  const { data, error, reload } = useLoad((signal) => analyzerApi.run({ stage: 'to_be', matter: code }, signal), [code]);
  const findings = data?.findings;

  const apply = useCallback(
    async (finding: Finding) => {
      setApplying(finding.key);
      try {
        const result = await analyzerApi.applyFix({ matterCode: code, findings: [finding.key] });
        message.success(t('analyzer.applied', { version: result.version.version, item: result.ledgerItem.id }));
        reload();
        onChanged();
      } catch (e) {
        modal.error({ title: t('analyzer.applyFailed'), content: errorText(e, lang) });
      } finally {
        setApplying(null);
      }
    },
    [code, lang, message, modal, onChanged, reload, t],
  );

  if (error) return <Alert type="error" showIcon title={errorText(error, lang)} />;
  if (!findings) return <Skeleton active />;
  if (findings.length === 0) return <Empty description={t('analyzer.none')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="matter-findings">
      <Typography.Text type="secondary">{t('analyzer.matterHelp', { count: findings.length })}</Typography.Text>
      <FindingsTable findings={findings} matterName={() => name} canFix={user?.role === 'reform_office' || user?.role === 'admin'} applying={applying} onApply={apply} />
    </Space>
  );
}
