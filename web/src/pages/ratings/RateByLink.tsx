// The page a notice's rating link opens (/rate?token=…): no sign-in, phone-first. The link is
// signed and expires; it rates the one occurrence it names, once.
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Card, Result, Spin, Typography } from 'antd';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { LanguageSwitch } from '../../layout/AppLayout.js';
import { ratingsApi } from './api.js';
import RatingForm from './RatingForm.js';
import { useText } from './text.js';

export default function RateByLink() {
  const { tx, lang } = useText();
  const token = useSearchParams()[0].get('token') ?? '';
  const { data: target, error } = useLoad(() => ratingsApi.linkTarget(token), [token]);
  const [done, setDone] = useState(false);
  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 16 }}>
      <div style={{ textAlign: 'right' }}>
        <LanguageSwitch />
      </div>
      {error ? (
        <Alert type="error" title={errorText(error, lang)} data-testid="link-error" />
      ) : !target ? (
        <Spin />
      ) : done || target.rated ? (
        <Result status="success" title={done ? tx('thanks') : tx('rated')} />
      ) : (
        <Card title={tx('padTitle')} data-testid="rate-by-link">
          <Typography.Paragraph strong>{target.name}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            {tx('finishedAt')}：{target.endedAt?.slice(0, 16).replace('T', ' ')}
          </Typography.Paragraph>
          <RatingForm submit={(choice) => ratingsApi.rateByLink(token, choice)} onRated={() => setDone(true)} />
        </Card>
      )}
    </div>
  );
}
