// 事项目录: the catalogue list (search, filter by department and kind), a matter's detail
// with its steps drawn as a process, version comparison, file import with the table of
// every problem, and the reengineering ledger with overdue items highlighted.
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, Button, Card, Dropdown, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { errorText } from '../api/client.js';
import { useLoad } from '../api/useLoad.js';
import { catalogueApi, catalogueFiles, MATTER_KINDS, type MatterKind, type MatterSummary } from '../api/catalogue.js';
import { useI18n } from '../i18n/index.js';
import { useAuth } from '../auth/AuthContext.js';
import { may } from '../../../src/org/capabilities.js';
import { kindLabel, useDepartments } from './reform/shared.js';
import MatterDetail from './catalogue/MatterDetail.js';
import ImportPanel from './catalogue/ImportPanel.js';
import LedgerBoard from './catalogue/LedgerBoard.js';
import { mayUse } from '../../../src/org/access-rules.js';

const PAGE_SIZE = 20;

function MatterList() {
  const { lang, t } = useI18n();
  const [params, setParams] = useSearchParams();
  const { departments, name: departmentName } = useDepartments();
  const search = params.get('q') ?? '';
  const department = params.get('department') ?? '';
  const kind = (params.get('kind') ?? '') as MatterKind | '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [draft, setDraft] = useState(search);

  useEffect(() => setDraft(search), [search]);

  const { data, error, loading } = useLoad(
    (signal) =>
      catalogueApi.matters({ search: search || undefined, department: department || undefined, kind: kind || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [search, department, kind, page],
  );

  const update = useCallback(
    (changes: Record<string, string>) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      if (!('page' in changes)) next.delete('page');
      setParams(next);
    },
    [params, setParams],
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          data-testid="catalogue-search"
          allowClear
          placeholder={t('catalogue.searchPlaceholder')}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onSearch={(value) => update({ q: value.trim() })}
          style={{ width: 300 }}
          enterButton={t('catalogue.search')}
        />
        <Select
          data-testid="catalogue-department"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('catalogue.allDepartments')}
          style={{ width: 220 }}
          value={department || undefined}
          onChange={(value?: string) => update({ department: value ?? '' })}
          options={departments.map((d) => ({ value: d.code, label: d.name }))}
        />
        <Select
          data-testid="catalogue-kind"
          allowClear
          placeholder={t('catalogue.allKinds')}
          style={{ width: 180 }}
          value={kind || undefined}
          onChange={(value?: string) => update({ kind: value ?? '' })}
          options={MATTER_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))}
        />
        <Dropdown
          menu={{
            items: (['xlsx', 'csv', 'json', 'yaml'] as const).map((format) => ({
              key: format,
              label: (
                <a href={catalogueFiles.export(format)} download>
                  {t('catalogue.exportAs', { format: format.toUpperCase() })}
                </a>
              ),
            })),
          }}
        >
          <Button icon={<DownloadOutlined />} data-testid="catalogue-export">
            {t('catalogue.export')}
          </Button>
        </Dropdown>
      </Space>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      <Table<MatterSummary>
        data-testid="catalogue-table"
        rowKey="code"
        size="middle"
        loading={loading}
        dataSource={data?.items ?? []}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('catalogue.total', { total }),
          onChange: (p) => update({ page: p === 1 ? '' : String(p) }),
        }}
        columns={[
          { title: t('catalogue.code'), dataIndex: 'code', width: 150 },
          {
            title: t('catalogue.name'),
            dataIndex: 'name',
            render: (name: string, m) => <Link to={`/catalogue/matters/${encodeURIComponent(m.code)}`}>{name}</Link>,
          },
          { title: t('catalogue.kind'), dataIndex: 'kind', width: 130, render: (k: string) => kindLabel(t, k) },
          { title: t('catalogue.department'), dataIndex: 'departmentName', width: 170, render: (n: string, m) => n || departmentName(m.departmentCode) },
          // A published one-thing service exists only as redesigned (to-be): it shows those figures.
          { title: t('figure.materials'), key: 'materials', width: 90, align: 'right', render: (_: unknown, m) => (m.asIs ?? m.toBe)?.materials ?? '—' },
          { title: t('figure.steps'), key: 'steps', width: 80, align: 'right', render: (_: unknown, m) => (m.asIs ?? m.toBe)?.steps ?? '—' },
          { title: t('figure.promisedDays'), key: 'days', width: 130, align: 'right', render: (_: unknown, m) => (m.asIs ?? m.toBe)?.promisedDays ?? '—' },
          {
            title: t('catalogue.redesign'),
            key: 'toBe',
            width: 150,
            render: (_: unknown, m) =>
              m.toBeVersion !== null ? (
                <Tag color="success">{t('catalogue.toBeVersion', { version: m.toBeVersion })}</Tag>
              ) : (
                <Typography.Text type="secondary">{t('catalogue.notRedesigned')}</Typography.Text>
              ),
          },
        ]}
      />
    </Space>
  );
}

export default function Catalogue() {
  const { user } = useAuth();
  const { t } = useI18n();
  const rest = useParams()['*'] ?? '';
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const match = /^matters\/(.+)$/.exec(rest);
  if (match) return <MatterDetail code={decodeURIComponent(match[1])} onBack={() => navigate(-1)} />;
  const tab = params.get('tab') ?? 'list';
  return (
    <Card title={t('nav.catalogue')}>
      <Typography.Paragraph type="secondary" data-testid="capability-description">
        {t('cap.catalogue')}
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'list' ? {} : { tab: key })}
        destroyOnHidden
        items={[
          { key: 'list', label: t('catalogue.tabList'), children: <MatterList /> },
          // Offered only to the roles the server lets import (the shared rule table).
          ...(user && mayUse('catalogue.write', user.role) ? [{ key: 'import', label: t('catalogue.tabImport'), children: <ImportPanel /> }] : []),
          ...(user && may(user.role, 'ledgerRead') ? [{ key: 'ledger', label: t('catalogue.tabLedger'), children: <LedgerBoard /> }] : []),
        ]}
      />
    </Card>
  );
}
