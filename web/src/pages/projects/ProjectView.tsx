// One project: its record, the Gantt chart in working days, milestones (actual dates set here),
// approvals filed through the one window with their predicted path, the task force, blockers
// (reported, resolved), task-force meetings, follow-up items and the timeline.
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, InputNumber, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useLoad } from '../../api/useLoad.js';
import { errorText } from '../../api/client.js';
import { useAuth } from '../../auth/AuthContext.js';
import Gantt from './Gantt.js';
import { projectsApi, type PredictedPathView } from './api.js';
import { BLOCKER_LEVEL_TEXT, LEVELS, useBi } from './bi.js';
import { DueDate, ProvisionalMark } from '../processes/DeadlineTag.js';
import RecordError from '../../components/RecordError.js';

export default function ProjectView() {
  const { id } = useParams();
  const projectId = Number(id);
  const { b, l, lang } = useBi();
  const { user } = useAuth();
  const { data: p, error: loadError, reload } = useLoad(() => projectsApi.project(projectId), [projectId]);
  // (owners to pick from; without them, after a failure, the page still shows)
  const departments = useLoad(() => projectsApi.departments(), []).data?.items ?? [];
  // An action's failure shows until one succeeds.
  const [actionError, setActionError] = useState<unknown>(null);
  const error = actionError ?? loadError;
  const act = (fn: () => Promise<unknown>) =>
    fn().then(() => {
      setActionError(null);
      reload();
    }, setActionError);
  const [blockerForm] = Form.useForm();
  const [linkForm] = Form.useForm();
  const [meetingForm] = Form.useForm();
  if (!p) return error ? <RecordError error={error} /> : null;
  const laid = p.predictedPaths.filter((x): x is Extract<PredictedPathView, { enough: true }> => x.enough);
  const depOptions = departments.map((d) => ({ value: d.id, label: d.name }));
  const msOptions = p.milestones.map((m) => ({ value: m.code, label: l(m.name) }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="project-view">
      <Typography.Title level={3} style={{ marginBottom: 0 }}>
        {p.name} <Tag color="blue">{l(LEVELS[p.level])}</Tag>
      </Typography.Title>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} data-testid="project-error" /> : null}
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={b('投资企业', 'Investor')}>{p.investor.name}</Descriptions.Item>
        <Descriptions.Item label={b('总投资（万元）', 'Investment (10k CNY)')}>{p.investment}</Descriptions.Item>
        <Descriptions.Item label={b('地点', 'Location')}>{p.location}</Descriptions.Item>
        <Descriptions.Item label={b('包保领导', 'Leader in charge')}>{p.leader}</Descriptions.Item>
        <Descriptions.Item label={b('代办员', 'Agent')}>{p.agent.name}</Descriptions.Item>
        <Descriptions.Item label={b('专班组长', 'Task-force lead')}>{p.taskForceLead}</Descriptions.Item>
        <Descriptions.Item label={b('专班成员', 'Task force')}>{p.members.map((m) => `${m.name}（${m.department ?? ''}）`).join('、')}</Descriptions.Item>
      </Descriptions>
      <Card size="small" title={b('甘特图（工作日）', 'Gantt chart (working days)')}>
        <Gantt
          bars={p.gantt}
          names={p.gantt.map((g) => l(g.name))}
          legend={[b('计划', 'Planned'), b('实际', 'Actual'), b('预测审批路径', 'Predicted approval path')]}
          paths={laid}
          pathLabel={(x) => `${b('预测', 'Predicted')}：${x.service}`}
        />
        <div data-testid="predicted-paths">
          {p.predictedPaths.map((x) => (
            <Typography.Paragraph key={x.applicationId} style={{ marginBottom: 4 }} data-testid={`predicted-path-${x.applicationId}`}>
              <Typography.Text strong>{x.service}</Typography.Text>
              {x.enough
                ? `：${x.steps.map((s) => `${s.name} ${s.medianWorkdays}`).join(' → ')} ${b('个工作日', 'working days')}，${b('预计', 'expected by')} ${x.end}（${b(`${x.sample} 件中 ${x.variantCount} 件走此路径`, `${x.variantCount} of ${x.sample} took this path`)}）`
                : `：${b(`同类审批历史不足（${x.sample}/${x.needed} 件），暂不预测路径`, `not enough history of this approval (${x.sample} of ${x.needed}): no path predicted yet`)}`}
            </Typography.Paragraph>
          ))}
        </div>
      </Card>
      <Card size="small" title={b('里程碑', 'Milestones')}>
        <Table
          size="small"
          rowKey="code"
          pagination={false}
          dataSource={p.milestones}
          data-testid="project-milestones"
          columns={[
            { title: b('节点', 'Milestone'), render: (_, m) => l(m.name) },
            {
              title: b('计划日期', 'Planned'),
              render: (_, m) => <DueDate date={m.plannedDate} overdue={m.state === 'overdue'} provisional={m.provisional} />,
            },
            {
              title: b('实际日期', 'Actual'),
              render: (_, m) =>
                m.actualDate ? (
                  m.actualDate
                ) : (
                  <DatePicker
                    size="small"
                    onChange={(d) => d && void act(() => projectsApi.milestone(projectId, m.code, { actualDate: d.format('YYYY-MM-DD') }))}
                    data-testid={`milestone-actual-${m.code}`}
                  />
                ),
            },
            { title: b('审批', 'Approvals'), dataIndex: 'approvals' },
          ]}
        />
      </Card>
      <Card size="small" title={b('审批事项（一窗受理）', 'Approvals (one window)')}>
        <Table
          size="small"
          rowKey="applicationId"
          pagination={false}
          dataSource={p.approvals}
          data-testid="project-approvals"
          columns={[
            { title: b('里程碑', 'Milestone'), render: (_, a) => l(p.milestones.find((m) => m.code === a.milestoneCode)?.name ?? { zh: a.milestoneCode, en: a.milestoneCode }) },
            { title: b('事项', 'Service'), dataIndex: 'service' },
            { title: b('受理编号', 'Receipt'), render: (_, a) => a.receiptNo ?? `#${a.applicationId}` },
            { title: b('状态', 'Status'), dataIndex: 'status' },
            { title: b('承诺日期', 'Promised'), dataIndex: 'promisedDate' },
            {
              title: b('预测办结', 'Predicted'),
              render: (_, a) =>
                a.predicted ? (
                  <>
                    {`${a.predicted.date}（${b('中位', 'median')} ${a.predicted.medianWorkdays} ${b('个工作日', 'working days')}）`}
                    <ProvisionalMark when={a.predicted.provisional} />
                  </>
                ) : (
                  b('历史不足', 'not enough history')
                ),
            },
          ]}
        />
        {user?.username === p.agent.username || user?.role === 'admin' ? (
          <Form form={linkForm} layout="inline" style={{ marginTop: 8 }} onFinish={(v) => void act(() => projectsApi.link(projectId, v)).then(() => linkForm.resetFields())}>
            <Form.Item name="milestoneCode" rules={[{ required: true }]}>
              <Select style={{ width: 140 }} options={msOptions} placeholder={b('里程碑', 'Milestone')} data-testid="link-milestone" />
            </Form.Item>
            <Form.Item name="applicationId" rules={[{ required: true }]}>
              <InputNumber min={1} placeholder={b('申请编号', 'Application id')} data-testid="link-application" />
            </Form.Item>
            <Button htmlType="submit" data-testid="link-submit">
              {b('关联审批', 'Link approval')}
            </Button>
          </Form>
        ) : null}
      </Card>
      <Card size="small" title={b('堵点', 'Blockers')}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={p.blockers}
          data-testid="project-blockers"
          columns={[
            { title: b('堵点', 'Blocker'), dataIndex: 'title' },
            { title: b('责任部门', 'Owner'), dataIndex: 'department' },
            {
              title: b('期限', 'Due'),
              render: (_, x) => <DueDate date={x.dueDate} overdue={x.overdue} provisional={x.provisional} />,
            },
            { title: b('层级', 'Rung'), render: (_, x) => <Tag color={x.level === 'department' ? undefined : 'red'}>{l(BLOCKER_LEVEL_TEXT[x.level])}</Tag> },
            {
              title: b('状态', 'Status'),
              render: (_, x) =>
                x.status === 'resolved' ? (
                  <Tag color="green">{b('已销号', 'Resolved')}</Tag>
                ) : (
                  <Button
                    size="small"
                    onClick={() => {
                      const r = window.prompt(b('解决情况', 'Resolution'));
                      if (r) void act(() => projectsApi.resolve(x.id, r));
                    }}
                  >
                    {b('销号', 'Resolve')}
                  </Button>
                ),
            },
          ]}
        />
        <Form
          form={blockerForm}
          layout="inline"
          style={{ marginTop: 8 }}
          onFinish={(v) =>
            void act(() =>
              projectsApi.blocker(projectId, { title: v.title, ownerDepartmentId: v.ownerDepartmentId ?? null, dueDate: v.dueDate.format('YYYY-MM-DD'), category: v.category }),
            ).then(() => blockerForm.resetFields())
          }
        >
          <Form.Item name="title" rules={[{ required: true }]}>
            <Input placeholder={b('堵点', 'Blocker')} data-testid="blocker-title" />
          </Form.Item>
          <Form.Item name="category">
            <Input placeholder={b('类别（如 用地）', 'Category (e.g. land)')} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="ownerDepartmentId">
            <Select style={{ width: 200 }} options={depOptions} placeholder={b('责任部门', 'Owner department')} showSearch optionFilterProp="label" data-testid="blocker-owner" />
          </Form.Item>
          <Form.Item name="dueDate" rules={[{ required: true }]}>
            <DatePicker data-testid="blocker-due" />
          </Form.Item>
          <Button htmlType="submit" data-testid="blocker-submit">
            {b('上报堵点', 'Report blocker')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={b('专班会议与督办事项', 'Task-force meetings and follow-up items')}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={p.items}
          data-testid="project-items"
          columns={[
            { title: b('事项', 'Item'), dataIndex: 'text' },
            { title: b('责任部门', 'Owner'), dataIndex: 'department' },
            {
              title: b('期限', 'Due'),
              render: (_, i) => <DueDate date={i.dueDate} overdue={i.overdue} provisional={i.provisional} />,
            },
            { title: b('层级', 'Rung'), render: (_, i) => <Tag color={i.level === 'department' ? undefined : 'red'}>{l(BLOCKER_LEVEL_TEXT[i.level])}</Tag> },
            { title: b('状态', 'Status'), render: (_, i) => (i.status === 'done' ? b('已办结', 'Done') : b('办理中', 'Open')) },
          ]}
        />
        <Form
          form={meetingForm}
          layout="vertical"
          style={{ marginTop: 8 }}
          onFinish={(v) =>
            void act(() =>
              projectsApi.meeting(projectId, {
                title: v.title,
                heldOn: v.heldOn.format('YYYY-MM-DD'),
                minutes: v.minutes,
                decisions: v.decision ? [{ text: v.decision, ownerDepartmentId: v.ownerDepartmentId, dueDate: v.dueDate?.format('YYYY-MM-DD') ?? '' }] : [],
              }),
            ).then(() => meetingForm.resetFields())
          }
        >
          <Space wrap>
            <Form.Item name="title" rules={[{ required: true }]}>
              <Input placeholder={b('会议名称', 'Meeting')} />
            </Form.Item>
            <Form.Item name="heldOn" rules={[{ required: true }]} initialValue={dayjs(p.today)}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="minutes" rules={[{ required: true }]}>
            <Input.TextArea placeholder={b('会议纪要', 'Minutes')} rows={2} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="decision">
              <Input placeholder={b('决定事项', 'Decision')} />
            </Form.Item>
            <Form.Item name="ownerDepartmentId">
              <Select style={{ width: 200 }} options={depOptions} placeholder={b('责任部门', 'Owner department')} showSearch optionFilterProp="label" />
            </Form.Item>
            <Form.Item name="dueDate">
              <DatePicker placeholder={b('期限', 'Due')} />
            </Form.Item>
            <Button htmlType="submit">{b('记录专班会议', 'Record the meeting')}</Button>
          </Space>
        </Form>
      </Card>
      <Card size="small" title={b('项目时间线', 'Timeline')}>
        <Timeline
          data-testid="project-timeline"
          items={p.timeline.map((e) => ({
            children: `${e.at.slice(0, 10)} ${e.text}`,
            color: e.kind.startsWith('blocker.escalate') ? 'red' : e.kind === 'milestone' ? 'green' : 'blue',
          }))}
        />
      </Card>
    </Space>
  );
}
