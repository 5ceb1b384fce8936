// A record page that could not load its record: one outside the caller's scope (403) says so
// as a page of its own, with the server's words ("申请 12 不在您的管辖范围内"); any other
// failure is an error line, with a retry where one helps.
import { Alert, Button, Result } from 'antd';
import { ApiError, errorText } from '../api/client.js';
import { useI18n } from '../i18n/index.js';

export function isOutOfScope(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403;
}

export default function RecordError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { lang, t } = useI18n();
  if (isOutOfScope(error)) return <Result status="403" title={t('scope.outsideTitle')} subTitle={errorText(error, lang)} data-testid="out-of-scope" />;
  return <Alert type="error" showIcon title={errorText(error, lang)} action={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined} />;
}
