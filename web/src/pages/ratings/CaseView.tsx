// One 差评 case: the rating, the facts from the process history, every step taken, and the
// form of each step the caller's role may take now.
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App as AntApp, Button, Card, Checkbox, Descriptions, Form, Input, Radio, Space, Spin, Table, Tag, Timeline, Typography } from 'antd';
import { LEVEL_LABELS, REASON_LABELS } from '../../../../src/rating/model.js';
import {
  ACTION_ROLES,
  APPEAL_GROUNDS,
  APPEAL_GROUND_LABELS,
  CASE_STATUS_LABELS,
  FOLLOW_UP_METHODS,
  FOLLOW_UP_LABELS,
  type CaseAction,
} from '../../../../src/rating/rectification.js';
import type { FactStep } from '../../../../src/rating/facts.js';
import { useAuth } from '../../auth/AuthContext.js';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import RecordError from '../../components/RecordError.js';
import { ratingsApi, type CaseDetail } from './api.js';
import { STATUS_COLOURS } from './Cases.js';
import { useText, type TextKey } from './text.js';
import { useDepartments, usePeople } from '../reform/shared.js';
import { ProvisionalTag } from '../processes/DeadlineTag.js';

const ACTION_TEXT: Record<CaseAction, TextKey> = { verify: 'verify', rectify: 'rectify', appeal: 'appeal', review_appeal: 'reviewAppeal', follow_up: 'followUp', close: 'close' };

