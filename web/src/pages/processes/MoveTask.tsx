// 转办 and 退回 of one task: to another officer or a department (with a reason), or back to the
// officer of the previous step. The server decides who may; its refusal is shown as it says.
import { useState } from 'react';
import { App as AntApp, Button, Form, Input, Modal, Radio, Space } from 'antd';
import { errorText } from '../../api/client.js';
import { taskApi } from '../../api/tasks.js';
import { useI18n } from '../../i18n/index.js';
import { useBi } from '../org/bi.js';
import type { Task } from './api.js';

interface Fields {
  mode: 'user' | 'department' | 'return';
  target?: string;
  reason: string;
}

export default function MoveTask({ task, onMoved }: { task: Task; onMoved: () => void }) {
  const { lang } = useI18n();
  const b = useBi();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Fields>();
  const mode = Form.useWatch('mode', form);

  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (v.mode === 'return') {
        const r = await taskApi.giveBack(task.id, v.reason.trim());
        message.success(b(`已退回给 ${r.returnedTo}`, `Returned to ${r.returnedTo}`));
      } else {
        await taskApi.reassign(task.id, { ...(v.mode === 'user' ? { username: v.target!.trim() } : { departmentCode: v.target!.trim() }), reason: v.reason.trim() });
        message.success(b('已转办', 'Reassigned'));
      }
      setOpen(false);
      form.resetFields();
      onMoved();
    } catch (e) {
      message.error(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        size="small"
        onClick={() => {
          form.setFieldsValue({ mode: 'user', reason: '' });
          setOpen(true);
        }}
        data-testid={`move-${task.elementId}`}
      >
        {b('转办/退回', 'Reassign / return')}
      </Button>
      <Modal
        open={open}
        title={b(`转办或退回：${task.name ?? task.elementId}`, `Reassign or return: ${task.name ?? task.elementId}`)}
        onOk={submit}
        confirmLoading={busy}
        onCancel={() => setOpen(false)}
        okText={b('确定', 'OK')}
        forceRender
      >
        <Form form={form} layout="vertical" data-testid="move-task-form">
          <Form.Item name="mode">
            <Radio.Group>
              <Space orientation="vertical">
                <Radio value="user">{b('转办给工作人员（登录名）', 'Reassign to an officer (user name)')}</Radio>
                <Radio value="department">{b('转办给部门（部门代码）', 'Reassign to a department (code)')}</Radio>
                <Radio value="return" data-testid="move-return">
                  {b('退回上一环节的办理人', 'Return to the officer of the previous step')}
                </Radio>
              </Space>
            </Radio.Group>
          </Form.Item>
          {mode !== 'return' ? (
            <Form.Item
              name="target"
              label={mode === 'department' ? b('部门代码', 'Department code') : b('登录名', 'User name')}
              rules={[{ required: true, message: b('请填写', 'Required') }]}
            >
              <Input data-testid="move-target" />
            </Form.Item>
          ) : null}
          <Form.Item
            name="reason"
            label={b('理由', 'Reason')}
            rules={[{ required: true, max: 500, message: b('请填写理由（最多 500 字）', 'Give a reason (at most 500 characters)') }]}
          >
            <Input.TextArea rows={3} data-testid="move-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
