// Sign-in: username and password. The API's message is shown in the current language; a locked
// account (423) gets its own title, field problems (400) go next to their fields.
import { useEffect, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { ApiError } from '../api/client.js';
import type { Bilingual } from '../api/types.js';
import { useAuth } from '../auth/AuthContext.js';
import { pick, useI18n } from '../i18n/index.js';
import { LanguageSwitch } from '../layout/AppLayout.js';

interface Credentials {
  username: string;
  password: string;
}

/** Field-level problems in a 400 answer: `details: { problems: [{ field, message: { zh, en } }] }`. */
export function fieldProblems(error: unknown): Array<{ field: string; message: Bilingual }> {
  if (!(error instanceof ApiError)) return [];
  const details = error.details as { problems?: unknown } | unknown[] | undefined;
  const list: unknown[] = Array.isArray(details) ? details : Array.isArray(details?.problems) ? details.problems : [];
  return list.filter((d): d is { field: string; message: Bilingual } => {
    const p = d as { field?: unknown; message?: { zh?: unknown; en?: unknown } } | null;
    return typeof p?.field === 'string' && typeof p.message?.zh === 'string' && typeof p.message?.en === 'string';
  });
}

export default function SignIn() {
  const { state, signIn } = useAuth();
  const { lang, t } = useI18n();
  const [form] = Form.useForm<Credentials>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/';

  // Field messages follow the language switch too.
  useEffect(() => {
    const problems = fieldProblems(error);
    const known = ['username', 'password'] as const;
    form.setFields(
      known.map((name) => ({
        name,
        errors: problems.filter((p) => p.field.replace(/^(body\.|\/)/, '') === name).map((p) => pick(p.message, lang)),
      })),
    );
  }, [error, lang, form]);

  if (state.status === 'signedIn') return <Navigate to={from} replace />;

  const onFinish = async ({ username, password }: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      navigate(from, { replace: true });
    } catch (e) {
      setError(e);
      form.setFieldValue('password', '');
    } finally {
      setBusy(false);
    }
  };

  const locked = error instanceof ApiError && error.status === 423;
  const errorMessage = error instanceof ApiError ? error.text(lang) : error instanceof Error ? error.message : null;

  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', background: 'linear-gradient(180deg, #fff5f5 0%, #f5f5f5 60%)' }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end', padding: 16 }}>
        <LanguageSwitch />
      </div>
      <div style={{ flex: 1, display: 'flex', alignItems: 'flex-start', justifyContent: 'center', paddingTop: '8vh' }}>
        <Card style={{ width: 380, maxWidth: '92vw' }}>
          <div style={{ textAlign: 'center', marginBottom: 24 }}>
            <Typography.Title level={2} style={{ color: '#b71c1c', marginBottom: 4, letterSpacing: lang === 'en' ? 1 : 4 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
          </div>
          {state.status === 'signedOut' && state.expired && !error ? <Alert type="info" showIcon title={t('signin.expired')} style={{ marginBottom: 16 }} /> : null}
          {state.status === 'unreachable' && !error ? <Alert type="warning" showIcon title={state.error.text(lang)} style={{ marginBottom: 16 }} /> : null}
          {errorMessage ? (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={locked ? t('signin.locked') : t('signin.failed')}
              description={errorMessage}
              style={{ marginBottom: 16 }}
              data-testid="signin-error"
            />
          ) : null}
          <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
            <Form.Item name="username" label={t('signin.username')} rules={[{ required: true, whitespace: true, message: t('signin.usernameRequired') }]}>
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('signin.password')} rules={[{ required: true, message: t('signin.passwordRequired') }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="sign-in">
              {t('signin.submit')}
            </Button>
          </Form>
        </Card>
      </div>
    </div>
  );
}
