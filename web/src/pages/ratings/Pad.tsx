// The window's rating pad (评价器): after a visit the clerk opens it for the application, and
// the applicant rates on the big buttons; the rating is the applicant's, through the pad.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { Button, Card, Input, Result, Space, Typography } from 'antd';
import RatingForm from './RatingForm.js';
import { useText } from './text.js';

export function PadStart() {
  const { tx } = useText();
  const navigate = useNavigate();
  const [id, setId] = useState('');
  return (
    <Card title={tx('padOpen')} style={{ maxWidth: 560 }}>
      <Typography.Paragraph type="secondary">{tx('padIntro')}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input placeholder={tx('padInstance')} value={id} onChange={(e) => setId(e.target.value)} data-testid="pad-instance" />
        <Button type="primary" disabled={!id.trim()} onClick={() => navigate(`/ratings/pad/${encodeURIComponent(id.trim())}`)}>
          {tx('padOpen')}
        </Button>
      </Space.Compact>
    </Card>
  );
}

export default function Pad() {
  const { tx } = useText();
  const { instanceId = '' } = useParams();
  const [done, setDone] = useState(false);
  const navigate = useNavigate();
  if (done) return <Result status="success" title={tx('thanks')} extra={<Button onClick={() => navigate('/ratings')}>{tx('padOpen')}</Button>} />;
  return (
    <Card style={{ maxWidth: 900, margin: '0 auto' }} data-testid="rating-pad">
      <Typography.Title level={2} style={{ textAlign: 'center' }}>
        {tx('padTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
        {tx('padInstance')}：{instanceId}
      </Typography.Paragraph>
      <RatingForm occurrenceId={instanceId} channel="pad" large onRated={() => setDone(true)} />
    </Card>
  );
}
