// Pages anyone may open without signing in: tracking by receipt number and query code, and
// the verification page a result's QR code leads to.
import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Descriptions, Form, Input, Result, Skeleton, Space, Steps, Tag } from 'antd';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useI18n, pick } from '../../i18n/index.js';
import { LanguageSwitch } from '../../layout/AppLayout.js';
import { windowApi, type TrackAnswer } from './api.js';
import { useText } from './text.js';

function Frame({ children }: { children: React.ReactNode }) {
  return (
    <div style={{ maxWidth: 560, margin: '0 auto', padding: 12 }}>
      <div style={{ textAlign: 'right' }}>
        <LanguageSwitch />
      </div>
      {children}
    </div>
  );
}

export function TrackPage() {
  const tx = useText();
  const { lang } = useI18n();
  const [params] = useSearchParams();
  const [answer, setAnswer] = useState<TrackAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const search = (v: { receiptNo: string; queryCode: string }) => {
    setError(null);
    windowApi.track(v.receiptNo.trim(), v.queryCode.trim()).then(setAnswer, (e: unknown) => (setAnswer(null), setError(e)));
  };
  return (
    <Frame>
      <Card title={tx('track')}>
        <Form layout="vertical" onFinish={search} initialValues={{ receiptNo: params.get('receiptNo') ?? '', queryCode: '' }}>
          <Form.Item name="receiptNo" label={tx('receiptNo')} rules={[{ required: true }]}>
            <Input inputMode="numeric" data-testid="track-receipt" />
          </Form.Item>
          <Form.Item name="queryCode" label={tx('queryCode')} rules={[{ required: true }]}>
            <Input data-testid="track-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block data-testid="track-search">
            {tx('search')}
          </Button>
        </Form>
        {error !== null && <Alert style={{ marginTop: 12 }} type="error" title={errorText(error, lang)} />}
        {answer && (
          <div style={{ marginTop: 16 }} data-testid="track-answer">
            <Space wrap>
              <strong>{answer.serviceName}</strong>
              <Tag color={answer.finished ? 'success' : 'processing'} data-testid="track-status">
                {pick(answer.statusLabel, lang)}
              </Tag>
            </Space>
            <Steps
              direction="vertical"
              size="small"
              current={answer.steps.length}
              style={{ marginTop: 12 }}
              items={answer.steps.map((s) => ({ title: `${pick(s.label, lang)}${s.step ? `：${s.step}` : ''}`, description: s.at.slice(0, 16).replace('T', ' ') }))}
            />
          </div>
        )}
      </Card>
    </Frame>
  );
}

export function VerifyPage() {
  const { code } = useParams();
  const tx = useText();
  const { lang } = useI18n();
  const { data: c, error } = useLoad(() => windowApi.verify(String(code)), [code]);
  if (error)
    return (
      <Frame>
        <Result status="error" title={tx('unknownCode')} subTitle={errorText(error, lang)} />
      </Frame>
    );
  if (!c)
    return (
      <Frame>
        <Skeleton active />
      </Frame>
    );
  return (
    <Frame>
      <Result status={c.status === 'valid' ? 'success' : 'warning'} title={<span data-testid="verify-title">{c.status === 'valid' ? tx('verified') : tx('revoked')}</span>} />
      <Descriptions
        bordered
        size="small"
        column={1}
        items={[
          { key: 't', label: lang === 'en' ? 'Certificate' : '证照名称', children: <span data-testid="verify-type">{c.typeName}</span> },
          { key: 'n', label: lang === 'en' ? 'Number' : '证照编号', children: c.number },
          { key: 'h', label: tx('holder'), children: c.holderName },
          { key: 'i', label: lang === 'en' ? 'Issuer' : '发证机关', children: c.issuer },
          { key: 'd', label: lang === 'en' ? 'Issued on' : '发证日期', children: c.issuedOn },
          { key: 's', label: lang === 'en' ? 'Service' : '办理事项', children: c.serviceName ?? '—' },
        ]}
      />
    </Frame>
  );
}
