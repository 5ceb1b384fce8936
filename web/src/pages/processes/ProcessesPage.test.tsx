// @vitest-environment jsdom
// The process pages against a fetch double answering in the shapes of src/http/routes/engine.ts:
// the worklist in deadline colours, working a task through its form (the client's check and the
// server's), a refused deployment listing its problems, and an instance with its tokens.
import { act } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { Providers, RootBoundary, routes } from '../../App.js';
import { apiError, byTestId, click, installBrowserShims, mockApi, render, typeInto, waitFor, type Rendered } from '../../test-support.js';
import type { ElementCounts, HistoryEvent, Instance, InstanceSummary, Task } from './api.js';
import { countBadges } from './DeploymentView.js';
import { elementBadges } from './InstanceView.js';
import { formVariables } from './TaskDialog.js';

vi.mock('../../components/ProcessDiagram.js', () => ({
  default: ({ badges = [] }: { badges?: Array<{ elementId: string; active?: number; done?: number }> }) => (
    <div data-testid="bpmn">{badges.map((b) => `${b.elementId}:${b.active ?? 0}/${b.done ?? 0}`).join(',')}</div>
  ),
}));

const session = {
  user: { id: 2, username: 'reform', displayName: '改革办 王主任', role: 'reform_office', regionCode: '370883', regionName: '邹城市', departmentId: null, departmentName: null },
  csrfToken: 'csrf-abc',
};
const candidates = { departments: [], roles: ['reform_office'], users: [] };
const task = (id: string, name: string, deadline: Task['deadline'], dueAt?: string, extra: Partial<Task> = {}): Task => ({
  id,
  instanceId: 'f6a1c1e2-0000-4000-8000-000000000001',
  processId: 'permit',
  elementId: id,
  name,
  candidates,
  createdAt: '2025-09-30T02:00:00.000Z',
  ...(dueAt ? { dueAt } : {}),
  deadline,
  ...extra,
});
const intake = task('intake', '受理', 'none', undefined, {
  form: [
    { id: 'applicant', label: '申请单位', type: 'string', required: true },
    { id: 'complete', label: '材料齐全', type: 'boolean', required: true },
  ],
});
const tasks: Task[] = [
  intake,
  task('review', '审查', 'ok', '2025-10-13T02:00:00.000Z'),
  task('sign', '会签', 'overdue', '2025-10-09T02:00:00.000Z'),
  task('decide', '决定', 'due-soon', '2025-10-10T02:00:00.000Z'),
];

async function renderAt(path: string): Promise<Rendered> {
  const router = createMemoryRouter([{ element: <RootBoundary />, children: routes }], { initialEntries: [path] });
  return render(
    <Providers lang="zh-CN">
      <RouterProvider router={router} />
    </Providers>,
  );
}

const rows = () => [...byTestId('worklist').querySelectorAll('tbody tr.ant-table-row')];

