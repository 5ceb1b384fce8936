// Working a task: its form (fields as the process model declares them), checked here and again by
// the server, whose field problems are shown next to the fields; claim first when offered to many.
import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Switch, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { errorText, isApiError } from '../../api/client.js';
import { useAuth } from '../../auth/AuthContext.js';
import { useI18n } from '../../i18n/index.js';
import { engineApi, type FormField, type Task } from './api.js';
import DeadlineTag from './DeadlineTag.js';
import { formatInstant } from '../mining/format.js';
import { usePeople } from '../reform/shared.js';
import { useProcessNames } from './useProcessNames.js';

/** The form's values as the engine expects them: only declared fields, dates as YYYY-MM-DD, empty left out. */
export function formVariables(form: FormField[] | undefined, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of form ?? []) {
    const value = values[field.id];
    if (value === undefined || value === null || value === '') {
      if (field.type === 'boolean' && value === undefined) out[field.id] = false;
      continue;
    }
    if (field.type === 'date') out[field.id] = typeof value === 'string' ? value : (value as Dayjs).format('YYYY-MM-DD');
    else if (field.type === 'number') out[field.id] = Number(value);
    else if (field.type === 'boolean') out[field.id] = Boolean(value);
    else out[field.id] = String(value);
  }
  return out;
}

/** The control for a field; Form.Item hands it value, onChange and id, which go on to the control. */
function FieldInput({ field, ...control }: { field: FormField } & Record<string, unknown>) {
  switch (field.type) {
    case 'number':
      return <InputNumber style={{ width: '100%' }} {...control} />;
    case 'boolean':
      return <Switch {...control} />;
    case 'date':
      return <DatePicker style={{ width: '100%' }} {...control} />;
    case 'enum':
      return <Select options={(field.values ?? []).map((v) => ({ value: v, label: v }))} {...control} />;
    default:
      return <Input {...control} />;
  }
}

export interface TaskDialogProps {
  task: Task | null;
  onClose: () => void;
  /** After the task was claimed or completed. */
  onChanged: (what: 'claimed' | 'completed', task: Task) => void;
}

export default function TaskDialog({ task, onClose, onChanged }: TaskDialogProps) {
  const { lang, t } = useI18n();
  const processName = useProcessNames();
  const { user } = useAuth();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState<'claim' | 'complete' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const person = usePeople([task?.assignee]);

  // A fresh form for another task only: a refreshed or just-claimed copy of the same task
  // must not wipe what the user typed or the messages the form shows.
  const taskId = task?.id;
  useEffect(() => {
    setError(null);
    if (taskId) form.resetFields();
  }, [taskId, form]);

  if (!task) return null;
  const fields = task.form ?? [];
  const heldByOther = !!task.assignee && task.assignee !== user?.username;

  const claim = async () => {
    setBusy('claim');
    setError(null);
    try {
      await engineApi.claim(task.id);
      onChanged('claimed', { ...task, assignee: user?.username });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const complete = async () => {
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy('complete');
    setError(null);
    try {
      await engineApi.complete(task.id, formVariables(fields, values));
      onChanged('completed', task);
    } catch (e) {
      setError(e);
      const problems = isApiError(e) && Array.isArray(e.details) ? (e.details as Array<{ field?: string; message?: string }>) : [];
      const known = new Set(fields.map((f) => f.id));
      form.setFields(problems.filter((p) => p.field && known.has(p.field)).map((p) => ({ name: p.field!, errors: [p.message ?? ''] })));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal
      open
      title={task.name ?? task.elementId}
      onCancel={onClose}
      width={620}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('processes.task.close')}</Button>
          {!task.assignee && (
            <Button onClick={claim} loading={busy === 'claim'} data-testid="task-claim">
              {t('processes.task.claim')}
            </Button>
          )}
          <Button type="primary" onClick={complete} loading={busy === 'complete'} disabled={heldByOther} data-testid="task-complete">
            {t('processes.task.complete')}
          </Button>
        </Space>
      }
    >
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('processes.task.process')}>{processName(task.processId)}</Descriptions.Item>
        <Descriptions.Item label={t('processes.task.created')}>{formatInstant(task.createdAt)}</Descriptions.Item>
        <Descriptions.Item label={t('processes.task.due')}>
          <DeadlineTag task={task} />
        </Descriptions.Item>
        <Descriptions.Item label={t('processes.task.assignee')}>
          {task.assignee ? person(task.assignee) : <Typography.Text type="secondary">{t('processes.task.unclaimed')}</Typography.Text>}
        </Descriptions.Item>
        {task.context && Object.keys(task.context).length > 0 && (
          <Descriptions.Item label={t('processes.task.context')}>
            {Object.entries(task.context).map(([k, v]) => (
              <Tag key={k}>{`${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`}</Tag>
            ))}
          </Descriptions.Item>
        )}
      </Descriptions>
      {heldByOther && <Alert type="info" showIcon title={t('processes.task.heldBy', { user: person(task.assignee) })} style={{ marginBottom: 12 }} />}
      {fields.length ? (
        <Form form={form} layout="vertical" data-testid="task-form">
          {fields.map((field) => (
            <Form.Item
              key={field.id}
              name={field.id}
              label={field.label ?? field.id}
              valuePropName={field.type === 'boolean' ? 'checked' : 'value'}
              rules={field.required && field.type !== 'boolean' ? [{ required: true, message: t('processes.task.required', { field: field.label ?? field.id }) }] : []}
            >
              <FieldInput field={field} />
            </Form.Item>
          ))}
        </Form>
      ) : (
        <Typography.Paragraph type="secondary">{t('processes.task.noForm')}</Typography.Paragraph>
      )}
      {error !== null && <Alert type="error" showIcon title={errorText(error, lang)} data-testid="task-error" />}
    </Modal>
  );
}
