// The worklist: open tasks assigned to the caller or offered to them, their department or their
// role, with the deadline colour; claim, work (form) and open the instance.
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { App as AntApp, Alert, Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { errorText } from '../../api/client.js';
import { useLoad } from '../../api/useLoad.js';
import { MESSAGES, useI18n, type MessageKey } from '../../i18n/index.js';
import { engineApi, type Task, type WorklistScope } from './api.js';
import DeadlineTag, { deadlineOf } from './DeadlineTag.js';
import TaskDialog from './TaskDialog.js';
import { formatInstant } from '../mining/format.js';
import MoveTask from './MoveTask.js';
import { useDepartments, usePeople } from '../reform/shared.js';
import StuckDepartments from './StuckDepartments.js';
import { useProcessNames } from './useProcessNames.js';
import { useAuth } from '../../auth/AuthContext.js';
import { mayUse } from '../../../../src/org/access-rules.js';

const SCOPES: WorklistScope[] = ['all', 'mine', 'department', 'role'];
const ORDER = { overdue: 0, 'due-soon': 1, ok: 2, none: 3 } as const;
const REFRESH_MS = 20_000;

export default function Worklist() {
  const { lang, t } = useI18n();
  const { message } = AntApp.useApp();
  const { user } = useAuth();
  const mayMove = !!user && mayUse('offices', user.role);
  const { name: departmentName } = useDepartments();
  const processName = useProcessNames();
  const [scope, setScope] = useState<WorklistScope>('all');
  const [open, setOpen] = useState<Task | null>(null);
  const {
    data: tasks,
    error,
    reload,
  } = useLoad(
    (signal) =>
      engineApi
        .tasks(scope, signal)
        .then((list) =>
          [...list].sort((a, b) => ORDER[deadlineOf(a)] - ORDER[deadlineOf(b)] || (a.dueAt ?? '').localeCompare(b.dueAt ?? '') || a.createdAt.localeCompare(b.createdAt)),
        ),
    [scope],
  );
  const person = usePeople((tasks ?? []).flatMap((task) => [task.assignee, task.delegatedFrom, ...task.candidates.users]));

  // New tasks arrive as others work: refresh now and then while the list is open.
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  const counts = (tasks ?? []).reduce<Record<string, number>>((acc, task) => ({ ...acc, [deadlineOf(task)]: (acc[deadlineOf(task)] ?? 0) + 1 }), {});

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented
          value={scope}
          onChange={(v) => setScope(v as WorklistScope)}
          options={SCOPES.map((s) => ({ value: s, label: t(`processes.scope.${s}`) }))}
          data-testid="worklist-scope"
        />
        <Button icon={<ReloadOutlined />} onClick={reload}>
          {t('processes.refresh')}
        </Button>
        {tasks && (
          <Space size={4} data-testid="worklist-counts">
            <Tag color="red">{`${t('processes.deadline.overdue')} ${counts.overdue ?? 0}`}</Tag>
            <Tag color="gold">{`${t('processes.deadline.dueSoon')} ${counts['due-soon'] ?? 0}`}</Tag>
            <Tag color="green">{`${t('processes.deadline.ok')} ${counts.ok ?? 0}`}</Tag>
          </Space>
        )}
      </Space>
      {user && mayUse('tasks.supervise', user.role) ? <StuckDepartments /> : null}
      {error !== null && <Alert type="error" showIcon title={errorText(error, lang)} action={<Button onClick={reload}>{t('common.retry')}</Button>} />}
      <Table<Task>
        size="middle"
        rowKey="id"
        loading={tasks === null && error === null}
        dataSource={tasks ?? []}
        data-testid="worklist"
        locale={{ emptyText: t('processes.worklist.empty') }}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        rowClassName={(task) => `deadline-${deadlineOf(task)}`}
        columns={[
          {
            title: t('processes.task.name'),
            key: 'name',
            render: (_: unknown, task) => (
              <Space size={4}>
                <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(task)} data-testid={`work-${task.elementId}`}>
                  {task.name ?? task.elementId}
                </Button>
                {task.delegatedFrom ? <Tag color="purple">{t('processes.task.delegatedFrom', { user: person(task.delegatedFrom) })}</Tag> : null}
              </Space>
            ),
          },
          { title: t('processes.task.process'), dataIndex: 'processId', render: (key: string) => processName(key) },
          {
            title: t('processes.task.instance'),
            dataIndex: 'instanceId',
            render: (id: string) => (
              <Link to={`/processes/instances/${encodeURIComponent(id)}`}>
                <Typography.Text code>{id.slice(0, 8)}</Typography.Text>
              </Link>
            ),
          },
          { title: t('processes.task.created'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
          { title: t('processes.task.due'), key: 'due', render: (_: unknown, task) => <DeadlineTag task={task} /> },
          {
            title: t('processes.task.assignee'),
            dataIndex: 'assignee',
            render: (v: string | undefined, task) =>
              v ? (
                person(v)
              ) : (
                <Typography.Text type="secondary">
                  {[
                    ...task.candidates.departments.map(departmentName),
                    ...task.candidates.roles.map((r) => (`role.${r}` in MESSAGES['zh-CN'] ? t(`role.${r}` as MessageKey) : r)),
                    ...task.candidates.users.map(person),
                  ].join('、') || t('processes.task.unclaimed')}
                </Typography.Text>
              ),
          },
          ...(mayMove ? [{ title: '', key: 'move', render: (_: unknown, task: Task) => <MoveTask task={task} onMoved={reload} /> }] : []),
        ]}
      />
      <TaskDialog
        task={open}
        onClose={() => setOpen(null)}
        onChanged={(what, task) => {
          if (what === 'completed') {
            message.success(t('processes.task.completed', { name: task.name ?? task.elementId }));
            setOpen(null);
          } else {
            message.success(t('processes.task.claimed'));
            setOpen(task);
          }
          reload();
        }}
      />
    </Space>
  );
}
