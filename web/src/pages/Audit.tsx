// The audit trail: search it (who, what, when, which record), verify the hash chain, and show
// the head — the anchor to keep outside the database (a print-out, another system) so that
// removing the newest rows can be detected later.
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { errorText, request } from '../api/client.js';
import { useLoad } from '../api/useLoad.js';
import { useAuth } from '../auth/AuthContext.js';
import { useI18n } from '../i18n/index.js';
import { mayUse } from '../../../src/org/access-rules.js';
import { useBi } from './org/bi.js';
import { usePeople } from './reform/shared.js';
import { actionLabel, entityLabel } from './audit-labels.js';

interface AuditRow {
  id: number;
  at: string;
  actorName: string | null;
  regionCode: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}
interface Filters {
  actor?: string;
  action?: string;
  entity?: string;
  entityId?: string;
  range?: [Dayjs, Dayjs] | null;
}
interface Verify {
  ok: boolean;
  rows?: number;
  checked?: number;
  break?: unknown;
  [key: string]: unknown;
}
const PAGE = 50;

export default function Audit() {
  const { lang } = useI18n();
  const b = useBi();
  const { user } = useAuth();
  const [form] = Form.useForm<Filters>();
  const [query, setQuery] = useState<Record<string, string>>({});
  const [page, setPage] = useState(1);
  const verifier = !!user && mayUse('audit.verify', user.role);
  const rows = useLoad(
    (signal) => {
      const params = new URLSearchParams({ ...query, limit: String(PAGE), offset: String((page - 1) * PAGE) });
      return request<{ total: number; items: AuditRow[] }>('GET', `/api/audit?${params}`, undefined, { signal });
    },
    [query, page],
  );
  const data = rows.data;
  const person = usePeople((data?.items ?? []).map((r) => r.actorName));
  const headLoad = useLoad(
    (signal) => (verifier ? request<{ anchor: string; at: string | null }>('GET', '/api/audit/head', undefined, { signal }) : Promise.resolve(null)),
    [verifier],
  );
  const head = headLoad.data;
  const [verify, setVerify] = useState<Verify | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const error = verifyError ?? rows.error ?? headLoad.error;

  const search = (v: Filters) => {
    const q: Record<string, string> = {};
    for (const key of ['actor', 'action', 'entity', 'entityId'] as const) if (v[key]?.trim()) q[key] = v[key]!.trim();
    if (v.range) {
      q.from = v.range[0].format('YYYY-MM-DD');
      q.to = v.range[1].format('YYYY-MM-DD');
    }
    setPage(1);
    setQuery(q);
  };
  const runVerify = async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerify(await request<Verify>('GET', '/api/audit/verify'));
      headLoad.reload();
    } catch (e) {
      setVerifyError(e);
    } finally {
      setVerifying(false);
    }
  };

  return (
    <Card title={b('审计', 'Audit')}>
      <Typography.Paragraph type="secondary">
        {b(
          '每一次改变数据的操作都记录操作人、时间、内容和前后变化，审计记录逐条哈希相连，任何改动或删除都能被发现。',
          'Every change records who, when, what and the values before and after; rows are hash-chained, so any alteration or removal shows.',
        )}
      </Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 12 }} /> : null}
      {verifier ? (
        <Descriptions size="small" bordered column={1} style={{ marginBottom: 16 }} data-testid="audit-head">
          <Descriptions.Item label={b('链头（请另行保存作为锚点）', 'Head (keep it elsewhere as an anchor)')}>
            <Typography.Text code copyable>
              {head?.anchor ?? '—'}
            </Typography.Text>
            {head?.at ? <Typography.Text type="secondary">{` ${head.at}`}</Typography.Text> : null}
          </Descriptions.Item>
          <Descriptions.Item label={b('校验哈希链', 'Verify the chain')}>
            <Space>
              <Button onClick={() => void runVerify()} loading={verifying} data-testid="audit-verify">
                {b('立即校验', 'Verify now')}
              </Button>
              {verify ? (
                verify.ok ? (
                  <Alert type="success" showIcon title={b('审计链完整，未发现改动或删除', 'The chain is intact: nothing altered or removed')} data-testid="audit-verify-ok" />
                ) : (
                  <Alert
                    type="error"
                    showIcon
                    title={b(`审计链断裂：${JSON.stringify(verify.break ?? verify)}`, `The chain is broken: ${JSON.stringify(verify.break ?? verify)}`)}
                  />
                )
              ) : null}
            </Space>
          </Descriptions.Item>
        </Descriptions>
      ) : null}
      <Form form={form} layout="inline" onFinish={search} style={{ marginBottom: 12, rowGap: 8 }} data-testid="audit-search">
        <Form.Item name="actor">
          <Input placeholder={b('操作人（登录名）', 'Who (user name)')} allowClear />
        </Form.Item>
        <Form.Item name="action">
          <Input placeholder={b('操作（如 user.add）', 'What (e.g. user.add)')} allowClear />
        </Form.Item>
        <Form.Item name="entity">
          <Input placeholder={b('对象类型（如 user）', 'Record type (e.g. user)')} allowClear />
        </Form.Item>
        <Form.Item name="entityId">
          <Input placeholder={b('对象编号', 'Record id')} allowClear />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {b('查询', 'Search')}
        </Button>
      </Form>
      <Table<AuditRow>
        rowKey="id"
        size="small"
        loading={!data && !error}
        dataSource={data?.items ?? []}
        data-testid="audit-table"
        pagination={{ current: page, pageSize: PAGE, total: data?.total ?? 0, showSizeChanger: false, onChange: setPage }}
        expandable={{ expandedRowRender: (r) => <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{JSON.stringify({ before: r.before, after: r.after }, null, 2)}</pre> }}
        columns={[
          { title: '#', dataIndex: 'id', width: 80 },
          { title: b('时间', 'When'), dataIndex: 'at' },
          {
            title: b('操作人', 'Who'),
            dataIndex: 'actorName',
            render: (v: string | null) =>
              v ? (
                <>
                  {person(v)} <Typography.Text type="secondary">{v}</Typography.Text>
                </>
              ) : (
                b('系统', 'system')
              ),
          },
          {
            title: b('操作', 'What'),
            dataIndex: 'action',
            render: (v: string) => (
              <>
                {actionLabel(v, lang === 'en')}{' '}
                <Typography.Text type="secondary" code>
                  {v}
                </Typography.Text>
              </>
            ),
          },
          { title: b('对象', 'Record'), key: 'record', render: (_: unknown, r) => `${entityLabel(r.entity, lang === 'en')}${r.entityId ? ` ${r.entityId}` : ''}` },
          { title: b('区划', 'Region'), dataIndex: 'regionCode' },
        ]}
      />
    </Card>
  );
}
