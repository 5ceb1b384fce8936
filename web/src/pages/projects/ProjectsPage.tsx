// 重点项目与企业服务: the board by milestone, one project, the leader's escalated blockers and
// the coordination meeting, a department's follow-up items, the enterprise roster and the
// requests. An enterprise's account (applicant) sees only its requests, phone-first.
import { useState } from 'react';
import { Route, Routes, useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Space, Table, Tabs, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useLoad } from '../../api/useLoad.js';
import { errorText } from '../../api/client.js';
import { useAuth } from '../../auth/AuthContext.js';
import { NotFound } from '../StatusPage.js';
import Board from './Board.js';
import Coordination from './Coordination.js';
import Enterprises from './Enterprises.js';
import ProjectView from './ProjectView.js';
import { projectsApi } from './api.js';
import { useBi } from './bi.js';

const LEADERS = new Set(['admin', 'reform_office', 'leader']);

function Items() {
  const { b, lang } = useBi();
  const { data, error: loadError, reload: load } = useLoad(() => projectsApi.items(), []);
  const items = data?.items ?? [];
  const [actionError, setError] = useState<unknown>(null);
  const error = actionError ?? loadError;
  return (
    <>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      <Table
        size="small"
        rowKey="id"
        dataSource={items}
        data-testid="project-items-list"
        columns={[
          { title: b('项目', 'Project'), render: (_, i) => <Link to={`/projects/${i.projectId}`}>{i.project}</Link> },
          { title: b('督办事项', 'Item'), dataIndex: 'text' },
          { title: b('责任部门', 'Owner'), dataIndex: 'department' },
          { title: b('期限', 'Due'), render: (_, i) => <Typography.Text type={i.overdue ? 'danger' : undefined}>{i.dueDate}</Typography.Text> },
          {
            title: '',
            render: (_, i) => (
              <Button size="small" onClick={() => void projectsApi.itemDone(i.id, '').then(load, setError)}>
                {b('办结', 'Done')}
              </Button>
            ),
          },
        ]}
      />
    </>
  );
}

function Home() {
  const { b } = useBi();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  if (!user) return null;
  if (user.role === 'applicant') {
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Title level={3}>{b('企业诉求', 'My requests')}</Typography.Title>
        <Enterprises part="requests" />
      </Space>
    );
  }
  const tabs = [
    { key: 'board', label: b('项目看板', 'Project board'), children: <Board onOpen={(id) => navigate(`/projects/${id}`)} /> },
    ...(LEADERS.has(user.role) ? [{ key: 'coordination', label: b('堵点与调度会', 'Blockers and coordination'), children: <Coordination /> }] : []),
    { key: 'items', label: b('督办事项', 'Follow-up items'), children: <Items /> },
    { key: 'requests', label: b('企业诉求', 'Enterprise requests'), children: <Enterprises part="requests" /> },
    { key: 'roster', label: b('企业名录', 'Enterprise roster'), children: <Enterprises part="roster" /> },
  ];
  const requested = params.get('tab');
  const active = tabs.some((t) => t.key === requested) ? requested! : 'board';
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ marginBottom: 0 }}>
        {b('重点项目与企业服务', 'Key projects and enterprise service')}
      </Typography.Title>
      <Tabs activeKey={active} destroyOnHidden onChange={(key) => setParams({ tab: key })} items={tabs} />
    </Space>
  );
}

export default function ProjectsPage() {
  return (
    <Routes>
      <Route index element={<Home />} />
      <Route path=":id" element={<ProjectView />} />
      <Route path="*" element={<NotFound />} />
    </Routes>
  );
}
