// A capability that is not built yet: its name, what it will do (from the mission), and no data.
import { Card, Result, Typography } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { capabilityDescription, navLabel, type Capability } from '../capabilities.js';
import { useI18n } from '../i18n/index.js';

export default function CapabilityPage({ capability }: { capability: Capability }) {
  const { t } = useI18n();
  return (
    <Card>
      <Result
        icon={<ToolOutlined style={{ color: '#c62828' }} />}
        title={
          <span data-testid="capability-title">
            {t(navLabel(capability.key))} · {t('construction.title')}
          </span>
        }
        subTitle={t('construction.noData')}
      >
        <div style={{ maxWidth: 720, margin: '0 auto' }}>
          <Typography.Paragraph strong>{t('construction.what')}</Typography.Paragraph>
          <Typography.Paragraph data-testid="capability-description">{t(capabilityDescription(capability.key))}</Typography.Paragraph>
          {capability.note ? <Typography.Paragraph type="secondary">{t(capability.note)}</Typography.Paragraph> : null}
        </div>
      </Result>
    </Card>
  );
}