export default function CaseView() {
  const { tx, label, lang } = useText();
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  const id = Number(useParams().id);
  // Each action answers with the case as it now is.
  const { data: c, error, set: setCase } = useLoad(() => ratingsApi.case(id), [id]);
  const { name: departmentName } = useDepartments();
  const person = usePeople([c?.rating.officer, ...(c?.events ?? []).map((e) => e.actor)]);
  const [busy, setBusy] = useState(false);

  if (error) return <RecordError error={error} />;
  if (!c || !user) return <Spin />;
  const facts = 'steps' in c.facts ? c.facts : null;
  const mine = c.actions.filter((a) => ACTION_ROLES[a].includes(user.role));

  const run = async (fn: () => Promise<CaseDetail>) => {
    setBusy(true);
    try {
      setCase(await fn());
      message.success(tx('done'));
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const forms: Record<CaseAction, ReactNode> = {
    verify: (
      <Form layout="vertical" onFinish={(v: { note: string }) => run(() => ratingsApi.verify(id, v.note))}>
        <Form.Item name="note" label={tx('verifyNote')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} data-testid="verify-note" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="do-verify">
          {tx('verify')}
        </Button>
      </Form>
    ),
    rectify: (
      <Form
        layout="vertical"
        onFinish={(v: { measures: string; feedback: string; evidenceName?: string; evidenceNote?: string }) =>
          run(() => ratingsApi.rectify(id, { measures: v.measures, feedback: v.feedback, evidence: v.evidenceName ? [{ name: v.evidenceName, note: v.evidenceNote ?? '' }] : [] }))
        }
      >
        <Form.Item name="measures" label={tx('measures')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} data-testid="rectify-measures" />
        </Form.Item>
        <Form.Item name="feedback" label={tx('feedbackToRater')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} data-testid="rectify-feedback" />
        </Form.Item>
        <Form.Item name="evidenceName" label={tx('evidenceName')}>
          <Input data-testid="rectify-evidence" />
        </Form.Item>
        <Form.Item name="evidenceNote" label={tx('evidenceNote')}>
          <Input />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="do-rectify">
          {tx('rectify')}
        </Button>
      </Form>
    ),
    appeal: (
      <Form
        layout="vertical"
        initialValues={{ ground: 'malicious' }}
        onFinish={(v: { ground: (typeof APPEAL_GROUNDS)[number]; statement: string }) => run(() => ratingsApi.appeal(id, v))}
      >
        <Form.Item name="ground" label={tx('ground')}>
          <Radio.Group options={APPEAL_GROUNDS.map((g) => ({ value: g, label: label(APPEAL_GROUND_LABELS[g]) }))} />
        </Form.Item>
        <Form.Item name="statement" label={tx('statement')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} data-testid="appeal-statement" />
        </Form.Item>
        <Button htmlType="submit" loading={busy} data-testid="do-appeal">
          {tx('appeal')}
        </Button>
      </Form>
    ),
    review_appeal: (
      <Form layout="vertical" initialValues={{ upheld: true }} onFinish={(v: { upheld: boolean; note: string }) => run(() => ratingsApi.reviewAppeal(id, v))}>
        <Form.Item name="upheld">
          <Radio.Group
            options={[
              { value: true, label: tx('upheld') },
              { value: false, label: tx('rejected') },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={tx('decisionNote')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} data-testid="review-note" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="do-review">
          {tx('reviewAppeal')}
        </Button>
      </Form>
    ),
    follow_up: (
      <Form
        layout="vertical"
        initialValues={{ method: 'call', reached: true, satisfied: true }}
        onFinish={(v: { method: (typeof FOLLOW_UP_METHODS)[number]; reached: boolean; satisfied: boolean; note: string }) =>
          run(() => ratingsApi.followUp(id, { ...v, satisfied: v.reached ? v.satisfied : null }))
        }
      >
        <Form.Item name="method" label={tx('method')}>
          <Radio.Group options={FOLLOW_UP_METHODS.map((m) => ({ value: m, label: label(FOLLOW_UP_LABELS[m]) }))} />
        </Form.Item>
        <Form.Item name="reached" valuePropName="checked">
          <Checkbox>{tx('reached')}</Checkbox>
        </Form.Item>
        <Form.Item name="satisfied" valuePropName="checked">
          <Checkbox>{tx('satisfied')}</Checkbox>
        </Form.Item>
        <Form.Item name="note" label={tx('note')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} data-testid="follow-up-note" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="do-follow-up">
          {tx('followUp')}
        </Button>
      </Form>
    ),
    close: (
      <Form layout="vertical" onFinish={(v: { note: string }) => run(() => ratingsApi.close(id, v.note))}>
        <Form.Item name="note" label={tx('note')} rules={[{ required: true }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button htmlType="submit" loading={busy}>
          {tx('close')}
        </Button>
      </Form>
    ),
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="case-view">
      <Link to="/ratings">← {tx('back')}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        #{c.id} {c.rating.matterName}{' '}
        <Tag color={STATUS_COLOURS[c.status]} data-testid="case-status">
          {label(CASE_STATUS_LABELS[c.status])}
        </Tag>
        {c.overdue && <Tag color="red">{tx('overdue')}</Tag>}
      </Typography.Title>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={tx('level')}>
          <Tag color="red">{label(LEVEL_LABELS[c.rating.level])}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={tx('ratedAt')}>{c.rating.ratedAt.slice(0, 16).replace('T', ' ')}</Descriptions.Item>
        <Descriptions.Item label={tx('reasons')}>{c.rating.reasons.map((r) => label(REASON_LABELS[r])).join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label={tx('comment')}>{c.rating.comment || '—'}</Descriptions.Item>
        <Descriptions.Item label={tx('department')}>{c.departmentCode ? departmentName(c.departmentCode) : '—'}</Descriptions.Item>
        <Descriptions.Item label={tx('officer')}>{c.rating.officer ? person(c.rating.officer) : '—'}</Descriptions.Item>
        <Descriptions.Item label={tx('rectifyDue')}>
          {c.rectifyDue ?? '—'}
          {c.provisional ? (
            <>
              {' '}
              <ProvisionalTag />
            </>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={tx('appealDue')}>
          {c.appealDue ?? '—'}
          {c.provisional && c.appealDue ? (
            <>
              {' '}
              <ProvisionalTag />
            </>
          ) : null}
        </Descriptions.Item>
        {c.feedback && <Descriptions.Item label={tx('feedbackToRater')}>{c.feedback}</Descriptions.Item>}
      </Descriptions>
      {facts && (
        <Card size="small" title={tx('facts')} data-testid="case-facts">
          <Space wrap size="large" style={{ marginBottom: 8 }}>
            <span>
              {tx('totalWorkdays')}：<b>{facts.workdays ?? '—'}</b>
            </span>
            <span>
              {tx('supplementNotices')}：<b data-testid="supplement-notices">{facts.supplementNotices}</b>
            </span>
            <span>
              {tx('longestStep')}：<b>{facts.longestStep ?? '—'}</b>
            </span>
          </Space>
          <Table<FactStep>
            size="small"
            rowKey={(s, i) => `${s.name}-${i}`}
            pagination={false}
            dataSource={facts.steps}
            columns={[
              { title: tx('step'), dataIndex: 'name' },
              { title: tx('handledBy'), dataIndex: 'handledBy' },
              { title: tx('department'), dataIndex: 'department' },
              { title: tx('workdays'), dataIndex: 'workdays' },
              { title: tx('dueAt'), dataIndex: 'dueAt', render: (d: string | null) => d?.slice(0, 16).replace('T', ' ') ?? '—' },
              { title: tx('missed'), dataIndex: 'missedDeadline', render: (m: boolean) => (m ? <Tag color="red">{tx('missed')}</Tag> : '') },
            ]}
          />
        </Card>
      )}
      {c.events.length > 0 && (
        <Card size="small" title={tx('history')}>
          <Timeline
            items={c.events.map((e) => ({
              content: (
                <span>
                  {e.at.slice(0, 16).replace('T', ' ')} · {person(e.actor)} · {tx(ACTION_TEXT[e.action as CaseAction] ?? 'open')} → {label(CASE_STATUS_LABELS[e.toStatus])}
                  {typeof e.data.note === 'string' && e.data.note ? `：${e.data.note}` : ''}
                  {typeof e.data.statement === 'string' ? `：${e.data.statement}` : ''}
                  {typeof e.data.measures === 'string' ? `：${e.data.measures}` : ''}
                </span>
              ),
            }))}
          />
        </Card>
      )}
      {mine.map((a) => (
        <Card key={a} size="small" title={tx(ACTION_TEXT[a])} data-testid={`action-${a}`}>
          {forms[a]}
        </Card>
      ))}
    </Space>
  );
}
