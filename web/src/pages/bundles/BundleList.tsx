// The bundles (一件事) the caller may see, with their figures before and after; writers start a new one.
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Empty, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { bundleApi, type BundleSummary } from '../../api/bundles.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';
import { shanghaiTime, useDepartments } from '../reform/shared.js';
import { useLoad } from '../../api/useLoad.js';
import { StatusTag, WRITERS } from './shared.js';

export default function BundleList() {
  const { lang, t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { name: departmentName } = useDepartments();
  const { data, error } = useLoad((signal) => bundleApi.list(signal), []);
  const items = data?.items;
  return (
    <Card
      title={t('nav.bundles')}
      extra={
        user && WRITERS.has(user.role) ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/bundles/new')} data-testid="bundle-new">
            {t('bundles.new')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('cap.bundles')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      <Table<BundleSummary>
        data-testid="bundle-list"
        rowKey="id"
        loading={!items && !error}
        dataSource={items ?? []}
        locale={{ emptyText: <Empty description={t('bundles.empty')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('bundles.name'), dataIndex: 'name', render: (name: string, b) => <Link to={`/bundles/${b.id}`}>{name}</Link> },
          { title: t('bundles.status'), dataIndex: 'status', width: 90, render: (s: BundleSummary['status']) => <StatusTag status={s} /> },
          { title: t('bundles.departments'), dataIndex: 'departments', render: (d: string[]) => d.map(departmentName).join('、') },
          { title: t('figure.matters'), key: 'matters', width: 70, align: 'right', render: (_: unknown, b) => b.after.matters },
          { title: t('bundleFigure.materials'), key: 'materials', width: 120, align: 'right', render: (_: unknown, b) => `${b.before.materials} → ${b.after.materials}` },
          { title: t('figure.visits'), key: 'visits', width: 100, align: 'right', render: (_: unknown, b) => `${b.before.visits} → ${b.after.visits}` },
          { title: t('figure.promisedWorkdays'), key: 'days', width: 150, align: 'right', render: (_: unknown, b) => `${b.before.promisedWorkdays} → ${b.after.promisedWorkdays}` },
          { title: t('bundles.updated'), dataIndex: 'updatedAt', width: 150, render: (v: string) => shanghaiTime(v) },
        ]}
      />
    </Card>
  );
}
