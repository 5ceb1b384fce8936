// Providers (language, Ant Design locale and theme, session) and the routes.
import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation, type RouteObject } from 'react-router-dom';
import { App as AntApp, Button, ConfigProvider, Result } from 'antd';
import * as zhCNLocale from 'antd/es/locale/zh_CN.js';
import * as enUSLocale from 'antd/es/locale/en_US.js';
import type { Locale } from 'antd/es/locale/index.js';
import { AuthProvider, useAuth } from './auth/AuthContext.js';
import { I18nProvider, useI18n, type Lang } from './i18n/index.js';
import { CAPABILITIES, allowed, type Capability } from './capabilities.js';
import AppLayout, { PageFallback } from './layout/AppLayout.js';
import SignIn from './pages/SignIn.js';
import { Forbidden, NotFound } from './pages/StatusPage.js';

const Dashboard = lazy(() => import('./pages/Dashboard.js'));
const CapabilityPage = lazy(() => import('./pages/CapabilityPage.js'));
const ChangePassword = lazy(() => import('./pages/ChangePassword.js'));
/** The page a notice's signed rating link opens: no sign-in. */
const RateByLink = lazy(() => import('./pages/ratings/RateByLink.js'));

/** Ant Design's locale files are ES modules with a default export; reach it however the module is wrapped. */
function antdLocale(module: unknown): Locale {
  let value = module as { locale?: unknown; default?: unknown };
  while (typeof value.locale !== 'string' && value.default) value = value.default as typeof value;
  return value as Locale;
}
const ANTD_LOCALES: Record<Lang, Locale> = { 'zh-CN': antdLocale(zhCNLocale), en: antdLocale(enUSLocale) };

function LocalizedAntd({ children }: { children: ReactNode }) {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={ANTD_LOCALES[lang]} button={{ autoInsertSpace: false }} theme={{ token: { colorPrimary: '#c62828', borderRadius: 6 } }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function Providers({ children, lang }: { children: ReactNode; lang?: Lang }) {
  return (
    <I18nProvider initial={lang}>
      <LocalizedAntd>
        <AuthProvider>{children}</AuthProvider>
      </LocalizedAntd>
    </I18nProvider>
  );
}

/** Signed-in pages: wait for the session probe, send everyone else to sign-in. */
function RequireSession() {
  const { state, retry } = useAuth();
  const { lang, t } = useI18n();
  const location = useLocation();
  if (state.status === 'loading') return <PageFallback />;
  if (state.status === 'unreachable') {
    return <Result status="warning" title={state.error.text(lang)} extra={<Button onClick={retry}>{t('common.retry')}</Button>} />;
  }
  if (state.status === 'signedOut') return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (state.user.mustChangePassword) {
    return (
      <Suspense fallback={<PageFallback />}>
        <ChangePassword />
      </Suspense>
    );
  }
  return <AppLayout />;
}

function CapabilityRoute({ capability }: { capability: Capability }) {
  const { user } = useAuth();
  if (!user) return null;
  if (!allowed(capability, user.role)) return <Forbidden />;
  const Page = capability.page;
  return Page ? <Page /> : <CapabilityPage capability={capability} />;
}

function SignInRoute() {
  const { state } = useAuth();
  if (state.status === 'loading') return <PageFallback />;
  return <SignIn />;
}

// Public pages of the one-window service: tracking and result verification, no sign-in.
const TrackPage = lazy(() => import('./pages/window/Public.js').then((m) => ({ default: m.TrackPage })));
const VerifyPage = lazy(() => import('./pages/window/Public.js').then((m) => ({ default: m.VerifyPage })));

export const routes: RouteObject[] = [
  { path: '/login', element: <SignInRoute /> },
  {
    path: '/track',
    element: (
      <Suspense fallback={<PageFallback />}>
        <TrackPage />
      </Suspense>
    ),
  },
  {
    path: '/verify/:code',
    element: (
      <Suspense fallback={<PageFallback />}>
        <VerifyPage />
      </Suspense>
    ),
  },
  {
    path: '/rate',
    element: (
      <Suspense fallback={<PageFallback />}>
        <RateByLink />
      </Suspense>
    ),
  },
  {
    path: '/',
    element: <RequireSession />,
    children: [
      { index: true, element: <Dashboard /> },
      // `<path>/*`: a capability's page has its own sub-pages (a matter, a bundle ...).
      ...CAPABILITIES.map((capability) => ({ path: `${capability.path.slice(1)}/*`, element: <CapabilityRoute capability={capability} /> })),
      { path: '*', element: <NotFound /> },
    ],
  },
];

/** For routes rendered outside the layout's Suspense boundary. */
export function RootBoundary() {
  return (
    <Suspense fallback={<PageFallback />}>
      <Outlet />
    </Suspense>
  );
}
