// The applicant's page (phone-first, 390×844): their finished applications, each with its
// rating or a form to give one, and the department's feedback on a 差评.

import { Alert, Card, Empty, Space, Spin, Tag, Typography } from 'antd';
import { LEVEL_LABELS, isNegative } from '../../../../src/rating/model.js';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { ratingsApi } from './api.js';
import RatingForm from './RatingForm.js';
import { useText } from './text.js';

export default function RateMine() {
  const { tx, label, lang } = useText();
  const { data, error, reload: load } = useLoad(() => ratingsApi.mine(), []);
  const items = data?.items ?? null;
  // Phone screens rate through the mobile channel, larger ones through the portal.
  const channel = typeof window !== 'undefined' && window.innerWidth < 768 ? 'mobile' : 'portal';

  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  if (!items) return <Spin />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 560 }} data-testid="rate-mine">
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {tx('title')}
        </Typography.Title>
        <Typography.Text type="secondary">{tx('mineIntro')}</Typography.Text>
      </div>
      {items.length === 0 && <Empty description={tx('nothingToRate')} />}
      {items.map((item) => {
        const rating = item.ratings[0];
        return (
          <Card key={`${item.occurrenceKind}:${item.occurrenceId}`} size="small" title={item.name} data-testid="rateable" data-occurrence={item.occurrenceId}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
              {tx('finishedAt')}：{item.endedAt?.slice(0, 16).replace('T', ' ')} · {item.occurrenceId.slice(0, 8)}
            </Typography.Paragraph>
            {rating ? (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <span>
                  {tx('rated')}：
                  <Tag color={isNegative(rating.level) ? 'red' : 'green'} data-testid="my-level">
                    {label(LEVEL_LABELS[rating.level])}
                  </Tag>
                </span>
                {rating.feedback && <Alert type="info" title={tx('feedback')} description={rating.feedback} data-testid="my-feedback" />}
              </Space>
            ) : (
              <RatingForm occurrenceKind={item.occurrenceKind} occurrenceId={item.occurrenceId} channel={channel} onRated={load} />
            )}
          </Card>
        );
      })}
    </Space>
  );
}