describe('process pages', () => {
  let view: Rendered | undefined;
  beforeAll(installBrowserShims);
  afterEach(() => {
    view?.unmount();
    view = undefined;
    localStorage.clear();
    sessionStorage.clear();
    vi.unstubAllGlobals();
  });

  it('lists the worklist overdue first, in red, amber and green as the server classifies the deadlines', async () => {
    const calls = mockApi({
      'GET /api/auth/me': { status: 200, body: session },
      'GET /api/engine/tasks?scope=all': { status: 200, body: tasks },
      'GET /api/engine/tasks?scope=department': { status: 200, body: [] },
    });
    view = await renderAt('/processes');
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(rows().map((r) => r.querySelector('button')?.textContent)).toEqual(['会签', '决定', '审查', '受理']);
    const tag = (i: number) => rows()[i].querySelector('[data-deadline]');
    expect(tag(0)?.getAttribute('data-deadline')).toBe('overdue');
    expect(tag(0)?.className).toContain('ant-tag-red');
    expect(tag(1)?.className).toContain('ant-tag-gold');
    expect(tag(2)?.className).toContain('ant-tag-green');
    expect(tag(2)?.textContent).toBe('2025-10-13 10:00'); // shown in Beijing time
    expect(rows()[3].textContent).toContain('无时限');
    expect(byTestId('worklist-counts').textContent).toBe('已超期 1即将到期 1未到期 1');

    const department = [...document.querySelectorAll('.ant-segmented-item')].find((i) => i.textContent === '本部门')!;
    await click(department.querySelector('input') ?? department);
    await waitFor(() => expect(view!.text()).toContain('没有待办任务'));
    expect(calls.map((c) => c.path)).toContain('/api/engine/tasks?scope=department');
  });

  it('works a task: the form is checked here, the server’s field problems are shown, only the form’s fields are sent', async () => {
    let attempts = 0;
    const calls = mockApi({
      'GET /api/auth/me': { status: 200, body: session },
      'GET /api/engine/tasks?scope=all': () => ({ status: 200, body: attempts > 1 ? tasks.slice(1) : tasks }),
      'POST /api/engine/tasks/intake/complete': () => {
        attempts++;
        if (attempts === 1)
          return apiError(400, 'invalid', '请求不合法：invalid form data: applicant must be a string', 'invalid form data: applicant must be a string', [
            { field: 'applicant', message: 'must be a string' },
          ]);
        return { status: 200, body: { id: 'intake', next: [] } };
      },
    });
    view = await renderAt('/processes');
    await waitFor(() => expect(rows()).toHaveLength(4));
    await click(byTestId('work-intake'));
    await waitFor(() => byTestId('task-form'));
    await click(byTestId('task-complete'));
    await waitFor(() => expect(view!.text()).toContain('请填写申请单位'));
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    await typeInto(document.querySelector<HTMLInputElement>('input#applicant')!, '邹城市某建筑有限公司');
    await click(byTestId('task-complete'));
    await waitFor(() => expect(byTestId('task-error').textContent).toContain('invalid form data'));
    expect(view.text()).toContain('must be a string'); // next to the field
    const sent = calls.find((c) => c.path === '/api/engine/tasks/intake/complete')!;
    expect(sent.body).toEqual({ variables: { applicant: '邹城市某建筑有限公司', complete: false } });
    expect(sent.headers['x-csrf-token']).toBe('csrf-abc');

    await click(byTestId('task-complete'));
    await waitFor(() => expect(view!.text()).toContain('“受理”已办结'));
    await waitFor(() => expect(rows()).toHaveLength(3));
  });

  it('lists every problem of a refused deployment by element id and type', async () => {
    mockApi({
      'GET /api/auth/me': { status: 200, body: session },
      'GET /api/engine/tasks?scope=all': { status: 200, body: [] },
      'GET /api/engine/deployments': {
        status: 200,
        body: [
          { id: 3, regionCode: '370883', processKey: 'permit', version: 2, name: '施工许可', deployedBy: 'reform', deployedAt: '2025-09-30T02:00:00.000Z' },
          { id: 1, regionCode: '370883', processKey: 'permit', version: 1, name: '施工许可', deployedBy: 'reform', deployedAt: '2025-09-29T02:00:00.000Z' },
        ],
      },
      'POST /api/engine/deployments': apiError(422, 'unsupported', '模型使用了不支持的元素：the model is using unsupported elements', 'the model is using unsupported elements', {
        errors: [],
        unsupported: [{ id: 'mail', type: 'bpmn:SendTask' }],
      }),
    });
    view = await renderAt('/processes?tab=deployments');
    await waitFor(() => expect(byTestId('deployments').textContent).toContain('施工许可'));
    expect(byTestId('deployments').querySelectorAll('tbody tr.ant-table-row')).toHaveLength(1); // one process, two versions
    expect(byTestId('deployments').textContent).toContain('v2');
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    Object.defineProperty(input, 'files', { value: [new File(['<definitions/>'], 'bad.bpmn', { type: 'application/xml' })], configurable: true });
    await act(async () => {
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await waitFor(() => expect(byTestId('deploy-refused').textContent).toContain('模型使用了不支持的元素'));
    expect(byTestId('deploy-refused').textContent).toContain('不支持的元素: mail (bpmn:SendTask)');
  });

  it('shows an instance: where it waits now, what was completed, its history; the diagram from the deployed model', async () => {
    const instance: Instance = {
      id: 'f6a1c1e2-0000-4000-8000-000000000001',
      processKey: 'permit',
      deploymentId: 7,
      status: 'active',
      businessKey: 'ZC-2025-001',
      variables: { applicant: '邹城市某建筑有限公司' },
      startedAt: '2025-09-30T02:00:00.000Z',
      endedAt: null,
      tokens: [{ elementId: 'review', count: 1 }],
      tasks: [tasks[1]],
    };
    const at = '2025-09-30T02:00:00.000Z';
    const base = { at, instanceId: instance.id, processId: 'permit' };
    const history: HistoryEvent[] = [
      { id: 1, type: 'process.started', ...base, actor: 'reform' },
      { id: 2, type: 'element.completed', ...base, elementId: 'received', elementName: '收件' },
      { id: 3, type: 'task.completed', ...base, elementId: 'intake', elementName: '受理', actor: 'reform' },
      { id: 4, type: 'element.completed', ...base, elementId: 'intake', elementName: '受理' },
      { id: 5, type: 'element.entered', ...base, elementId: 'review', elementName: '审查' },
    ];
    mockApi({
      'GET /api/auth/me': { status: 200, body: session },
      [`GET /api/engine/instances/${instance.id}`]: { status: 200, body: instance },
      [`GET /api/engine/instances/${instance.id}/history`]: { status: 200, body: history },
      'GET /api/engine/deployments/7/bpmn': { status: 200, body: '<definitions><process id="permit"/></definitions>' },
    });
    view = await renderAt(`/processes/instances/${instance.id}`);
    await waitFor(() => expect(byTestId('tokens').textContent).toContain('审查 × 1'));
    expect(byTestId('instance-status').textContent).toBe('办理中');
    expect(byTestId('instance-history').textContent).toContain('任务办结');
    expect(byTestId('instance-tasks').textContent).toContain('审查');
    // The diagram is the deployed model the server serves.
    await waitFor(() => expect(byTestId('bpmn').textContent).toBe('review:1/0,received:0/1,intake:0/1'));
  });

  it('lists the instances page by page and filters them by status on the server', async () => {
    const summary = (n: number, status: InstanceSummary['status']): InstanceSummary => ({
      id: `inst-${n}`,
      regionCode: '370883',
      deploymentId: 7,
      processKey: 'permit',
      processName: '施工许可',
      version: 2,
      businessKey: `ZC-${n}`,
      status,
      startedBy: 'clerk',
      startedAt: '2025-09-30T10:00:00+08:00',
      endedAt: null,
    });
    const calls = mockApi({
      'GET /api/auth/me': { status: 200, body: session },
      'GET /api/engine/instances?limit=20&offset=0': { status: 200, body: { items: [summary(1, 'active'), summary(2, 'completed')], total: 2, limit: 20, offset: 0 } },
      'GET /api/engine/instances?status=completed&limit=20&offset=0': { status: 200, body: { items: [summary(2, 'completed')], total: 1, limit: 20, offset: 0 } },
    });
    view = await renderAt('/processes?tab=instances');
    const instanceRows = () => [...byTestId('instances').querySelectorAll('tbody tr.ant-table-row')];
    await waitFor(() => expect(instanceRows()).toHaveLength(2));
    expect(instanceRows()[0].textContent).toContain('施工许可 · v2');
    expect(instanceRows()[0].textContent).toContain('办理中');
    expect(instanceRows()[0].querySelector('a')?.getAttribute('href')).toBe('/processes/instances/inst-1');
    expect(view.text()).toContain('共 2 个实例');
    const select = byTestId('instances-status').closest('.ant-select') ?? byTestId('instances-status');
    await act(async () => {
      select.querySelector('input, .ant-select-selector, .ant-select-content')?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    });
    await waitFor(() => expect([...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent)).toContain('已办结'));
    await click([...document.querySelectorAll('.ant-select-item-option')].find((o) => o.textContent === '已办结')!);
    await waitFor(() => expect(instanceRows()).toHaveLength(1));
    expect(calls.map((c) => c.path)).toContain('/api/engine/instances?status=completed&limit=20&offset=0');
  });

  it('shows a deployed version with the tokens at and past each element across its instances', async () => {
    const counts: ElementCounts = {
      deploymentId: 7,
      processKey: 'permit',
      version: 2,
      instances: { active: 3, completed: 5 },
      elements: [
        { elementId: 'intake', active: 1, passed: 7 },
        { elementId: 'review', active: 2, passed: 5 },
        { elementId: 'start', active: 0, passed: 8 },
        { elementId: 'unused', active: 0, passed: 0 },
      ],
    };
    const calls = mockApi({
      'GET /api/auth/me': { status: 200, body: session },
      'GET /api/engine/deployments/7/counts': { status: 200, body: counts },
      'GET /api/engine/deployments/7/bpmn': { status: 200, body: '<definitions><process id="permit"/></definitions>' },
      'GET /api/engine/instances?deploymentId=7&limit=20&offset=0': { status: 200, body: { items: [], total: 0, limit: 20, offset: 0 } },
    });
    view = await renderAt('/processes/deployments/7');
    await waitFor(() => expect(byTestId('bpmn').textContent).toBe('intake:1/7,review:2/5,start:0/8'));
    expect(byTestId('deployment-counts').textContent).toContain('办理中 3');
    expect(byTestId('deployment-counts').textContent).toContain('已办结 5');
    expect(view.text()).toContain('permit · v2');
    await waitFor(() => expect(calls.map((c) => c.path)).toContain('/api/engine/instances?deploymentId=7&limit=20&offset=0'));
    expect(countBadges(counts)).toEqual([
      { elementId: 'intake', active: 1, done: 7 },
      { elementId: 'review', active: 2, done: 5 },
      { elementId: 'start', done: 8 },
    ]);
  });

  it('turns form values into what the engine accepts', () => {
    const form = [
      { id: 'n', type: 'number' as const, required: false },
      { id: 'b', type: 'boolean' as const, required: true },
      { id: 'd', type: 'date' as const, required: false },
      { id: 'e', type: 'enum' as const, required: false, values: ['a'] },
    ];
    expect(formVariables(form, { n: 3, d: { format: () => '2025-10-09' }, e: 'a', extra: 'x' })).toEqual({ n: 3, b: false, d: '2025-10-09', e: 'a' });
    expect(elementBadges({ tokens: [{ elementId: 't', count: 2 }] }, [{ id: 1, type: 'incident.created', at: '', instanceId: 'i', processId: 'p', elementId: 's' }])).toEqual([
      { elementId: 't', active: 2 },
      { elementId: 's', incidents: 1 },
    ]);
  });
});
