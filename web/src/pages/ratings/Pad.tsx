// The window's rating pad (评价器): the clerk records a visit and ends it (or an acceptance at
// the counter records it), then turns the pad — a phone or tablet on the counter — to the
// visitor, who rates on the big buttons; the rating is the visitor's, through the pad. The
// pad also opens for an application's process by its number.
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { App as AntApp, Button, Card, Form, Input, List, Result, Space, Tag, Typography } from 'antd';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import RatingForm from './RatingForm.js';
import { useText } from './text.js';
import { clockTime, visitBody, visitStep, visitsApi, type VisitStep } from './visits.js';

const STEP_TEXT = { in_progress: 'visitInProgress', to_rate: 'visitToRate', rated: 'visitRated' } as const;
const STEP_COLOUR: Record<VisitStep, string> = { in_progress: 'blue', to_rate: 'orange', rated: 'green' };

function Visits() {
  const { tx, lang } = useText();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ windowCode?: string; matterName?: string; visitor?: string; visitorName?: string }>();
  const { data, reload: load } = useLoad(
    (signal) =>
      visitsApi.list().catch((e: unknown) => {
        if (!signal.aborted) message.error(errorText(e, lang));
        throw e;
      }),
    [],
  );
  const visits = data?.items ?? [];
  const act = (p: Promise<unknown>) => p.then(load, (e: unknown) => message.error(errorText(e, lang)));
  return (
    <Card title={tx('windowVisits')} style={{ maxWidth: 560 }} data-testid="visits">
      <Form form={form} layout="vertical" onFinish={(v) => act(visitsApi.open(visitBody(v)).then(() => form.resetFields(['matterName', 'visitor', 'visitorName'])))}>
        <Space wrap>
          <Form.Item name="windowCode" label={tx('visitWindow')}>
            <Input maxLength={32} style={{ width: 100 }} data-testid="visit-window" />
          </Form.Item>
          <Form.Item name="matterName" label={tx('visitMatter')}>
            <Input maxLength={200} data-testid="visit-matter" />
          </Form.Item>
          <Form.Item name="visitorName" label={tx('visitVisitorName')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="visitor" label={tx('visitVisitor')}>
            <Input maxLength={64} data-testid="visit-visitor" />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" data-testid="visit-open">
          {tx('visitOpen')}
        </Button>
      </Form>
      <List
        style={{ marginTop: 12 }}
        dataSource={visits}
        locale={{ emptyText: tx('none') }}
        renderItem={(v) => {
          const step = visitStep(v);
          return (
            <List.Item
              data-testid="visit"
              actions={[
                step === 'in_progress' && (
                  <Button key="end" size="small" onClick={() => act(visitsApi.end(v.id))} data-testid="visit-end">
                    {tx('visitEnd')}
                  </Button>
                ),
                step === 'to_rate' && (
                  <Button key="pad" size="small" type="primary" onClick={() => navigate(`/ratings/pad/visit/${v.id}`)} data-testid="visit-pad">
                    {tx('visitPad')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={`${v.windowCode} · ${v.matterName ?? '—'}`}
                description={`${tx('visitStarted')} ${clockTime(v.startedAt)} · ${v.visitorName || v.visitor || '—'}`}
              />
              <Tag color={STEP_COLOUR[step]}>{tx(STEP_TEXT[step])}</Tag>
            </List.Item>
          );
        }}
      />
    </Card>
  );
}

/** The pad turned to the visitor of one visit: the big buttons, tablet- and phone-sized. */
export function VisitPad() {
  const { tx } = useText();
  const { visitId = '' } = useParams();
  const navigate = useNavigate();
  const loaded = useLoad(() => visitsApi.get(Number(visitId)), [visitId]);
  // (a visit that cannot be read is rated as unknown)
  const visit = loaded.error ? null : loaded.data;
  const [done, setDone] = useState(false);
  if (done || visit?.rated) return <Result status="success" title={tx('thanks')} extra={<Button onClick={() => navigate('/ratings')}>{tx('windowVisits')}</Button>} />;
  return (
    <Card style={{ maxWidth: 900, margin: '0 auto' }} data-testid="rating-pad">
      <Typography.Title level={2} style={{ textAlign: 'center' }}>
        {tx('padTitle')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
        {visit ? `${tx('visitWindow')} ${visit.windowCode} · ${visit.matterName ?? ''}` : ''}
      </Typography.Paragraph>
      <RatingForm occurrenceKind="window_visit" occurrenceId={visitId} channel="pad" large onRated={() => setDone(true)} />
    </Card>
  );
}

export function PadStart() {
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Visits />
      <InstancePadStart />
    </Space>
  );
}

function InstancePadStart() {
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
