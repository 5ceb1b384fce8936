// The responsibility list (责任清单) the administrator edits: category × region → who handles it
// (a village, a township office or a county department). Rows are edited in place and saved
// as one list; the server checks it whole (naming the row) and keeps the old list on refusal.
import { useMemo, useState } from 'react';
import { Alert, Button, Card, Select, Space, Table, TreeSelect, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth/AuthContext.js';
import { errorText, request } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { useEdits } from '../../api/useEdits.js';
import { useI18n } from '../../i18n/index.js';
import type { Department, Region } from '../../api/types.js';
import { TIERS, TIER_LABELS, type Category, type Tier } from '../../../../src/cases/model.js';
import type { Responsibility } from '../../../../src/cases/responsibility.js';
import { useText } from './text.js';

type Row = Omit<Responsibility, 'id'> & { rowKey: number };
interface TreeNode {
  value: string;
  title: string;
  children: TreeNode[];
}

/** The regions as a tree (county → township → village → grid), for the region picker. */
export function regionTree(regions: readonly Region[]): TreeNode[] {
  const nodes = new Map(regions.map((r) => [r.code, { value: r.code, title: `${r.name}（${r.code}）`, children: [] as TreeNode[] }]));
  const roots: TreeNode[] = [];
  for (const r of regions) {
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    (parent ? parent.children : roots).push(nodes.get(r.code)!);
  }
  return roots;
}

let nextKey = 1;
const NO_ROWS: Row[] = [];

export default function Responsibilities() {
  const x = useText();
  const { lang } = useI18n();
  // The rows as saved, edited in place until saved (and loaded again).
  const config = useLoad(
    (signal) =>
      request<{ responsibilities: Responsibility[] }>('GET', '/api/cases/config', undefined, { signal }).then((c) =>
        c.responsibilities.map((r): Row => ({ regionCode: r.regionCode, categoryCode: r.categoryCode, tier: r.tier, departmentId: r.departmentId, rowKey: nextKey++ })),
      ),
    [],
  );
  const load = config.reload;
  const [rows, setRows, dirty] = useEdits(config.data ?? NO_ROWS);
  const [said, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const message = said ?? (config.error ? { ok: false, text: errorText(config.error, lang) } : null);
  // The list is the administrator's county's: only its regions and departments are offered
  // (none after a failure).
  const county = (useAuth().user?.regionCode ?? '').slice(0, 6);
  const regionAnswer = useLoad((signal) => request<{ items: Region[] }>('GET', '/api/org/regions', undefined, { signal }), []).data;
  const regions = useMemo(() => (regionAnswer?.items ?? []).filter((g) => g.code.startsWith(county)), [regionAnswer, county]);
  const departmentAnswer = useLoad((signal) => request<{ items: Department[] }>('GET', '/api/org/departments', undefined, { signal }), []).data;
  const departments = (departmentAnswer?.items ?? []).filter((d) => d.regionCode.startsWith(county));
  const categories = useLoad((signal) => request<{ items: Category[] }>('GET', '/api/cases/categories', undefined, { signal }), []).data?.items ?? [];

  const tree = useMemo(() => regionTree(regions), [regions]);
  const change = (key: number, patch: Partial<Row>) => {
    setRows((all) => all.map((r) => (r.rowKey === key ? { ...r, ...patch } : r)));
  };
  const add = () => {
    setRows((all) => [...all, { rowKey: nextKey++, regionCode: regions.find((r) => r.code === county)?.code ?? '', categoryCode: '*', tier: 'village', departmentId: null }]);
  };
  const save = async () => {
    setMessage(null);
    // A row without a region cannot be sent: say which one, as the server does.
    const blank = rows.findIndex((r) => !r.regionCode);
    if (blank >= 0) return setMessage({ ok: false, text: x('rowNeedsRegion', { n: blank + 1 }) });
    const noDepartment = rows.findIndex((r) => r.tier === 'department' && r.departmentId == null);
    if (noDepartment >= 0) return setMessage({ ok: false, text: x('rowNeedsDepartment', { n: noDepartment + 1 }) });
    try {
      await request('PUT', '/api/cases/responsibilities', {
        rows: rows.map((r) => ({ regionCode: r.regionCode, categoryCode: r.categoryCode, tier: r.tier, departmentId: r.tier === 'department' ? r.departmentId : null })),
      });
      setMessage({ ok: true, text: x('saved') });
      load();
    } catch (err) {
      setMessage({ ok: false, text: errorText(err, lang) });
    }
  };

  const categoryOptions = [
    { value: '*', label: x('anyCategory') },
    ...categories.map((c) => ({ value: c.code, label: `${lang === 'en' ? c.name.en : c.name.zh}（${c.code}）${c.active ? '' : ` · ${x('inactive')}`}` })),
  ];
  return (
    <Card
      size="small"
      title={x('responsibilitiesTitle')}
      extra={
        <Space>
          <Button icon={<PlusOutlined />} onClick={add}>
            {x('addRow')}
          </Button>
          <Button type="primary" disabled={!dirty} onClick={() => void save()}>
            {x('saveResponsibilities')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{x('responsibilitiesHelp')}</Typography.Text>
        {message && <Alert type={message.ok ? 'success' : 'error'} showIcon title={message.text} />}
        <Table<Row>
          size="small"
          pagination={false}
          rowKey="rowKey"
          dataSource={rows}
          scroll={{ x: 800 }}
          columns={[
            { title: '#', width: 44, render: (_v, _r, i) => i + 1 },
            {
              title: x('regionOfRow'),
              dataIndex: 'regionCode',
              render: (v: string, r, i) => (
                <TreeSelect
                  style={{ minWidth: 240 }}
                  size="small"
                  showSearch
                  treeNodeFilterProp="title"
                  treeData={tree}
                  value={v || undefined}
                  aria-label={`${x('regionOfRow')} ${i + 1}`}
                  onChange={(code: string) => change(r.rowKey, { regionCode: code })}
                />
              ),
            },
            {
              title: x('category'),
              dataIndex: 'categoryCode',
              render: (v: string, r, i) => (
                <Select
                  style={{ minWidth: 180 }}
                  size="small"
                  showSearch
                  optionFilterProp="label"
                  options={categoryOptions}
                  value={v}
                  aria-label={`${x('category')} ${i + 1}`}
                  onChange={(code: string) => change(r.rowKey, { categoryCode: code })}
                />
              ),
            },
            {
              title: x('tier'),
              dataIndex: 'tier',
              render: (v: Tier, r, i) => (
                <Select
                  style={{ minWidth: 130 }}
                  size="small"
                  options={TIERS.map((t) => ({ value: t, label: lang === 'en' ? TIER_LABELS[t].en : TIER_LABELS[t].zh }))}
                  value={v}
                  aria-label={`${x('tier')} ${i + 1}`}
                  onChange={(tier: Tier) => change(r.rowKey, { tier, departmentId: tier === 'department' ? r.departmentId : null })}
                />
              ),
            },
            {
              title: x('department'),
              dataIndex: 'departmentId',
              render: (v: number | null, r, i) =>
                r.tier === 'department' ? (
                  <Select
                    style={{ minWidth: 200 }}
                    size="small"
                    showSearch
                    optionFilterProp="label"
                    placeholder={x('chooseDepartment')}
                    options={departments.map((d) => ({ value: d.id, label: d.name }))}
                    value={v ?? undefined}
                    aria-label={`${x('department')} ${i + 1}`}
                    onChange={(id: number) => change(r.rowKey, { departmentId: id })}
                  />
                ) : (
                  '—'
                ),
            },
            {
              title: '',
              width: 60,
              render: (_v, r, i) => (
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={`${x('removeRow')} ${i + 1}`}
                  onClick={() => {
                    setRows((all) => all.filter((o) => o.rowKey !== r.rowKey));
                  }}
                />
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}
