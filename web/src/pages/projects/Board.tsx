// The board by milestone: a column per milestone of the template, each project where it
// stands, overdue in red; offices record a new project here.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Badge, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import { useLoad } from '../../api/useLoad.js';
import { errorText } from '../../api/client.js';
import { useAuth } from '../../auth/AuthContext.js';
import { projectsApi, type BoardProject } from './api.js';
import { LEVELS, useBi } from './bi.js';

function ProjectCard({ p }: { p: BoardProject }) {
  const { b, l } = useBi();
  const overdue = p.current?.state === 'overdue';
  return (
    <Card size="small" style={{ marginBottom: 8, borderColor: overdue ? '#c62828' : undefined }} data-testid={`board-project-${p.id}`}>
      <Link to={`/projects/${p.id}`}>{p.name}</Link>
      <div>
        <Tag>{l(LEVELS[p.level])}</Tag>
        {p.current ? (
          <Typography.Text type={overdue ? 'danger' : 'secondary'} data-overdue={overdue ? 'true' : 'false'}>
            {b('计划', 'Planned')} {p.current.plannedDate}
            {overdue ? ` · ${b('逾期', 'overdue')}` : ''}
          </Typography.Text>
        ) : null}
      </div>
      {p.openBlockers ? (
        <Badge
          color={p.escalatedBlockers ? 'red' : 'orange'}
          text={b(`堵点 ${p.openBlockers}（上报 ${p.escalatedBlockers}）`, `${p.openBlockers} blockers (${p.escalatedBlockers} escalated)`)}
        />
      ) : null}
    </Card>
  );
}

function NewProject({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: number) => void }) {
  const { b, lang } = useBi();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const members = String(v.members ?? '')
        .split(/[,，\s]+/)
        .filter(Boolean)
        .map((username: string) => ({ username }));
      const r = await projectsApi.create({ ...v, startDate: v.startDate.format('YYYY-MM-DD'), members, taskForceLead: v.taskForceLead || undefined });
      onCreated(r.id);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Modal
      open={open}
      title={b('新建重点项目', 'New key project')}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ 'data-testid': 'project-create' } as Record<`data-${string}`, string>}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} style={{ marginBottom: 8 }} /> : null}
      <Form form={form} layout="vertical" initialValues={{ level: 'county' }}>
        <Form.Item name="name" label={b('项目名称', 'Name')} rules={[{ required: true }]}>
          <Input data-testid="project-name" />
        </Form.Item>
        <Form.Item name="investorUscc" label={b('投资企业统一社会信用代码', 'Investor’s credit code')} rules={[{ required: true }]}>
          <Input data-testid="project-investor" />
        </Form.Item>
        <Form.Item name="investment" label={b('总投资（万元）', 'Investment (10k CNY)')} rules={[{ required: true }]}>
          <InputNumber min={0} style={{ width: '100%' }} data-testid="project-investment" />
        </Form.Item>
        <Form.Item name="location" label={b('项目地点', 'Location')} rules={[{ required: true }]}>
          <Input data-testid="project-location" />
        </Form.Item>
        <Form.Item name="industry" label={b('行业', 'Industry')} rules={[{ required: true }]}>
          <Input data-testid="project-industry" />
        </Form.Item>
        <Form.Item name="level" label={b('级别', 'Level')}>
          <Select
            data-testid="project-level"
            options={(['county', 'city', 'provincial'] as const).map((k) => ({ value: k, label: lang === 'en' ? LEVELS[k].en : LEVELS[k].zh }))}
          />
        </Form.Item>
        <Form.Item name="leader" label={b('包保领导（登录名）', 'Leader in charge (user name)')} rules={[{ required: true }]}>
          <Input data-testid="project-leader" />
        </Form.Item>
        <Form.Item name="agent" label={b('代办员（登录名）', 'Agent (user name)')} rules={[{ required: true }]}>
          <Input data-testid="project-agent" />
        </Form.Item>
        <Form.Item name="taskForceLead" label={b('专班组长（登录名）', 'Task-force lead (user name)')}>
          <Input data-testid="project-lead" />
        </Form.Item>
        <Form.Item name="members" label={b('专班成员（登录名，逗号分隔）', 'Task-force members (user names, comma-separated)')}>
          <Input data-testid="project-members" />
        </Form.Item>
        <Form.Item name="startDate" label={b('签约日期', 'Signing date')} rules={[{ required: true }]}>
          <DatePicker data-testid="project-start" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function Board({ onOpen }: { onOpen: (id: number) => void }) {
  const { b, l, lang } = useBi();
  const { user } = useAuth();
  const { data, error } = useLoad(() => projectsApi.board(), []);
  const [creating, setCreating] = useState(false);
  const mayCreate = user && ['admin', 'reform_office', 'leader'].includes(user.role);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {mayCreate ? (
        <Button type="primary" onClick={() => setCreating(true)} data-testid="project-new">
          {b('新建重点项目', 'New key project')}
        </Button>
      ) : null}
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} /> : null}
      <div style={{ display: 'flex', gap: 8, overflowX: 'auto' }} data-testid="project-board">
        {data?.columns.map((c) => (
          <div key={c.code} style={{ minWidth: 200, flex: '0 0 200px' }}>
            <Typography.Text strong>
              {l(c.name)} ({c.projects.length})
            </Typography.Text>
            {c.projects.map((p) => (
              <ProjectCard key={p.id} p={p} />
            ))}
          </div>
        ))}
        <div style={{ minWidth: 200, flex: '0 0 200px' }}>
          <Typography.Text strong>
            {b('已投产', 'In production')} ({data?.done.length ?? 0})
          </Typography.Text>
          {data?.done.map((p) => (
            <ProjectCard key={p.id} p={p} />
          ))}
        </div>
      </div>
      <NewProject
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          onOpen(id);
        }}
      />
    </Space>
  );
}
