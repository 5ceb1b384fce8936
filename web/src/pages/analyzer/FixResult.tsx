// What an applied fix did: the matter's new version, the ledger item, the figures before and after.
import { Link } from 'react-router-dom';
import { Alert, Space } from 'antd';
import { MATTER_FIGURE_KEYS } from '../../api/catalogue.js';
import { pick, useI18n } from '../../i18n/index.js';
import { FigureTable, figureRows } from '../reform/shared.js';
import type { AppliedFix } from '../../api/analyzer.js';

export function FixResult({ fix: lastFix, matterName, onClose }: { fix: AppliedFix; matterName: (code: string) => string; onClose: () => void }) {
  const { lang, t } = useI18n();
  return (
    <Alert
      data-testid="fix-result"
      type="success"
      showIcon
      closable={{ onClose }}
      title={t('analyzer.appliedTitle', { matter: matterName(lastFix.version.matterCode), version: lastFix.version.version, item: lastFix.ledgerItem.id })}
      description={
        <Space orientation="vertical" style={{ width: '100%' }}>
          <span>{lastFix.applied.map((f) => (f.fix ? pick(f.fix.description, lang) : '')).join('；')}</span>
          <FigureTable
            rows={figureRows(t, MATTER_FIGURE_KEYS, { ...lastFix.figures.before }, { ...lastFix.figures.after })}
            beforeTitle={t('analyzer.beforeFix')}
            afterTitle={t('analyzer.afterFix')}
          />
          <Space>
            <Link to={`/catalogue/matters/${encodeURIComponent(lastFix.version.matterCode)}`}>{t('analyzer.openMatter')}</Link>
            <Link to="/catalogue?tab=ledger">{t('analyzer.openLedger')}</Link>
          </Space>
        </Space>
      }
    />
  );
}
