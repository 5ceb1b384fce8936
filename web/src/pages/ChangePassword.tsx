// The first page after signing in with a one-time password: choose one's own. The server
// refuses everything else until then (403 password_change_required).
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { errorText } from '../api/client.js';
import { orgApi } from '../api/org.js';
import { useAuth } from '../auth/AuthContext.js';
import { useI18n } from '../i18n/index.js';
import { LanguageSwitch } from '../layout/AppLayout.js';
import { useBi } from './org/bi.js';

interface Fields {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export default function ChangePassword() {
  const { user, retry, signOut } = useAuth();
  const { lang } = useI18n();
  const b = useBi();
  const [form] = Form.useForm<Fields>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (v: Fields) => {
    setBusy(true);
    setError(null);
    try {
      await orgApi.changePassword(v.currentPassword, v.newPassword);
      retry(); // the session now opens everything the role may do
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: '48px 16px' }}>
      <Card style={{ width: '100%', maxWidth: 420 }} title={b('设置您自己的密码', 'Choose your own password')} extra={<LanguageSwitch />}>
        <Typography.Paragraph>
          {b(
            `${user?.displayName ?? ''}，您使用的是管理员给的一次性密码。请先设置自己的密码（至少 8 个字符），之后才能使用系统。`,
            `${user?.displayName ?? ''}, you signed in with a one-time password from an administrator. Choose your own (at least 8 characters) before anything else.`,
          )}
        </Typography.Paragraph>
        {error ? <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 16 }} data-testid="password-error" /> : null}
        <Form form={form} layout="vertical" onFinish={onFinish} data-testid="change-password-form">
          <Form.Item
            name="currentPassword"
            label={b('一次性密码', 'One-time password')}
            rules={[{ required: true, message: b('请输入一次性密码', 'Enter the one-time password') }]}
          >
            <Input.Password autoComplete="current-password" data-testid="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={b('新密码', 'New password')} rules={[{ required: true, min: 8, message: b('至少 8 个字符', 'At least 8 characters') }]}>
            <Input.Password autoComplete="new-password" data-testid="new-password" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={b('再次输入新密码', 'New password again')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: b('请再次输入新密码', 'Enter the new password again') },
              ({ getFieldValue }) => ({
                validator: (_, v) => (v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(b('两次输入不一致', 'The two entries differ')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" data-testid="repeat-password" />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="save-password">
              {b('保存并进入', 'Save and continue')}
            </Button>
            <Button onClick={() => void signOut()}>{b('退出登录', 'Sign out')}</Button>
          </Space>
        </Form>
      </Card>
    </div>
  );
}
