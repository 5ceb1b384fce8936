// A task's due date in its deadline colour, as the worklist API classifies it: green in time,
// amber when due soon, red overdue. The classification is the server's (it owns the calendar).
import { Tag, Tooltip, Typography } from 'antd';
import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/index.js';
import type { DeadlineState, Task } from './api.js';
import { formatInstant } from '../mining/format.js';

export const DEADLINE_COLOURS: Record<DeadlineState, string> = { ok: 'green', 'due-soon': 'gold', overdue: 'red', none: 'default' };

/** The state to show: the server's; for a task answered without one (instance view), only "overdue or not" from its due date. */
export function deadlineOf(task: Pick<Task, 'deadline' | 'dueAt'>, now: Date = new Date()): DeadlineState {
  if (task.deadline) return task.deadline;
  if (!task.dueAt) return 'none';
  return new Date(task.dueAt).getTime() < now.getTime() ? 'overdue' : 'ok';
}

export default function DeadlineTag({ task }: { task: Pick<Task, 'deadline' | 'dueAt' | 'dueProvisional'> }) {
  const { t } = useI18n();
  const state = deadlineOf(task);
  if (state === 'none') return <Typography.Text type="secondary">{t('processes.deadline.none')}</Typography.Text>;
  return (
    <Tooltip title={t(`processes.deadline.${state === 'due-soon' ? 'dueSoon' : state}`)}>
      <Tag color={DEADLINE_COLOURS[state]} icon={state === 'overdue' ? <ExclamationCircleOutlined /> : <ClockCircleOutlined />} data-deadline={state}>
        {formatInstant(task.dueAt)}
      </Tag>
      {task.dueProvisional ? <ProvisionalTag /> : null}
    </Tooltip>
  );
}

/** 暂定: the date was counted on a holiday year without its official arrangement; it is recounted when the year is loaded. */
export function ProvisionalTag() {
  const { t } = useI18n();
  return (
    <Tooltip title={t('ledger.provisionalHint')}>
      <Tag color="orange" data-testid="provisional">
        {t('ledger.provisional')}
      </Tag>
    </Tooltip>
  );
}

/** The 暂定 tag after a date, with its space, when the date is provisional; nothing otherwise. */
export function ProvisionalMark({ when }: { when: boolean | null | undefined }) {
  return when ? (
    <>
      {' '}
      <ProvisionalTag />
    </>
  ) : null;
}

/** A due date, red when overdue, marked 暂定 when provisional. */
export function DueDate({ date, overdue, provisional }: { date: string; overdue?: boolean; provisional?: boolean | null }) {
  return (
    <>
      <Typography.Text type={overdue ? 'danger' : undefined}>{date}</Typography.Text>
      <ProvisionalMark when={provisional} />
    </>
  );
}
