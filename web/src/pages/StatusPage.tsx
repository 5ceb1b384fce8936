// Not found and not allowed.
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/index.js';

export function NotFound() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return <Result status="404" title={t('notFound.title')} subTitle={t('notFound.text')} extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>} />;
}

export function Forbidden() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return <Result status="403" title={t('forbidden.title')} subTitle={t('forbidden.text')} extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>} />;
}
