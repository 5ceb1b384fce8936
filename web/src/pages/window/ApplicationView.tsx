// One application as its applicant (or a clerk) sees it: status, deadlines, the supplement
// notice with its uploads, notices, results, steps and the timeline.
import { useMemo } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App as AntApp, Alert, Button, Card, List, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { CloudDownloadOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useI18n, pick } from '../../i18n/index.js';
import { EVENT_LABELS, NOTICE_LABELS } from '../../../../src/window/model.js';
import { materialUrl, noticeUrl, resultUrl, windowApi, type ApplicationDetail } from './api.js';
import { useText } from './text.js';
import { ClockTag, StatusTag } from './shared.js';
import { MaterialUploads } from './MaterialUploads.js';
import { ProvisionalTag } from '../processes/DeadlineTag.js';
import RecordError from '../../components/RecordError.js';
import { useDepartments, usePeople } from '../reform/shared.js';

/** The working days a pause during handling lasted, and the promised date it moved to. */
function pausedText(e: { type: string; data?: unknown }, lang: string): string {
  const d = e.data as { pausedWorkdays?: number; promisedDate?: string } | null;
  if (e.type !== 'handling.supplement.answered' || !d) return '';
  return lang === 'en'
    ? ` (stopped ${d.pausedWorkdays} working days; promised date now ${d.promisedDate})`
    : `（暂停 ${d.pausedWorkdays} 个工作日，承诺办结日期顺延至 ${d.promisedDate}）`;
}

/** One application: status, deadlines, the supplement notice with its uploads, notices, results, timeline. */
export function ApplicationView({ actions }: { actions?: (a: ApplicationDetail, reload: () => void) => React.ReactNode }) {
  const { id } = useParams();
  const tx = useText();
  const { lang } = useI18n();
  const { message } = AntApp.useApp();
  const { data: a, error, reload } = useLoad((signal) => windowApi.get(Number(id), signal), [id]);
  const { name: departmentName } = useDepartments();
  const person = usePeople((a?.timeline ?? []).map((e) => e.actor));
  // Before acceptance (supplementing) or during handling (the clock stopped on an accepted application).
  const supplement = useMemo(
    () => (a && (a.status === 'supplementing' || (a.status === 'accepted' && a.clockStopped)) ? a.notices.filter((n) => n.kind === 'supplement').at(-1) : undefined),
    [a],
  );
  if (error) return <RecordError error={error} />;
  if (!a) return <Skeleton active />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space wrap>
            {a.serviceName}
            <StatusTag status={a.status} />
          </Space>
        }
      >
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {tx('receiptNo')}：<span data-testid="receipt-no">{a.receiptNo ?? '—'}</span>
        </Typography.Paragraph>
        <Typography.Paragraph style={{ marginBottom: 4 }}>
          {tx('holder')}：{a.holder.name}（{a.holder.id}）
        </Typography.Paragraph>
        {a.intakeDue && !a.promisedDate && (
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {tx('intakeDue')}：{a.intakeDue}
            {a.provisional?.intakeDue ? (
              <>
                {' '}
                <ProvisionalTag />
              </>
            ) : null}
          </Typography.Paragraph>
        )}
        {a.promisedDate && (
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {tx('promisedDate')}：{a.promisedDate}
            {a.provisional?.promisedDate ? (
              <>
                {' '}
                <ProvisionalTag />
              </>
            ) : null}{' '}
            {a.deadline && <ClockTag clock={a.deadline} />}
          </Typography.Paragraph>
        )}
        <Typography.Text type="secondary">{tx('figures', { a: a.figures.submitted, b: a.figures.obtainedBySharing })}</Typography.Text>
        {actions?.(a, reload)}
      </Card>
      {supplement && (
        <Card size="small" title={tx('supplementAsked')} data-testid="supplement-card">
          <Alert type="warning" showIcon title={tx('clockStopped')} style={{ marginBottom: 8 }} />
          {supplement.body.items?.map((i) => (
            <Typography.Paragraph key={i.materialCode} style={{ marginBottom: 4 }}>
              · {i.name}：{i.reason}
            </Typography.Paragraph>
          ))}
          <MaterialUploads id={a.id} detail={a} materials={supplement.body.items?.map((i) => ({ code: i.materialCode, name: i.name })) ?? []} onUploaded={reload} />
          <Button
            type="primary"
            block
            data-testid="resubmit"
            onClick={() =>
              windowApi.submit(a.id, {}).then(
                () => reload(),
                (e: unknown) => message.error(errorText(e, lang)),
              )
            }
          >
            {tx('resubmit')}
          </Button>
        </Card>
      )}
      {a.results.length > 0 && (
        <Card size="small" title={tx('results')}>
          <List
            size="small"
            dataSource={a.results}
            renderItem={(r) => (
              <List.Item
                actions={[
                  <a key="d" href={resultUrl(a.id, r.id)} data-testid={`result-${r.id}`}>
                    <CloudDownloadOutlined /> {tx('download')}
                  </a>,
                ]}
              >
                <List.Item.Meta
                  title={r.typeName}
                  description={
                    <Space wrap size={4}>
                      {r.number}
                      {r.status === 'revoked' && <Tag color="error">{tx('revoked')}</Tag>}
                      {r.verificationCode && <Link to={`/verify/${r.verificationCode}`}>{tx('verify')}</Link>}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card size="small" title={tx('materials')}>
        <List
          size="small"
          dataSource={a.materials}
          renderItem={(m) => (
            <List.Item
              actions={
                m.source === 'shared'
                  ? []
                  : [
                      <a key="d" href={materialUrl(a.id, m.code)}>
                        {tx('download')}
                      </a>,
                    ]
              }
            >
              <List.Item.Meta title={m.name} description={m.certificate ? `${tx('sharedFrom')}：${m.certificate.sourceSystem} · ${m.certificate.number}` : m.fileName} />
            </List.Item>
          )}
        />
      </Card>
      {a.notices.length > 0 && (
        <Card size="small" title={tx('notices')}>
          {a.notices.map((n) => (
            <div key={n.id}>
              <a href={noticeUrl(a.id, n.id)} target="_blank" rel="noreferrer">
                {pick(NOTICE_LABELS[n.kind], lang)}
              </a>{' '}
              <Typography.Text type="secondary">{n.issuedAt.slice(0, 16).replace('T', ' ')}</Typography.Text>
            </div>
          ))}
        </Card>
      )}
      {a.steps.length > 0 && (
        <Card size="small" title={tx('steps')}>
          <List
            size="small"
            dataSource={a.steps}
            renderItem={(s) => (
              <List.Item>
                <Space wrap>
                  {s.name}
                  <Tag>{s.departments.map(departmentName).join('、') || '—'}</Tag>
                  {s.status === 'open' && s.clock ? (
                    <ClockTag clock={s.clock} />
                  ) : s.status === 'open' ? null : (
                    <Tag color={s.status === 'completed' ? 'success' : 'default'}>
                      {s.status === 'completed' ? tx('stepCompleted') : s.status === 'cancelled' ? tx('stepCancelled') : s.status}
                    </Tag>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card size="small" title={tx('timeline')}>
        <Timeline
          items={a.timeline.map((e) => ({
            children: (
              <span>
                {EVENT_LABELS[e.type] ? pick(EVENT_LABELS[e.type], lang) : e.type}
                {pausedText(e, lang)}
                {e.actor ? ` · ${person(e.actor)}` : ''} <Typography.Text type="secondary">{e.at.slice(0, 16).replace('T', ' ')}</Typography.Text>
              </span>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
