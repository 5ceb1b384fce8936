// The leader's list of escalated blockers and the county's coordination meeting (调度会): the
// draft agenda drafted from the blockers that reached it, held with one decision per blocker
// (owner, deadline, and whether it closes the blocker), and the late follow-up items that climbed
// to it (each decided the same way); held meetings with their decisions.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Button, Card, Checkbox, DatePicker, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useLoad } from '../../api/useLoad.js';
import { errorText } from '../../api/client.js';
import { projectsApi } from './api.js';
import { BLOCKER_LEVEL_TEXT, useBi } from './bi.js';

interface Draft {
  text: string;
  ownerDepartmentId?: number;
  dueDate?: Dayjs;
  resolves: boolean;
}

export default function Coordination() {
  const { b, l, lang } = useBi();
  const {
    data,
    error: loadError,
    reload: load,
  } = useLoad(() => Promise.all([projectsApi.escalated(), projectsApi.coordination()]).then(([e, m]) => ({ escalated: e.items, meetings: m.items })), []);
  const escalated = data?.escalated ?? [];
  const meetings = data?.meetings ?? [];
  // (owners to pick from; without them, after a failure, the page still shows)
  const departments = useLoad(() => projectsApi.departments(), []).data?.items ?? [];
  // Keys: `b<id>` a blocker on the agenda, `i<id>` a late follow-up item.
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [minutes, setMinutes] = useState('');
  const [actionError, setError] = useState<unknown>(null);
  const error = actionError ?? loadError;
  const draft = meetings.find((m) => m.status === 'draft');
  const set = (id: string, patch: Partial<Draft>) => setDrafts((d) => ({ ...d, [id]: { ...(d[id] ?? { text: '', resolves: false }), ...patch } }));
  const hold = async () => {
    if (!draft) return;
    setError(null);
    try {
      const decisions = Object.entries(drafts)
        .filter(([, d]) => d.text.trim())
        .map(([key, d]) => ({
          ...(key.startsWith('i') ? { itemId: Number(key.slice(1)) } : { blockerId: Number(key.slice(1)) }),
          text: d.text,
          ownerDepartmentId: d.ownerDepartmentId as number,
          dueDate: d.dueDate?.format('YYYY-MM-DD') ?? '',
          resolves: d.resolves,
        }));
      await projectsApi.hold(draft.id, { heldOn: dayjs().format('YYYY-MM-DD'), minutes, decisions });
      setDrafts({});
      setMinutes('');
      load();
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
        {!draft || draft.agenda.length + (draft.lateItems?.length ?? 0) === 0 ? (
          <Empty description={b('暂无需要调度的堵点', 'Nothing on the agenda')} />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>{b('议程（由上报到调度会的堵点生成）', 'Agenda (drafted from the blockers that reached the meeting)')}</Typography.Text>
            {[
              ...draft.agenda.map((x) => ({
                key: `b${x.id}`,
                testId: `${x.id}`,
                text: `${x.project}：${x.title}（${x.department}）`,
                closes: b('决定后销号', 'Closes the blocker'),
              })),
              ...(draft.lateItems ?? []).map((x) => ({
                key: `i${x.id}`,
                testId: `item-${x.id}`,
                text: `${x.project}：${b('逾期督办事项', 'late follow-up item')}「${x.text}」（${x.department}，${b('原期限', 'was due')} ${x.dueDate}）`,
                closes: b('决定后办结', 'Closes the item'),
              })),
            ].map((x, i) => (
              <Card key={x.key} size="small" data-testid={`agenda-${x.testId}`}>
                <Typography.Text>
                  {i + 1}. {x.text}
                </Typography.Text>
                <Space wrap style={{ marginTop: 8 }}>
                  <Input
                    placeholder={b('会议决定', 'Decision')}
                    value={drafts[x.key]?.text ?? ''}
                    onChange={(e) => set(x.key, { text: e.target.value })}
                    style={{ width: 280 }}
                    data-testid={`decision-text-${x.testId}`}
                  />
                  <Select
                    style={{ width: 200 }}
                    options={departments.map((d) => ({ value: d.id, label: d.name }))}
                    placeholder={b('责任部门', 'Owner department')}
                    showSearch
                    optionFilterProp="label"
                    value={drafts[x.key]?.ownerDepartmentId}
                    onChange={(v) => set(x.key, { ownerDepartmentId: v })}
                    data-testid={`decision-owner-${x.testId}`}
                  />
                  <DatePicker value={drafts[x.key]?.dueDate} onChange={(d) => set(x.key, { dueDate: d ?? undefined })} data-testid={`decision-due-${x.testId}`} />
                  <Checkbox checked={drafts[x.key]?.resolves ?? false} onChange={(e) => set(x.key, { resolves: e.target.checked })} data-testid={`decision-resolves-${x.testId}`}>
                    {x.closes}
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
