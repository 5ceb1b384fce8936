// Processes (流程): the worklist, the instances, the deployed processes (deploy, start) and the
// incidents; one instance at /processes/instances/:id with its diagram, tokens, tasks and history;
// one deployed version at /processes/deployments/:id with its live counts per element.
import { useState } from 'react';
import { Route, Routes, useNavigate, useSearchParams } from 'react-router-dom';
import { Button, Input, Space, Tabs, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';
import { NotFound } from '../StatusPage.js';
import Deployments from './Deployments.js';
import DeploymentView from './DeploymentView.js';
import Incidents from './Incidents.js';
import Instances from './Instances.js';
import InstanceView from './InstanceView.js';
import Worklist from './Worklist.js';
import Delegations from './Delegations.js';
import { mayUse } from '../../../../src/org/access-rules.js';

const OPERATORS = new Set(['admin', 'reform_office', 'leader', 'dispatcher']);
const TABS = ['worklist', 'instances', 'deployments', 'incidents', 'delegations'] as const;

function ProcessesHome() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [instanceId, setInstanceId] = useState('');
  const requested = params.get('tab');
  const tab = TABS.includes(requested as (typeof TABS)[number]) ? (requested as (typeof TABS)[number]) : 'worklist';
  const operator = !!user && OPERATORS.has(user.role);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap align="start" style={{ justifyContent: 'space-between', width: '100%' }}>
        <div>
          <Typography.Title level={3} style={{ marginBottom: 4 }}>
            {t('nav.processes')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('processes.intro')}</Typography.Text>
        </div>
        <Space.Compact>
          <Input
            placeholder={t('processes.instance.openById')}
            value={instanceId}
            onChange={(e) => setInstanceId(e.target.value)}
            onPressEnter={() => instanceId.trim() && navigate(`/processes/instances/${encodeURIComponent(instanceId.trim())}`)}
            style={{ width: 280 }}
          />
          <Button
            icon={<SearchOutlined />}
            disabled={!instanceId.trim()}
            onClick={() => navigate(`/processes/instances/${encodeURIComponent(instanceId.trim())}`)}
            aria-label={t('processes.instance.openById')}
          />
        </Space.Compact>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'worklist' ? {} : { tab: key }, { replace: true })}
        items={[
          { key: 'worklist', label: t('processes.tab.worklist'), children: <Worklist /> },
          { key: 'instances', label: t('processes.tab.instances'), children: <Instances /> },
          { key: 'deployments', label: t('processes.tab.deployments'), children: <Deployments /> },
          ...(operator ? [{ key: 'incidents', label: t('processes.tab.incidents'), children: <Incidents /> }] : []),
          ...(user && mayUse('offices', user.role) ? [{ key: 'delegations', label: t('processes.tab.delegations'), children: <Delegations /> }] : []),
        ]}
      />
    </Space>
  );
}

export default function ProcessesPage() {
  return (
    <Routes>
      <Route index element={<ProcessesHome />} />
      <Route path="instances/:id" element={<InstanceView />} />
      <Route path="deployments/:id" element={<DeploymentView />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
