// Departments of the caller's regions; a department without any active user is flagged (its
// tasks would wait forever). Administrators add and rename departments.
import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Department } from '../../api/types.js';
import { errorText } from '../../api/client.js';
import { orgApi } from '../../api/org.js';
import { useI18n } from '../../i18n/index.js';
import type { OrgData } from '../Org.js';
import { useBi } from './bi.js';

export default function DepartmentsTab({ data, admin, regionName, onChange }: { data: OrgData | null; admin: boolean; regionName: Map<string, string>; onChange: () => void }) {
  const { lang, t } = useI18n();
  const b = useBi();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ code: string; name: string; regionCode: string }>();
  const staffCount = new Map<number, number>();
  for (const u of data?.users ?? []) if (u.departmentId !== null && !u.disabled) staffCount.set(u.departmentId, (staffCount.get(u.departmentId) ?? 0) + 1);
  // Departments sit at the county or a township.
  const regionOptions = (data?.regions ?? []).filter((r) => r.level === 'city' || r.level === 'township').map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }));

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      await orgApi.createDepartment({ code: v.code.trim(), name: v.name.trim(), regionCode: v.regionCode });
      message.success(b('已新增部门', 'Department added'));
      setOpen(false);
      form.resetFields();
      onChange();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {admin ? (
        <Space style={{ marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="add-department">
            {b('新增部门', 'Add department')}
          </Button>
        </Space>
      ) : null}
      <Table<Department>
        rowKey="id"
        size="small"
        loading={!data}
        dataSource={data?.departments ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="department-table"
        columns={[
          { title: t('org.name'), dataIndex: 'name' },
          { title: t('org.code'), dataIndex: 'code' },
          { title: t('org.regionCode'), dataIndex: 'regionCode', render: (code: string) => regionName.get(code) ?? code },
          ...(data?.users
            ? [
                {
                  title: b('在岗人员', 'Active users'),
                  key: 'staff',
                  render: (_: unknown, d: Department) => (data.unstaffed.has(d.id) ? <Tag color="warning">{b('无在岗人员', 'No active user')}</Tag> : (staffCount.get(d.id) ?? 0)),
                },
              ]
            : []),
        ]}
      />
      <Modal open={open} title={b('新增部门', 'Add department')} onOk={submit} confirmLoading={busy} onCancel={() => setOpen(false)} okText={b('新增', 'Add')} forceRender>
        <Form form={form} layout="vertical" data-testid="department-form">
          <Form.Item name="name" label={b('部门名称', 'Name')} rules={[{ required: true, max: 60, message: b('请输入部门名称', 'Enter the name') }]}>
            <Input data-testid="department-name" />
          </Form.Item>
          <Form.Item
            name="code"
            label={b('部门代码（全平台唯一）', 'Code (unique on the platform)')}
            rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, message: b('字母、数字、点、短横线或下划线', 'Letters, digits, dot, dash or underscore') }]}
          >
            <Input data-testid="department-code" />
          </Form.Item>
          <Form.Item name="regionCode" label={b('所属区划', 'Region')} rules={[{ required: true, message: b('请选择区划', 'Choose a region') }]}>
            <Select options={regionOptions} showSearch={{ optionFilterProp: 'label' }} data-testid="department-region" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
