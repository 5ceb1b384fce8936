// Delegation while away: an officer lets a colleague work their tasks for a date range (both
// days included); the colleague's worklist then holds them, marked with whose they are.
import { App as AntApp, Alert, Button, DatePicker, Form, Input, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { taskApi, type Delegation } from '../../api/tasks.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';
import { useBi } from '../org/bi.js';

interface Fields {
  toUsername: string;
  range: [Dayjs, Dayjs];
  reason: string;
}

export default function Delegations() {
  const { lang } = useI18n();
  const b = useBi();
  const { user } = useAuth();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Fields>();
  const { data, error, reload } = useLoad((signal) => taskApi.delegations(signal), []);
  const items: Delegation[] | null = data?.items ?? null;

  const submit = async (v: Fields) => {
    try {
      await taskApi.delegate({ toUsername: v.toUsername.trim(), startsOn: v.range[0].format('YYYY-MM-DD'), endsOn: v.range[1].format('YYYY-MM-DD'), reason: v.reason.trim() });
      message.success(b('已委托', 'Delegated'));
      form.resetFields();
      reload();
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };
  const revoke = async (id: number) => {
    try {
      await taskApi.revoke(id);
      reload();
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      <Form form={form} layout="inline" onFinish={submit} data-testid="delegation-form">
        <Form.Item name="toUsername" rules={[{ required: true, message: b('请填写同事的登录名', 'The colleague’s user name') }]}>
          <Input placeholder={b('委托给（登录名）', 'Delegate to (user name)')} />
        </Form.Item>
        <Form.Item name="range" rules={[{ required: true, message: b('请选择日期', 'Choose the dates') }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="reason" rules={[{ required: true, max: 500, message: b('请填写事由', 'Give a reason') }]}>
          <Input placeholder={b('事由（如 出差、休假）', 'Reason (travel, leave ...)')} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {b('委托', 'Delegate')}
        </Button>
      </Form>
      <Table<Delegation>
        rowKey="id"
        size="small"
        loading={items === null && !error}
        dataSource={items ?? []}
        pagination={false}
        columns={[
          { title: b('委托人', 'From'), key: 'from', render: (_: unknown, d) => d.fromName },
          { title: b('受托人', 'To'), key: 'to', render: (_: unknown, d) => d.toName },
          { title: b('起止日期', 'Dates'), key: 'dates', render: (_: unknown, d) => `${d.startsOn} – ${d.endsOn}` },
          { title: b('事由', 'Reason'), dataIndex: 'reason' },
          {
            title: b('状态', 'Status'),
            key: 'status',
            render: (_: unknown, d) =>
              d.revoked ? (
                <Tag>{b('已撤销', 'Ended')}</Tag>
              ) : d.fromUser === user?.username ? (
                <Button size="small" onClick={() => void revoke(d.id)}>
                  {b('撤销', 'End')}
                </Button>
              ) : (
                <Tag color="processing">{b('有效', 'Active')}</Tag>
              ),
          },
        ]}
      />
    </Space>
  );
}
