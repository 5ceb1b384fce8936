// The way back from a process page (an instance, a deployment) to the list it was opened from,
// and what such a page shows when it could not be loaded at all.
import { Link } from 'react-router-dom';
import { Alert, Button, Space } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import RecordError, { isOutOfScope } from '../../components/RecordError.js';
import { useI18n } from '../../i18n/index.js';

export function BackLink({ to }: { to: string }) {
  const { t } = useI18n();
  return (
    <Link to={to}>
      <ArrowLeftOutlined /> {t('processes.instance.back')}
    </Link>
  );
}

/** The way back and the error, with a retry. */
export function LoadFailure({ back, error, onRetry }: { back: string; error: unknown; onRetry: () => void }) {
  const { lang, t } = useI18n();
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <BackLink to={back} />
      {isOutOfScope(error) ? (
        <RecordError error={error} />
      ) : (
        <Alert type="error" showIcon title={errorText(error, lang)} action={<Button onClick={onRetry}>{t('common.retry')}</Button>} />
      )}
    </Space>
  );
}
