// Organisation: the region tree, departments and users the caller can see; administrators
// add and edit them, import the organisation workbook and load a county's official tree.
import { useMemo } from 'react';
import { Alert, Card, Tabs, Typography } from 'antd';
import { api, errorText } from '../api/client.js';
import { useLoad } from '../api/useLoad.js';
import type { Department, Region } from '../api/types.js';
import { orgApi, type UserView } from '../api/org.js';
import { useAuth } from '../auth/AuthContext.js';
import { useI18n } from '../i18n/index.js';
import { mayUse } from '../../../src/org/access-rules.js';
import RegionsTab from './org/RegionsTab.js';
import DepartmentsTab from './org/DepartmentsTab.js';
import UsersTab from './org/UsersTab.js';
import ImportTab from './org/ImportTab.js';

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

export interface OrgData {
  regions: Region[];
  departments: Department[];
  users: UserView[] | null;
  unstaffed: Set<number>;
}

export default function Org() {
  const { lang, t } = useI18n();
  const { user } = useAuth();
  const seesUsers = user ? mayUse('org.users', user.role) : false;
  const admin = user ? mayUse('org.manage', user.role) : false;
  const { data, error, reload } = useLoad(
    (signal): Promise<OrgData> =>
      Promise.all([
        api.regions(signal),
        api.departments(signal),
        seesUsers ? orgApi.users(signal) : Promise.resolve(null),
        seesUsers ? orgApi.unstaffed(signal) : Promise.resolve({ ids: [] }),
      ]).then(([r, d, u, s]) => ({ regions: r.items, departments: d.items, users: u?.items ?? null, unstaffed: new Set(s.ids) })),
    [seesUsers],
  );

  const regionName = useMemo(() => new Map((data?.regions ?? []).map((r) => [r.code, r.name])), [data]);

  return (
    <Card title={t('org.title')}>
      <Typography.Paragraph type="secondary">{t('cap.org')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      <Tabs
        destroyOnHidden
        items={[
          { key: 'regions', label: t('org.regions'), children: <RegionsTab data={data} admin={admin} onChange={reload} /> },
          { key: 'departments', label: t('org.departments'), children: <DepartmentsTab data={data} admin={admin} regionName={regionName} onChange={reload} /> },
          ...(seesUsers ? [{ key: 'users', label: t('org.users'), children: <UsersTab data={data} admin={admin} regionName={regionName} onChange={reload} /> }] : []),
          ...(admin ? [{ key: 'import', label: t('org.import'), children: <ImportTab onChange={reload} /> }] : []),
        ]}
      />
    </Card>
  );
}
