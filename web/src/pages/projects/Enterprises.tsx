// Enterprise service: the roster with tiers (import and export as xlsx, all or nothing), the
// requests (诉求) — the enterprise files and follows its own and rates the result, the service
// officer works their worklist, the leader sees open requests by tier.
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Rate, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { ApiError, errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useAuth } from '../../auth/AuthContext.js';
import { enterpriseApi, type Enterprise, type RequestView, type Text } from './api.js';
import { useBi } from './bi.js';
import { ProvisionalMark } from '../processes/DeadlineTag.js';

const STATUS: Record<RequestView['status'], Text> = {
  submitted: { zh: '待联系', en: 'Awaiting contact' },
  contacted: { zh: '办理中', en: 'In hand' },
  answered: { zh: '已答复', en: 'Answered' },
  closed: { zh: '已办结', en: 'Closed' },
};

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function Roster() {
  const { b, lang } = useBi();
  const { user } = useAuth();
  const { data, error: loadError, reload: load } = useLoad(() => enterpriseApi.list(), []);
  const [actionError, setError] = useState<unknown>(null);
  const error = actionError ?? loadError;
  const [problems, setProblems] = useState<Array<{ sheet: string; row: number; column: string; value: string; reason: Text }> | null>(null);
  const office = user && ['admin', 'reform_office'].includes(user.role);
  const upload = async (file: File) => {
    setError(null);
    setProblems(null);
    try {
      await enterpriseApi.import(toBase64(new Uint8Array(await file.arrayBuffer())));
      load();
    } catch (e) {
      const details = e instanceof ApiError ? (e.details as { problems?: typeof problems } | undefined) : undefined;
      if (details?.problems) setProblems(details.problems);
      setError(e);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {office ? (
        <Space wrap>
          <Button icon={<DownloadOutlined />} href="/api/enterprises/template">
            {b('下载模板', 'Template')}
          </Button>
          <Button icon={<DownloadOutlined />} href="/api/enterprises/export">
            {b('导出名录', 'Export the roster')}
          </Button>
          <Upload
            accept=".xlsx"
            showUploadList={false}
            beforeUpload={(f) => {
              void upload(f);
              return false;
            }}
          >
            <Button type="primary" icon={<UploadOutlined />} data-testid="roster-import">
              {b('导入名录', 'Import the roster')}
            </Button>
          </Upload>
        </Space>
      ) : null}
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      {problems ? (
        <Table
          size="small"
          rowKey={(p) => `${p.row}-${p.column}-${p.reason.en}`}
          pagination={false}
          dataSource={problems}
          columns={[
            { title: b('工作表', 'Sheet'), dataIndex: 'sheet' },
            { title: b('行', 'Row'), dataIndex: 'row' },
            { title: b('列', 'Column'), dataIndex: 'column' },
            { title: b('值', 'Value'), dataIndex: 'value' },
            { title: b('原因', 'Reason'), render: (_, p) => (lang === 'en' ? p.reason.en : p.reason.zh) },
          ]}
        />
      ) : null}
      <Table<Enterprise>
        size="small"
        rowKey="uscc"
        dataSource={data?.items ?? []}
        data-testid="roster"
        columns={[
          { title: b('企业', 'Enterprise'), dataIndex: 'name' },
          { title: b('统一社会信用代码', 'Credit code'), dataIndex: 'uscc' },
          { title: b('分级', 'Tier'), render: (_, e) => <Tag color={e.tier === 'A' ? 'red' : undefined}>{e.tier}</Tag> },
          { title: b('纳税（万元）', 'Tax (10k)'), dataIndex: 'taxPaid' },
          { title: b('服务专员', 'Service officer'), render: (_, e) => e.officer?.name ?? '' },
        ]}
      />
    </Space>
  );
}

function RequestRow({ r, onChange }: { r: RequestView; onChange: () => void }) {
  const { b, l, lang } = useBi();
  const { user } = useAuth();
  const [answer, setAnswer] = useState('');
  const [error, setError] = useState<unknown>(null);
  const act = (fn: () => Promise<unknown>) => fn().then(onChange, setError);
  const applicant = user?.role === 'applicant';
  return (
    <Card size="small" data-testid={`request-${r.id}`} style={{ borderColor: r.overdue ? '#c62828' : undefined }}>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text strong>
          {r.title} <Tag>{r.tier}</Tag> <Tag color={r.status === 'closed' ? 'green' : 'blue'}>{l(STATUS[r.status])}</Tag>
          {r.rung === 'leader' ? (
            <Tag color="red">{b('已提级至领导', 'Escalated to the leader')}</Tag>
          ) : r.escalated ? (
            <Tag color="orange">{b('已提级至部门', 'Escalated to the department')}</Tag>
          ) : null}
          {r.caseId ? <Tag data-testid={`request-case-${r.id}`}>{b(`案件 #${r.caseId}`, `Case #${r.caseId}`)}</Tag> : null}
        </Typography.Text>
        <Typography.Text type="secondary">
          {r.enterprise} · {b('首次联系时限', 'Contact by')} {r.contactDue.slice(0, 16).replace('T', ' ')} · {b('答复时限', 'Answer by')}{' '}
          {r.answerDue.slice(0, 16).replace('T', ' ')}
          <ProvisionalMark when={r.provisional} />
        </Typography.Text>
        <Typography.Text>{r.description}</Typography.Text>
        {r.answer ? (
          <Typography.Text data-testid={`request-answer-${r.id}`}>
            {b('答复：', 'Answer: ')}
            {r.answer}
            {r.answeredLate === false ? `（${b('按时', 'on time')}）` : r.answeredLate ? `（${b('超时', 'late')}）` : ''}
          </Typography.Text>
        ) : null}
        {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
        {!applicant && r.status === 'submitted' ? (
          <Button size="small" onClick={() => void act(() => enterpriseApi.step(r.id, { action: 'contact', note: '' }))} data-testid={`request-contact-${r.id}`}>
            {b('已联系企业', 'Contacted')}
          </Button>
        ) : null}
        {!applicant && r.status === 'contacted' ? (
          <Space.Compact style={{ width: '100%' }}>
            <Input value={answer} onChange={(e) => setAnswer(e.target.value)} placeholder={b('答复内容', 'Answer')} data-testid={`request-answer-text-${r.id}`} />
            <Button type="primary" onClick={() => void act(() => enterpriseApi.step(r.id, { action: 'answer', answer }))} data-testid={`request-answer-submit-${r.id}`}>
              {b('答复', 'Answer')}
            </Button>
          </Space.Compact>
        ) : null}
        {applicant && r.status === 'answered' ? (
          <Button size="small" onClick={() => void act(() => enterpriseApi.step(r.id, { action: 'close' }))} data-testid={`request-close-${r.id}`}>
            {b('确认办结', 'Accept and close')}
          </Button>
        ) : null}
        {applicant && r.status === 'closed' ? <Rate onChange={(v) => void act(() => enterpriseApi.rate(r.id, v))} data-testid={`request-rate-${r.id}`} /> : null}
      </Space>
    </Card>
  );
}

function Requests() {
  const { b, l, lang } = useBi();
  const { user } = useAuth();
  const leader = user && ['admin', 'reform_office', 'leader'].includes(user.role);
  const applicant = user?.role === 'applicant';
  const [view, setView] = useState(leader ? 'open' : applicant ? 'all' : 'mine');
  const requests = useLoad(() => enterpriseApi.requests(view), [view]);
  const items = requests.data?.items ?? [];
  const byTier = useLoad(() => (leader ? enterpriseApi.byTier() : Promise.resolve({ tiers: [] })), [leader]);
  const tiers = byTier.data?.tiers ?? [];
  // The applicant's own enterprises, to file for (none offered after a failure).
  const mine = useLoad(() => (applicant ? enterpriseApi.list() : Promise.resolve({ total: 0, items: [] })), [applicant]).data?.items ?? [];
  const [actionError, setError] = useState<unknown>(null);
  const error = actionError ?? requests.error ?? byTier.error;
  const [form] = Form.useForm();
  const load = () => {
    requests.reload();
    byTier.reload();
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      {leader ? (
        <Table
          size="small"
          rowKey="tier"
          pagination={false}
          dataSource={tiers}
          data-testid="requests-by-tier"
          columns={[
            { title: b('分级', 'Tier'), render: (_, t) => (t.label ? l(t.label) : t.tier) },
            { title: b('未办结', 'Open'), dataIndex: 'open' },
            { title: b('超时', 'Overdue'), render: (_, t) => <Typography.Text type={t.overdue ? 'danger' : undefined}>{t.overdue}</Typography.Text> },
            { title: b('已提级', 'Escalated'), dataIndex: 'escalated' },
            { title: b('提级至领导', 'At the leader'), dataIndex: 'atLeader' },
          ]}
        />
      ) : null}
      {applicant && mine.length ? (
        <Card size="small" title={b('提出诉求', 'File a request')}>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ uscc: mine[0].uscc }}
            onFinish={(v) =>
              void enterpriseApi.file(v).then(() => {
                form.resetFields(['title', 'description']);
                load();
              }, setError)
            }
          >
            <Form.Item name="uscc" label={b('企业', 'Enterprise')}>
              <Select options={mine.map((e) => ({ value: e.uscc, label: e.name }))} />
            </Form.Item>
            <Form.Item name="title" label={b('诉求', 'Request')} rules={[{ required: true }]}>
              <Input data-testid="request-title" />
            </Form.Item>
            <Form.Item name="description" label={b('具体情况', 'Details')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} data-testid="request-description" />
            </Form.Item>
            <Button type="primary" htmlType="submit" data-testid="request-submit">
              {b('提交', 'Submit')}
            </Button>
          </Form>
        </Card>
      ) : null}
      {!applicant ? (
        <Select
          value={view}
          onChange={setView}
          style={{ width: 200 }}
          options={[
            ...(leader ? [] : [{ value: 'mine', label: b('我的待办', 'My worklist') }]),
            { value: 'open', label: b('未办结', 'Open') },
            { value: 'overdue', label: b('超时', 'Overdue') },
            { value: 'escalated', label: b('已提级', 'Escalated') },
            { value: 'all', label: b('全部', 'All') },
          ]}
        />
      ) : null}
      <div data-testid="request-list">
        {items.map((r) => (
          <RequestRow key={r.id} r={r} onChange={load} />
        ))}
      </div>
    </Space>
  );
}

export default function Enterprises({ part }: { part: 'roster' | 'requests' }) {
  return part === 'roster' ? <Roster /> : <Requests />;
}
