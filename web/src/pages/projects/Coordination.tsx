// The leader's list of escalated blockers and the county's coordination meeting (调度会): the
// draft agenda drafted from the blockers that reached it, held with one decision per blocker
// (owner, deadline, and whether it closes the blocker); held meetings with their decisions.
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Checkbox, DatePicker, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { errorText } from '../../api/client.js';
import { projectsApi, type EscalatedBlocker, type Meeting } from './api.js';
import { BLOCKER_LEVEL_TEXT, useBi } from './bi.js';

interface Draft {
  text: string;
  ownerDepartmentId?: number;
  dueDate?: Dayjs;
  resolves: boolean;
}

export default function Coordination() {
  const { b, l, lang } = useBi();
  const [escalated, setEscalated] = useState<EscalatedBlocker[]>([]);
  const [meetings, setMeetings] = useState<Meeting[]>([]);
  const [departments, setDepartments] = useState<Array<{ id: number; name: string }>>([]);
  const [drafts, setDrafts] = useState<Record<number, Draft>>({});
  const [minutes, setMinutes] = useState('');
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => Promise.all([projectsApi.escalated(), projectsApi.coordination()]).then(([e, m]) => { setEscalated(e.items); setMeetings(m.items); }, setError), []);
  useEffect(() => {
    void load();
    void projectsApi.departments().then((r) => setDepartments(r.items), () => {});
  }, [load]);
  const draft = meetings.find((m) => m.status === 'draft');
  const set = (id: number, patch: Partial<Draft>) => setDrafts((d) => ({ ...d, [id]: { ...(d[id] ?? { text: '', resolves: false }), ...patch } }));
  const hold = async () => {
    if (!draft) return;
    setError(null);
    try {
      const decisions = Object.entries(drafts)
        .filter(([, d]) => d.text.trim())
        .map(([id, d]) => ({ blockerId: Number(id), text: d.text, ownerDepartmentId: d.ownerDepartmentId as number, dueDate: d.dueDate?.format('YYYY-MM-DD') ?? '', resolves: d.resolves }));
      await projectsApi.hold(draft.id, { heldOn: dayjs().format('YYYY-MM-DD'), minutes, decisions });
      setDrafts({});
      setMinutes('');
      await load();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {error ? <Alert type="error" showIcon title={errorText(error, lang)} data-testid="coordination-error" /> : null}
      <Card size="small" title={b('上报的堵点', 'Escalated blockers')}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={escalated}
          data-testid="escalated-blockers"
          columns={[
            { title: b('项目', 'Project'), render: (_, x) => <Link to={`/projects/${x.projectId}`}>{x.project}</Link> },
            { title: b('堵点', 'Blocker'), dataIndex: 'title' },
            { title: b('责任部门', 'Owner'), dataIndex: 'department' },
            { title: b('层级', 'Rung'), render: (_, x) => <Tag color="red">{l(BLOCKER_LEVEL_TEXT[x.level])}</Tag> },
            { title: b('期限', 'Due'), render: (_, x) => <Typography.Text type={x.overdue ? 'danger' : undefined}>{x.dueDate}</Typography.Text> },
          ]}
        />
      </Card>
      <Card size="small" title={draft ? draft.title : b('调度会', 'Coordination meeting')} data-testid="coordination-draft">
        {!draft || draft.agenda.length === 0 ? (
          <Empty description={b('暂无需要调度的堵点', 'Nothing on the agenda')} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>{b('议程（由上报到调度会的堵点生成）', 'Agenda (drafted from the blockers that reached the meeting)')}</Typography.Text>
            {draft.agenda.map((x, i) => (
              <Card key={x.id} size="small" data-testid={`agenda-${x.id}`}>
                <Typography.Text>
                  {i + 1}. {x.project}：{x.title}（{x.department}）
                </Typography.Text>
                <Space wrap style={{ marginTop: 8 }}>
                  <Input placeholder={b('会议决定', 'Decision')} value={drafts[x.id]?.text ?? ''} onChange={(e) => set(x.id, { text: e.target.value })} style={{ width: 280 }} data-testid={`decision-text-${x.id}`} />
                  <Select style={{ width: 200 }} options={departments.map((d) => ({ value: d.id, label: d.name }))} placeholder={b('责任部门', 'Owner department')} showSearch optionFilterProp="label" value={drafts[x.id]?.ownerDepartmentId} onChange={(v) => set(x.id, { ownerDepartmentId: v })} data-testid={`decision-owner-${x.id}`} />
                  <DatePicker value={drafts[x.id]?.dueDate} onChange={(d) => set(x.id, { dueDate: d ?? undefined })} data-testid={`decision-due-${x.id}`} />
                  <Checkbox checked={drafts[x.id]?.resolves ?? false} onChange={(e) => set(x.id, { resolves: e.target.checked })} data-testid={`decision-resolves-${x.id}`}>
                    {b('决定后销号', 'Closes the blocker')}
                  </Checkbox>
                </Space>
              </Card>
            ))}
            <Input.TextArea rows={3} placeholder={b('会议纪要', 'Minutes')} value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="coordination-minutes" />
            <Button type="primary" onClick={() => void hold()} data-testid="coordination-hold">
              {b('召开并形成决定', 'Hold the meeting and record its decisions')}
            </Button>
          </Space>
        )}
      </Card>
      {meetings
        .filter((m) => m.status === 'held')
        .map((m) => (
          <Card key={m.id} size="small" title={`${m.title}（${m.heldOn}）`}>
            <Typography.Paragraph>{m.minutes}</Typography.Paragraph>
            {m.decisions.map((d) => (
              <div key={d.id}>
                · {d.text}（{d.department}，{b('期限', 'due')} {d.dueDate}）
              </div>
            ))}
          </Card>
        ))}
    </Space>
  );
}
