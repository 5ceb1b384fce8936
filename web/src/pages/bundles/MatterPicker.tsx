// Picking matters for a bundle from any department: search, department filter, pages, ticks kept across pages.
import { useState } from 'react';
import { Alert, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { errorText } from '../../api/client.js';
import { catalogueApi, type MatterSummary } from '../../api/catalogue.js';
import { useI18n } from '../../i18n/index.js';
import { kindLabel, useDepartments } from '../reform/shared.js';
import { useLoad } from '../../api/useLoad.js';

export default function MatterPicker({ selected, onChange }: { selected: Map<string, MatterSummary>; onChange: (next: Map<string, MatterSummary>) => void }) {
  const { lang, t } = useI18n();
  const { departments } = useDepartments();
  const [search, setSearch] = useState('');
  const [department, setDepartment] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const { data, error } = useLoad(
    (signal) => catalogueApi.matters({ search: search || undefined, department, limit: 10, offset: (page - 1) * 10 }, signal),
    [search, department, page],
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Input.Search
          data-testid="picker-search"
          allowClear
          placeholder={t('catalogue.searchPlaceholder')}
          onSearch={(v) => {
            setSearch(v.trim());
            setPage(1);
          }}
          style={{ width: 280 }}
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('catalogue.allDepartments')}
          style={{ width: 220 }}
          value={department}
          onChange={(v?: string) => {
            setDepartment(v);
            setPage(1);
          }}
          options={departments.map((d) => ({ value: d.code, label: d.name }))}
        />
      </Space>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      <Table<MatterSummary>
        data-testid="picker-table"
        size="small"
        rowKey="code"
        loading={!data && !error}
        dataSource={data?.items ?? []}
        pagination={{ current: page, pageSize: 10, total: data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        rowSelection={{
          preserveSelectedRowKeys: true,
          selectedRowKeys: [...selected.keys()],
          onSelect: (m, checked) => {
            const next = new Map(selected);
            if (checked) next.set(m.code, m);
            else next.delete(m.code);
            onChange(next);
          },
          onSelectAll: (checked, _rows, changed) => {
            const next = new Map(selected);
            for (const m of changed) {
              if (!m) continue;
              if (checked) next.set(m.code, m);
              else next.delete(m.code);
            }
            onChange(next);
          },
        }}
        columns={[
          { title: t('catalogue.code'), dataIndex: 'code', width: 150 },
          { title: t('catalogue.name'), dataIndex: 'name' },
          { title: t('catalogue.kind'), dataIndex: 'kind', width: 130, render: (k: string) => kindLabel(t, k) },
          { title: t('catalogue.department'), dataIndex: 'departmentName', width: 170 },
        ]}
      />
      <div data-testid="picker-selected">
        <Typography.Text strong>{t('bundles.selected', { count: selected.size })}</Typography.Text>{' '}
        {[...selected.values()].map((m) => (
          <Tag
            key={m.code}
            closable
            onClose={() => {
              const next = new Map(selected);
              next.delete(m.code);
              onChange(next);
            }}
          >
            {m.name}
          </Tag>
        ))}
      </div>
    </Space>
  );
}
