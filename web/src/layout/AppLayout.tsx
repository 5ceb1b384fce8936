// The frame of every signed-in page: navigation on the left, the signed-in user, the language
// switch and sign-out at the top, the page in the middle.
import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App as AntApp, Button, Layout, Menu, Space, Spin, Tag, Tooltip, Typography, type MenuProps, Grid } from 'antd';
import { EnvironmentOutlined, HomeOutlined, LogoutOutlined, TranslationOutlined, UserOutlined } from '@ant-design/icons';
import { useAuth } from '../auth/AuthContext.js';
import { useI18n } from '../i18n/index.js';
import { CAPABILITIES, NAV_GROUPS, inMenu, navLabel } from '../capabilities.js';
import { errorText } from '../api/client.js';
import NoticeBell from '../components/NoticeBell.js';

const { Header, Sider, Content } = Layout;

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Tooltip title={t('lang.switchTitle')}>
      <Button type="text" icon={<TranslationOutlined />} onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang-switch">
        {t('lang.switch')}
      </Button>
    </Tooltip>
  );
}

export function PageFallback() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin description={t('common.loading')}>
        <div style={{ height: 48 }} />
      </Spin>
    </div>
  );
}

export default function AppLayout() {
  const { user, signOut } = useAuth();
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  // A phone (below md, e.g. 390 px): the menu folds away entirely and the header keeps only
  // who is signed in, the language and sign-out, so pages get the whole width.
  // (Only a breakpoint that matched counts: where media queries answer nothing, it is a desktop.)
  const screens = Grid.useBreakpoint();
  const narrow = !!screens.xs || (!!screens.sm && !screens.md);
  const [signingOut, setSigningOut] = useState(false);
  if (!user) return null;

  const items: MenuProps['items'] = [
    { key: '/', icon: <HomeOutlined />, label: t('nav.home') },
    ...NAV_GROUPS.map((group) => {
      const children = CAPABILITIES.filter((c) => c.group === group && inMenu(c, user.role)).map((c) => ({
        key: c.path,
        icon: c.icon,
        label: t(navLabel(c.key)),
      }));
      return children.length ? { type: 'group' as const, key: group, label: collapsed ? null : t(`nav.${group}`), children } : null;
    }),
  ];
  const selected = CAPABILITIES.find((c) => location.pathname === c.path || location.pathname.startsWith(`${c.path}/`))?.path ?? '/';

  const onSignOut = async () => {
    setSigningOut(true);
    try {
      await signOut();
      navigate('/login', { replace: true });
    } catch (error) {
      message.error(errorText(error, lang));
    } finally {
      setSigningOut(false);
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208} collapsedWidth={narrow ? 0 : 80} theme="light" breakpoint="lg">
        <div
          style={{
            height: 56,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            fontWeight: 700,
            fontSize: collapsed ? 16 : 20,
            color: '#b71c1c',
            letterSpacing: lang === 'en' ? 0 : 2,
          }}
        >
          {collapsed ? t('app.name').slice(0, 2) : t('app.name')}
        </div>
        <Menu mode="inline" selectedKeys={[selected]} items={items} onClick={({ key }) => navigate(String(key))} aria-label="main navigation" />
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: narrow ? '0 12px' : '0 24px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          {narrow ? null : (
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('app.subtitle')}
            </Typography.Text>
          )}
          <Space size={narrow ? 'small' : 'middle'} wrap={false}>
            <Space size={6} data-testid="current-user">
              <UserOutlined />
              <Typography.Text>{user.displayName}</Typography.Text>
              <Tag color="red" variant="outlined" style={{ marginInlineEnd: 0 }}>
                {t(`role.${user.role}`)}
              </Tag>
              {narrow ? null : (
                <Typography.Text type="secondary">
                  <EnvironmentOutlined /> {user.regionName ?? user.regionCode}
                  {user.departmentName ? ` · ${user.departmentName}` : ''}
                </Typography.Text>
              )}
            </Space>
            <NoticeBell />
            <LanguageSwitch />
            <Button icon={<LogoutOutlined />} onClick={onSignOut} loading={signingOut} data-testid="sign-out" aria-label={t('user.signOut')}>
              {narrow ? null : t('user.signOut')}
            </Button>
          </Space>
        </Header>
        <Content style={{ margin: narrow ? '48px 12px 12px' : 24 }}>
          <Suspense fallback={<PageFallback />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
