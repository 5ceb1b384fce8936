// Home: figures from GET /api/dashboard for the caller's scope. Every figure the API sends is
// shown; known ones get a label, new ones appear under their key until they get one.
import { lazy, Suspense, useCallback, useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useText } from './ratings/text.js';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { EnvironmentOutlined } from '@ant-design/icons';
import { api, errorText } from '../api/client.js';
import { useLoad } from '../api/useLoad.js';
import type { Dashboard as DashboardData } from '../api/types.js';
import { useAuth } from '../auth/AuthContext.js';
import { useI18n, type MessageKey, MESSAGES } from '../i18n/index.js';
import CalendarWarning from './calendar/CalendarWarning.js';
import Notices from './Notices.js';

const BarChart = lazy(() => import('../components/BarChart.js'));

export function countLabelKey(key: string): MessageKey | null {
  const candidate = `count.${key}`;
  return candidate in MESSAGES['zh-CN'] ? (candidate as MessageKey) : null;
}

/** Who sees the link to the leader's reform board (领导驾驶舱). */
const BOARD_ROLES = new Set(['leader', 'reform_office', 'admin']);

export default function Dashboard() {
  const boardText = useText();
  const { user } = useAuth();
  const { lang, t } = useI18n();
  const { data, error, reload: retry } = useLoad<DashboardData>((signal) => api.dashboard(signal), []);

  const counts = useMemo(
    () =>
      Object.entries(data?.counts ?? {}).flatMap(([key, value]): Array<[string, number]> => {
        const n = typeof value === 'string' ? Number(value) : value;
        return typeof n === 'number' && Number.isFinite(n) ? [[key, n]] : [];
      }),
    [data],
  );
  const label = useCallback(
    (key: string) => {
      const known = countLabelKey(key);
      return known ? t(known) : key;
    },
    [t],
  );

  const departments = useMemo(() => [...(data?.byDepartment ?? [])].sort((a, b) => b.matters - a.matters), [data]);
  const chart = useMemo(() => {
    if (departments.length > 0) {
      return {
        title: t('dashboard.chartDepartments'),
        categories: departments.map((d) => d.name),
        values: departments.map((d) => d.matters),
        seriesName: t('dashboard.matters'),
        horizontal: true,
      };
    }
    return { title: t('dashboard.chartCounts'), categories: counts.map(([k]) => label(k)), values: counts.map(([, v]) => v), seriesName: t('dashboard.count'), horizontal: false };
  }, [departments, counts, label, t]);

  if (!user) return null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {t('dashboard.welcome', { name: user.displayName })}
        </Typography.Title>
        <Space size={8} wrap>
          <Tag color="red">{t(`role.${user.role}`)}</Tag>
          <Typography.Text type="secondary">
            <EnvironmentOutlined /> {t('dashboard.scope', { region: data?.region.name ?? user.regionName ?? user.regionCode })}
          </Typography.Text>
          {user.departmentName ? <Typography.Text type="secondary">{`${t('user.department')}：${user.departmentName}`}</Typography.Text> : null}
          {BOARD_ROLES.has(user.role) ? (
            <Link to="/ratings?tab=board" data-testid="open-board">
              {boardText.tx('tabBoard')} →
            </Link>
          ) : null}
        </Space>
      </div>
      <CalendarWarning />
      <Notices />

      {error ? (
        <Alert
          type="error"
          showIcon
          title={errorText(error, lang)}
          action={
            <Button size="small" onClick={retry}>
              {t('common.retry')}
            </Button>
          }
        />
      ) : null}

      {!data && !error ? <Skeleton active /> : null}

      {data ? (
        <>
          <Row gutter={[16, 16]} data-testid="dashboard-counts">
            {counts.map(([key, value]) => (
              <Col key={key} xs={12} sm={8} md={6} xl={4}>
                <Card size="small">
                  <Statistic title={label(key)} value={value} />
                </Card>
              </Col>
            ))}
          </Row>
          <Card title={chart.title}>
            {chart.categories.length > 0 ? (
              <Suspense fallback={<Skeleton active />}>
                <BarChart
                  categories={chart.categories}
                  values={chart.values}
                  seriesName={chart.seriesName}
                  horizontal={chart.horizontal}
                  height={chart.horizontal ? Math.max(240, chart.categories.length * 30 + 40) : 320}
                  ariaLabel={chart.title}
                />
              </Suspense>
            ) : (
              <Empty description={t('dashboard.noChartData')} />
            )}
          </Card>
        </>
      ) : null}
    </Space>
  );
}
