// The window clerk's intake queue and decisions, the departments' worklist and task view,
// and the supervision board. Desktop first, usable on a phone.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { App as AntApp, Alert, Button, Card, Checkbox, Descriptions, Empty, Input, List, Modal, Radio, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useI18n } from '../../i18n/index.js';
import { materialUrl, windowApi, type ApplicationDetail, type WorkItem } from './api.js';
import { StatusTag } from './shared.js';
import { ClockTag } from './shared.js';
import { useText } from './text.js';
import { useDepartments } from '../reform/shared.js';
import { ProvisionalTag } from '../processes/DeadlineTag.js';
import RecordError from '../../components/RecordError.js';

export function IntakeQueue() {
  const tx = useText();
  const { lang } = useI18n();
  const navigate = useNavigate();
  const { data, error } = useLoad((signal) => windowApi.list({ status: 'submitted' }, signal), []);
  const items = data?.items;
  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  if (!items) return <Skeleton active />;
  return (
    <Card size="small" title={tx('intakeQueue')}>
      <List
        dataSource={items}
        locale={{ emptyText: <Empty description={tx('empty')} /> }}
        renderItem={(a) => (
          <List.Item onClick={() => navigate(`/window/applications/${a.id}`)} style={{ cursor: 'pointer' }} data-testid={`intake-${a.id}`}>
            <List.Item.Meta
              title={
                <Space wrap>
                  {a.serviceName}
                  <StatusTag status={a.status} />
                </Space>
              }
              description={
                <>
                  {`${a.receiptNo} · ${a.holderName} · ${tx('intakeDue')} ${a.intakeDue}`}
                  {a.provisional?.intakeDue ? (
                    <>
                      {' '}
                      <ProvisionalTag />
                    </>
                  ) : null}
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The clerk's decisions on a submitted application. */
export function ClerkActions({ a, reload }: { a: ApplicationDetail; reload: () => void }) {
  const tx = useText();
  const { lang } = useI18n();
  const { message } = AntApp.useApp();
  const [mode, setMode] = useState<'supplement' | 'reject' | null>(null);
  const [items, setItems] = useState<Array<{ materialCode: string; reason: string }>>([]);
  const [reason, setReason] = useState('');
  const [basis, setBasis] = useState('《中华人民共和国行政许可法》第三十二条');
  // The materials a supplement may ask for (none listed if the service cannot be read).
  const service = useLoad(() => windowApi.service(a.serviceId), [a.serviceId]).data?.materials.filter((m) => m.handling !== 'commitment') ?? [];
  if (a.status !== 'submitted') return null;
  const run = (p: Promise<unknown>) =>
    p.then(
      () => (setMode(null), reload()),
      (e: unknown) => message.error(errorText(e, lang)),
    );
  return (
    <div style={{ marginTop: 12 }}>
      <Space wrap>
        <Button type="primary" data-testid="accept" onClick={() => run(windowApi.accept(a.id))}>
          {tx('accept')}
        </Button>
        <Button data-testid="open-supplement" onClick={() => setMode('supplement')}>
          {tx('supplementNotice')}
        </Button>
        <Button danger onClick={() => setMode('reject')}>
          {tx('reject')}
        </Button>
      </Space>
      <Modal
        open={mode === 'supplement'}
        title={tx('supplementNotice')}
        onCancel={() => setMode(null)}
        onOk={() => run(windowApi.supplement(a.id, items))}
        okText={tx('send')}
        okButtonProps={{ id: 'send-supplement' }}
      >
        {service.map((m) => {
          const picked = items.find((i) => i.materialCode === m.code);
          return (
            <div key={m.code} style={{ marginBottom: 8 }}>
              <Checkbox
                data-testid={`pick-${m.code}`}
                checked={!!picked}
                onChange={(e) => setItems(e.target.checked ? [...items, { materialCode: m.code, reason: '' }] : items.filter((i) => i.materialCode !== m.code))}
              >
                {m.name}
              </Checkbox>
              {picked && (
                <Input
                  style={{ marginTop: 4 }}
                  placeholder={tx('reason')}
                  value={picked.reason}
                  data-testid={`reason-${m.code}`}
                  onChange={(e) => setItems(items.map((x) => (x.materialCode === m.code ? { ...x, reason: e.target.value } : x)))}
                />
              )}
            </div>
          );
        })}
      </Modal>
      <Modal open={mode === 'reject'} title={tx('reject')} onCancel={() => setMode(null)} onOk={() => run(windowApi.reject(a.id, reason, basis))} okText={tx('send')}>
        <Input.TextArea placeholder={tx('reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
        <Input style={{ marginTop: 8 }} placeholder={tx('legalBasis')} value={basis} onChange={(e) => setBasis(e.target.value)} />
      </Modal>
    </div>
  );
}

export function Worklist() {
  const tx = useText();
  const { lang } = useI18n();
  const navigate = useNavigate();
  const { data: first, error } = useLoad((signal) => windowApi.tasks(undefined, signal), []);
  // The pages asked for with 'more', after the first.
  const [more, setMore] = useState<{ items: WorkItem[]; next: string | null } | null>(null);
  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  if (!first) return <Skeleton active />;
  const items = [...first.items, ...(more?.items ?? [])];
  const next = more ? more.next : first.next;
  return (
    <Card size="small" title={tx('worklist')}>
      <List
        dataSource={items}
        locale={{ emptyText: <Empty description={tx('empty')} /> }}
        loadMore={
          next ? (
            <Button block type="link" onClick={() => windowApi.tasks(next).then((a) => setMore({ items: [...(more?.items ?? []), ...a.items], next: a.next }))}>
              {tx('more')}
            </Button>
          ) : null
        }
        renderItem={(w) => (
          <List.Item onClick={() => navigate(`/window/tasks/${w.taskId}`)} style={{ cursor: 'pointer' }} data-testid={`task-${w.elementId}`}>
            <List.Item.Meta
              title={
                <Space wrap>
                  {w.name}
                  <ClockTag clock={w.clock} />
                </Space>
              }
              description={`${w.receiptNo} · ${w.serviceName}${w.matterName ? ` · ${w.matterName}` : ''} · ${w.holderName}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

export function TaskView() {
  const { taskId } = useParams();
  const tx = useText();
  const { lang } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const { data: t, error } = useLoad(() => windowApi.task(String(taskId)), [taskId]);
  const [opinion, setOpinion] = useState('');
  const [method, setMethod] = useState<'electronic' | 'pickup' | 'mail'>('electronic');
  const [trackingNo, setTrackingNo] = useState('');
  const [asking, setAsking] = useState(false);
  const [items, setItems] = useState<Array<{ materialCode: string; reason: string }>>([]);
  if (error) return <RecordError error={error} />;
  if (!t) return <Skeleton active />;
  const delivery = t.elementId === 'Task_ResultPackage';
  const complete = () =>
    windowApi.complete(t.taskId, { opinion: opinion || undefined, ...(delivery ? { delivery: { method, ...(trackingNo ? { trackingNo } : {}) } } : {}) }).then(
      () => navigate('/window'),
      (e: unknown) => message.error(errorText(e, lang)),
    );
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space wrap>
            {t.name}
            <ClockTag clock={t.clock} />
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={1}
          items={[
            { key: 'r', label: tx('receiptNo'), children: <Link to={`/window/applications/${t.application.id}`}>{t.application.receiptNo}</Link> },
            { key: 's', label: lang === 'en' ? 'Service' : '服务', children: `${t.application.serviceName}${t.matterName ? ` · ${t.matterName}` : ''}` },
            { key: 'h', label: tx('holder'), children: `${t.application.holderName}（${t.application.holderId}）` },
          ]}
        />
      </Card>
      <Card size="small" title={tx('formFields')}>
        <Descriptions size="small" column={1} bordered items={t.fields.map((f) => ({ key: f.key, label: f.label, children: f.value === null ? '—' : String(f.value) }))} />
      </Card>
      <Card size="small" title={tx('materials')}>
        <List
          size="small"
          dataSource={t.materials}
          locale={{ emptyText: <Empty description={tx('empty')} /> }}
          renderItem={(m) => (
            <List.Item
              actions={
                m.source === 'shared'
                  ? []
                  : [
                      <a key="d" href={materialUrl(t.application.id, m.code)}>
                        {tx('download')}
                      </a>,
                    ]
              }
            >
              <List.Item.Meta
                title={m.name}
                description={m.certificate ? `${tx('sharedFrom')}：${m.certificate.sourceSystem} · ${m.certificate.issuer} · ${m.certificate.number}` : m.fileName}
              />
            </List.Item>
          )}
        />
      </Card>
      <Card size="small">
        {delivery && (
          <Space direction="vertical" style={{ width: '100%', marginBottom: 8 }}>
            <Radio.Group
              value={method}
              onChange={(e) => setMethod(e.target.value)}
              options={(['electronic', 'pickup', 'mail'] as const).map((m) => ({ value: m, label: tx(`delivery_${m}`) }))}
            />
            {method === 'mail' && <Input placeholder={tx('trackingNo')} value={trackingNo} onChange={(e) => setTrackingNo(e.target.value)} />}
          </Space>
        )}
        <Input.TextArea placeholder={tx('opinion')} value={opinion} onChange={(e) => setOpinion(e.target.value)} style={{ marginBottom: 8 }} />
        <Button type="primary" block onClick={complete} data-testid="complete">
          {tx('complete')}
        </Button>
        {!delivery && t.elementId !== 'Task_JointDecision' && t.materials.some((m) => m.source !== 'shared') && (
          <Button block style={{ marginTop: 8 }} onClick={() => setAsking(true)} data-testid="ask-supplement">
            {tx('askSupplement')}
          </Button>
        )}
      </Card>
      <Modal
        open={asking}
        title={tx('askSupplement')}
        onCancel={() => setAsking(false)}
        okText={tx('send')}
        onOk={() =>
          windowApi.askSupplement(t.taskId, items).then(
            () => (setAsking(false), navigate(`/window/applications/${t.application.id}`)),
            (e: unknown) => message.error(errorText(e, lang)),
          )
        }
      >
        {t.materials
          .filter((m) => m.source !== 'shared')
          .map((m) => {
            const picked = items.find((i) => i.materialCode === m.code);
            return (
              <div key={m.code} style={{ marginBottom: 8 }}>
                <Checkbox
                  checked={!!picked}
                  onChange={(e) => setItems(e.target.checked ? [...items, { materialCode: m.code, reason: '' }] : items.filter((i) => i.materialCode !== m.code))}
                >
                  {m.name}
                </Checkbox>
                {picked && (
                  <Input
                    style={{ marginTop: 4 }}
                    placeholder={tx('reason')}
                    value={picked.reason}
                    onChange={(e) => setItems(items.map((x) => (x.materialCode === m.code ? { ...x, reason: e.target.value } : x)))}
                  />
                )}
              </div>
            );
          })}
      </Modal>
    </Space>
  );
}

export function SupervisionBoard() {
  const tx = useText();
  const { lang } = useI18n();
  const { data, error } = useLoad(() => windowApi.supervision(), []);
  const { name: departmentName } = useDepartments();
  if (error) return <Alert type="error" title={errorText(error, lang)} />;
  if (!data) return <Skeleton active />;
  return (
    <Card size="small" title={tx('supervision')}>
      <Table
        size="small"
        rowKey="departmentCode"
        dataSource={data.departments}
        pagination={false}
        columns={[
          { title: tx('department'), dataIndex: 'departmentCode', render: (c: string) => departmentName(c) },
          { title: tx('open'), dataIndex: 'open' },
          { title: tx('atRisk'), dataIndex: 'atRisk', render: (n: number) => (n ? <Tag color="warning">{n}</Tag> : 0) },
          { title: tx('overdue'), dataIndex: 'overdue', render: (n: number) => (n ? <Tag color="error">{n}</Tag> : 0) },
        ]}
        expandable={{
          rowExpandable: (r) => r.items.length > 0,
          expandedRowRender: (r) =>
            r.items.map((i) => (
              <div key={i.taskId}>
                <Link to={`/window/applications/${i.applicationId}`}>{i.receiptNo}</Link> {i.name}{' '}
                <Tag color={i.level === 'red' ? 'error' : 'warning'}>{i.dueAt.slice(0, 16).replace('T', ' ')}</Tag>
                {i.provisional ? <ProvisionalTag /> : null}
              </div>
            )),
        }}
      />
      {data.truncated && <Typography.Text type="secondary">…</Typography.Text>}
      {data.escalated.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{tx('escalated')}</Typography.Text>}
          dataSource={data.escalated}
          renderItem={(e) => (
            <List.Item>
              <Space wrap size={4}>
                <Link to={`/window/applications/${e.applicationId}`}>{e.receiptNo ?? e.applicationId}</Link>
                {e.step}
                <Tag>{e.departments.join('、') || '—'}</Tag>
                <Tag color={e.open ? 'error' : 'success'}>{e.dueAt.slice(0, 16).replace('T', ' ')}</Tag>
                <Typography.Text type="secondary">
                  {tx('heads')}：{e.heads.join('、') || tx('noHead')}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
