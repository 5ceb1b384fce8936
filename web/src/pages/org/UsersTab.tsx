// Users of the caller's regions. Administrators add a user (a one-time password, shown once
// and changed at first sign-in), edit one — name, role, region, department, disabled — and
// reset a password. Users without a department are easy to find.
import { useMemo, useState } from 'react';
import { App as AntApp, Button, Checkbox, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { ROLES, type Role } from '../../api/types.js';
import { errorText } from '../../api/client.js';
import { orgApi, type UserView } from '../../api/org.js';
import { useI18n } from '../../i18n/index.js';
import { ROLE_LABELS } from '../../../../src/org/model.js';
import type { OrgData } from '../Org.js';
import { useBi } from './bi.js';

interface UserForm {
  username: string;
  displayName: string;
  role: Role;
  regionCode: string;
  departmentId: number | null;
  departmentHead: boolean;
  disabled: boolean;
}

const DEPARTMENT_ROLES: readonly Role[] = ['department_officer', 'window_clerk'];

export default function UsersTab({ data, admin, regionName, onChange }: { data: OrgData | null; admin: boolean; regionName: Map<string, string>; onChange: () => void }) {
  const { lang } = useI18n();
  const b = useBi();
  const { message } = AntApp.useApp();
  const [editing, setEditing] = useState<UserView | 'new' | null>(null);
  const [password, setPassword] = useState<{ username: string; value: string } | null>(null);
  const [onlyWithout, setOnlyWithout] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<UserForm>();
  const role = Form.useWatch('role', form);
  const departmentName = useMemo(() => new Map((data?.departments ?? []).map((d) => [d.id, d.name])), [data]);
  const users = (data?.users ?? []).filter((u) => !onlyWithout || (u.departmentId === null && u.role !== 'applicant'));
  const roleLabel = (r: Role) => ROLE_LABELS[r][lang === 'en' ? 'en' : 'zh'];
  const regionOptions = (data?.regions ?? []).map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }));
  const departmentOptions = (data?.departments ?? []).map((d) => ({ value: d.id, label: d.name }));

  const openNew = () => {
    form.resetFields();
    form.setFieldsValue({ role: 'department_officer', departmentId: null, departmentHead: false, disabled: false, regionCode: data?.regions[0]?.code });
    setEditing('new');
  };
  const openEdit = (u: UserView) => {
    form.setFieldsValue({
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      regionCode: u.regionCode,
      departmentId: u.departmentId,
      departmentHead: u.departmentHead,
      disabled: u.disabled,
    });
    setEditing(u);
  };

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const departmentId = v.role === 'applicant' ? null : (v.departmentId ?? null);
      const departmentHead = departmentId !== null && v.departmentHead === true;
      if (editing === 'new') {
        const created = await orgApi.createUser({
          username: v.username.trim(),
          displayName: v.displayName.trim(),
          role: v.role,
          regionCode: v.regionCode,
          departmentId,
          departmentHead,
        });
        setPassword({ username: created.user.username, value: created.oneTimePassword });
      } else if (editing) {
        await orgApi.updateUser(editing.id, { displayName: v.displayName.trim(), role: v.role, regionCode: v.regionCode, departmentId, departmentHead, disabled: v.disabled });
        message.success(b('已保存', 'Saved'));
      }
      setEditing(null);
      onChange();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  const reset = async (u: UserView) => {
    try {
      const r = await orgApi.resetPassword(u.id);
      setPassword({ username: u.username, value: r.oneTimePassword });
      onChange();
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  const unlock = async (u: UserView) => {
    try {
      await orgApi.unlockUser(u.username);
      message.success(b(`已解锁 ${u.displayName}`, `${u.displayName} unlocked`));
    } catch (e) {
      message.error(errorText(e, lang));
    }
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        {admin ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={openNew} data-testid="add-user">
            {b('新增用户', 'Add user')}
          </Button>
        ) : null}
        <Checkbox checked={onlyWithout} onChange={(e) => setOnlyWithout(e.target.checked)} data-testid="without-department">
          {b('只看未分配部门的工作人员', 'Only staff without a department')}
        </Checkbox>
      </Space>
      <Table<UserView>
        rowKey="id"
        size="small"
        loading={!data}
        dataSource={users}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        data-testid="user-table"
        columns={[
          { title: b('姓名', 'Name'), dataIndex: 'displayName' },
          { title: b('登录名', 'User name'), dataIndex: 'username' },
          { title: b('角色', 'Role'), dataIndex: 'role', render: (r: Role) => roleLabel(r) },
          { title: b('所属区划', 'Region'), dataIndex: 'regionCode', render: (c: string) => regionName.get(c) ?? c },
          {
            title: b('部门', 'Department'),
            dataIndex: 'departmentId',
            render: (id: number | null, u: UserView) =>
              id !== null ? (
                <>
                  {departmentName.get(id) ?? id}
                  {u.departmentHead ? (
                    <Tag color="blue" style={{ marginLeft: 4 }}>
                      {b('负责人', 'Head')}
                    </Tag>
                  ) : null}
                </>
              ) : u.role === 'applicant' ? (
                ''
              ) : (
                <Tag color={DEPARTMENT_ROLES.includes(u.role) ? 'warning' : 'default'}>{b('未分配', 'None')}</Tag>
              ),
          },
          {
            title: b('状态', 'Status'),
            key: 'status',
            render: (_: unknown, u: UserView) => (
              <Space size={4}>
                {u.disabled ? <Tag color="default">{b('已停用', 'Disabled')}</Tag> : <Tag color="success">{b('在用', 'Active')}</Tag>}
                {u.mustChangePassword ? <Tag color="processing">{b('待改密码', 'Must change password')}</Tag> : null}
                {u.locked ? <Tag color="error">{b('已锁定', 'Locked')}</Tag> : null}
              </Space>
            ),
          },
          ...(admin
            ? [
                {
                  title: b('操作', 'Actions'),
                  key: 'actions',
                  render: (_: unknown, u: UserView) => (
                    <Space size="small">
                      <Button size="small" onClick={() => openEdit(u)} data-testid={`edit-user-${u.username}`}>
                        {b('编辑', 'Edit')}
                      </Button>
                      <Button size="small" onClick={() => reset(u)} data-testid={`reset-${u.username}`}>
                        {b('重置密码', 'Reset password')}
                      </Button>
                      {admin ? (
                        <Button size="small" onClick={() => unlock(u)} data-testid={`unlock-${u.username}`}>
                          {b('解锁', 'Unlock')}
                        </Button>
                      ) : null}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={editing === 'new' ? b('新增用户', 'Add user') : b('编辑用户', 'Edit user')}
        onOk={submit}
        confirmLoading={busy}
        onCancel={() => setEditing(null)}
        okText={b('保存', 'Save')}
        forceRender
      >
        <Form form={form} layout="vertical" data-testid="user-form">
          <Form.Item
            name="username"
            label={b('登录名', 'User name')}
            rules={[
              {
                required: true,
                pattern: /^[a-z0-9][a-z0-9._-]{1,63}$/,
                message: b('2–64 个小写字母、数字、点、短横线或下划线', '2–64 lower-case letters, digits, dot, dash or underscore'),
              },
            ]}
          >
            <Input disabled={editing !== 'new'} data-testid="user-username" />
          </Form.Item>
          <Form.Item name="displayName" label={b('姓名', 'Name')} rules={[{ required: true, max: 60 }]}>
            <Input data-testid="user-name" />
          </Form.Item>
          <Form.Item name="role" label={b('角色', 'Role')} rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: roleLabel(r) }))} data-testid="user-role" />
          </Form.Item>
          <Form.Item name="regionCode" label={b('所属区划', 'Region')} rules={[{ required: true }]}>
            <Select options={regionOptions} showSearch={{ optionFilterProp: 'label' }} data-testid="user-region" />
          </Form.Item>
          {role !== 'applicant' ? (
            <Form.Item name="departmentId" label={b('部门', 'Department')}>
              <Select allowClear options={departmentOptions} showSearch={{ optionFilterProp: 'label' }} data-testid="user-department" />
            </Form.Item>
          ) : null}
          {role !== 'applicant' ? (
            <Form.Item
              name="departmentHead"
              label={b('部门负责人', 'Head of department')}
              valuePropName="checked"
              extra={b('本部门逾期事项向其督办', 'Overdue work of the department is escalated to them')}
            >
              <Switch data-testid="user-head" />
            </Form.Item>
          ) : null}
          {editing !== 'new' ? (
            <Form.Item name="disabled" label={b('停用', 'Disabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
      <Modal
        open={password !== null}
        title={b('一次性密码', 'One-time password')}
        onOk={() => setPassword(null)}
        onCancel={() => setPassword(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
      >
        <Typography.Paragraph>
          {b(
            `请将 ${password?.username} 的一次性密码当面或通过安全渠道告知本人。它只显示这一次，首次登录时必须修改。`,
            `Give ${password?.username} this one-time password in person or through a safe channel. It is shown only now and must be changed at first sign-in.`,
          )}
        </Typography.Paragraph>
        <Typography.Text code copyable data-testid="one-time-password" style={{ fontSize: 18 }}>
          {password?.value}
        </Typography.Text>
      </Modal>
    </>
  );
}
