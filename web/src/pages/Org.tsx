// Organisation: the regions (as a tree) and departments the caller can see.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Card, Table, Tabs, Typography } from 'antd';
import { api, errorText } from '../api/client.js';
import type { Department, Region } from '../api/types.js';
import { useI18n } from '../i18n/index.js';

export interface RegionNode extends Region {
  key: string;
  children?: RegionNode[];
}

/** Arrange regions under their parents; a region whose parent is not visible is a root. */
export function regionTree(regions: Region[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>(regions.map((r) => [r.code, { ...r, key: r.code }]));
  const roots: RegionNode[] = [];
  for (const node of [...nodes.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    const parent = node.parentCode ? nodes.get(node.parentCode) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

export default function Org() {
  const { lang, t } = useI18n();
  const [regions, setRegions] = useState<Region[] | null>(null);
  const [departments, setDepartments] = useState<Department[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([api.regions(controller.signal), api.departments(controller.signal)]).then(
      ([r, d]) => {
        setRegions(r.items);
        setDepartments(d.items);
      },
      (e: unknown) => {
        if (!controller.signal.aborted) setError(e);
      },
    );
    return () => controller.abort();
  }, []);

  const tree = useMemo(() => regionTree(regions ?? []), [regions]);
  const regionName = useMemo(() => new Map((regions ?? []).map((r) => [r.code, r.name])), [regions]);

  return (
    <Card title={t('org.title')}>
      <Typography.Paragraph type="secondary">{t('cap.org')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      <Tabs
        items={[
          {
            key: 'regions',
            label: t('org.regions'),
            children: (
              <Table<RegionNode>
                key={regions ? 'loaded' : 'loading'}
                rowKey="code"
                size="small"
                loading={!regions && !error}
                dataSource={tree}
                pagination={false}
                expandable={{ defaultExpandAllRows: true }}
                columns={[
                  { title: t('org.name'), dataIndex: 'name' },
                  { title: t('org.code'), dataIndex: 'code' },
                  { title: t('org.level'), dataIndex: 'level', render: (level: Region['level']) => t(`level.${level}`) },
                ]}
              />
            ),
          },
          {
            key: 'departments',
            label: t('org.departments'),
            children: (
              <Table<Department>
                rowKey="id"
                size="small"
                loading={!departments && !error}
                dataSource={departments ?? []}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                columns={[
                  { title: t('org.name'), dataIndex: 'name' },
                  { title: t('org.code'), dataIndex: 'code' },
                  { title: t('org.regionCode'), dataIndex: 'regionCode', render: (code: string) => regionName.get(code) ?? code },
                ]}
              />
            ),
          },
        ]}
      />
    </Card>
  );
}
