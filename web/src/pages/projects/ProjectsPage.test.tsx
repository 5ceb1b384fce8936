// @vitest-environment jsdom
// The projects and enterprise-service pages against a fetch double in the API's shapes: the
// board puts each project in its milestone's column, red when overdue; a project shows its
// predicted approval path (or says the history is too thin) and its late items' rungs; the
// coordination meeting decides on its agenda's blocker and late item; the service officer
// answers a request, and an enterprise accepts its answered request and sees its case.
import { describe, expect, it, vi } from 'vitest';
import { pageTests } from '../page-test.js';
import { byTestId, click, typeInto, waitFor } from '../../test-support.js';
import { fakeApi } from '../reform/fake-api.js';
import type { Session } from '../../api/types.js';

vi.mock('./Gantt.js', () => ({
  default: ({ names, paths = [] }: { names: string[]; paths?: Array<{ service: string }> }) => (
    <div data-testid="project-gantt">{[...names, ...paths.map((p) => `预测：${p.service}`)].join('|')}</div>
  ),
}));

const session = (role: string, username: string, departmentId: number | null = null): Session => ({
  user: { id: 7, username, displayName: username, role: role as Session['user']['role'], regionCode: '370883', regionName: '邹城市', departmentId, departmentName: null },
  csrfToken: 'csrf-1',
});
const departments = {
  items: [
    { id: 4, code: 'ZRZY', name: '自然资源和规划局', regionCode: '370883' },
    { id: 2, code: 'ZJJ', name: '住房和城乡建设局', regionCode: '370883' },
  ],
};
const name = (zh: string, en: string) => ({ zh, en });

const card = (id: number, state: 'due' | 'overdue', code = 'land') => ({
  id,
  name: `项目${id}`,
  level: 'provincial',
  investment: 50000,
  investor: '邹城甲制造有限公司',
  current: { code, plannedDate: '2026-03-16', state },
  overdueMilestones: state === 'overdue' ? 1 : 0,
  openBlockers: 1,
  escalatedBlockers: state === 'overdue' ? 1 : 0,
});

const project = {
  id: 5,
  name: '高端装备产业园',
  regionCode: '370883',
  investor: { uscc: '91370883MA3C0000A1', name: '邹城甲制造有限公司' },
  investment: 50000,
  location: '经济开发区',
  industry: '装备制造',
  level: 'provincial',
  leader: '县长',
  agent: { username: 'clerk', name: '代办员 李娜' },
  taskForceLead: '县长',
  startDate: '2026-03-02',
  today: '2026-03-20',
  milestones: [
    { code: 'signing', position: 1, name: name('签约', 'Signing'), plannedDate: '2026-03-02', actualDate: '2026-03-02', state: 'done', approvals: 0 },
    { code: 'construction_permit', position: 5, name: name('施工许可', 'Construction permit'), plannedDate: '2026-05-20', actualDate: null, state: 'due', approvals: 2 },
  ],
  gantt: [],
  predictedPaths: [
    {
      milestoneCode: 'construction_permit',
      applicationId: 31,
      service: '建筑工程施工许可一件事',
      filedOn: '2026-03-16',
      enough: true,
      sample: 8,
      variantCount: 6,
      variants: 2,
      totalWorkdays: 6,
      offsetWorkdays: 10,
      end: '2026-03-24',
      steps: [
        { name: '受理', medianWorkdays: 1, start: '2026-03-16', end: '2026-03-17' },
        { name: '联合审查', medianWorkdays: 4, start: '2026-03-17', end: '2026-03-23' },
        { name: '发证', medianWorkdays: 1, start: '2026-03-23', end: '2026-03-24' },
      ],
    },
    { milestoneCode: 'construction_permit', applicationId: 32, service: '人防工程审批', filedOn: '2026-03-16', enough: false, sample: 2, needed: 5 },
  ],
  members: [{ username: 'officer.zrzy', name: '自然资源局 孙', department: '自然资源和规划局', duty: '' }],
  approvals: [],
  blockers: [
    {
      id: 9,
      title: '土地指标未落实',
      description: '',
      category: '用地',
      department: '自然资源和规划局',
      ownerDepartmentId: 4,
      dueDate: '2026-03-04',
      level: 'coordination',
      status: 'open',
      overdue: false,
      meetingId: 3,
      resolution: '',
    },
  ],
  items: [
    {
      id: 21,
      meetingId: 2,
      blockerId: null,
      text: '住建局容缺受理施工许可',
      department: '住房和城乡建设局',
      ownerDepartmentId: 2,
      dueDate: '2026-03-27',
      status: 'open',
      level: 'task_force',
      overdue: true,
    },
  ],
  meetings: [],
  timeline: [{ at: '2026-03-02T10:00:00+08:00', kind: 'created', text: '高端装备产业园' }],
};

const request = (over: Record<string, unknown> = {}) => ({
  id: 41,
  uscc: '91370883MA3C0000A1',
  enterprise: '邹城甲制造有限公司',
  regionCode: '370883',
  tier: 'A',
  title: '新厂区用电增容',
  description: '需要增容 2000 kVA',
  status: 'submitted',
  officer: '发改局 周',
  filedBy: 'applicant',
  createdAt: '2026-03-16T10:00:00+08:00',
  contactDue: '2026-03-17T17:30:00+08:00',
  answerDue: '2026-03-19T17:30:00+08:00',
  contactedAt: null,
  contactedLate: null,
  answeredAt: null,
  answeredLate: null,
  answer: '',
  closedAt: null,
  escalated: false,
  rung: 'officer',
  caseId: 88,
  overdue: null,
  finished: false,
  ...over,
});

describe('projects and enterprise-service pages', () => {
  const { open } = pageTests();

  it('puts each project in the column of its milestone, red when overdue', async () => {
    fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: session('leader', 'leader') };
      if (c.path === '/api/projects')
        return {
          status: 200,
          body: {
            columns: [
              { code: 'filing', name: name('立项', 'Filing'), projects: [card(1, 'due', 'filing')] },
              { code: 'land', name: name('用地', 'Land'), projects: [card(2, 'overdue')] },
            ],
            done: [],
            today: '2026-03-20',
          },
        };
      return undefined;
    });
    await open('/projects');
    await waitFor(() => expect(byTestId('board-project-2')).toBeTruthy());
    expect(byTestId('board-project-2').textContent).toContain('逾期');
    expect(byTestId('board-project-2').getAttribute('style')).toMatch(/border-color: (#c62828|rgb\(198, 40, 40\))/);
    expect(byTestId('board-project-1').textContent).not.toContain('逾期');
  });

  it('shows a project’s predicted approval path on the Gantt chart, says when the history is too thin, and the rung a late item reached', async () => {
    fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: session('leader', 'leader') };
      if (c.path === '/api/projects/5') return { status: 200, body: project };
      if (c.path === '/api/org/departments') return { status: 200, body: departments };
      return undefined;
    });
    await open('/projects/5');
    await waitFor(() => expect(byTestId('predicted-path-31')).toBeTruthy());
    expect(byTestId('predicted-path-31').textContent).toContain('受理 1 → 联合审查 4 → 发证 1');
    expect(byTestId('predicted-path-31').textContent).toContain('2026-03-24');
    expect(byTestId('predicted-path-31').textContent).toContain('8 件中 6 件走此路径');
    expect(byTestId('predicted-path-32').textContent).toContain('历史不足（2/5 件）');
    // Only the predicted path goes on the chart; the thin one does not.
    expect(byTestId('project-gantt').textContent).toBe('预测：建筑工程施工许可一件事');
    expect(byTestId('project-items').textContent).toContain('专班组长');
  });

  it('holds the coordination meeting with a decision on its blocker and on a late follow-up item', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: session('leader', 'leader') };
      if (c.path === '/api/projects/blockers/escalated') return { status: 200, body: { items: [] } };
      if (c.path === '/api/org/departments') return { status: 200, body: departments };
      if (c.path === '/api/projects/coordination-meetings') {
        return {
          status: 200,
          body: {
            items: [
              {
                id: 3,
                status: 'draft',
                title: '重点项目调度会（2026-03-13 起草）',
                heldOn: null,
                minutes: '',
                agenda: [
                  {
                    id: 9,
                    projectId: 5,
                    project: '高端装备产业园',
                    title: '土地指标未落实',
                    department: '自然资源和规划局',
                    level: 'coordination',
                    dueDate: '2026-03-27',
                    overdue: false,
                    escalatedAt: '2026-03-13T09:00:00+08:00',
                    meetingId: 3,
                  },
                ],
                lateItems: [
                  {
                    id: 21,
                    projectId: 5,
                    project: '高端装备产业园',
                    text: '住建局容缺受理施工许可',
                    department: '住房和城乡建设局',
                    ownerDepartmentId: 2,
                    dueDate: '2026-04-10',
                    level: 'coordination',
                    overdue: false,
                  },
                ],
                decisions: [],
              },
            ],
          },
        };
      }
      if (c.method === 'POST' && c.path === '/api/projects/coordination-meetings/3/hold') return { status: 200, body: { id: 3, items: [30, 21], carriedOver: 0 } };
      return undefined;
    });
    await open('/projects?tab=coordination');
    await waitFor(() => expect(byTestId('agenda-9')).toBeTruthy());
    expect(byTestId('agenda-item-21').textContent).toContain('逾期督办事项「住建局容缺受理施工许可」');
    await typeInto(byTestId<HTMLInputElement>('decision-text-9'), '调剂用地指标');
    const resolves = byTestId('decision-resolves-9');
    await click(resolves.tagName === 'INPUT' ? resolves : resolves.querySelector('input')!);
    await typeInto(byTestId<HTMLInputElement>('decision-text-item-21'), '4 月 30 日前发证');
    await typeInto(byTestId<HTMLTextAreaElement>('coordination-minutes'), '纪要');
    await click(byTestId('coordination-hold'));
    const hold = await waitFor(() => {
      const call = calls.find((c) => c.method === 'POST' && c.path.endsWith('/hold'));
      expect(call).toBeTruthy();
      return call!;
    });
    expect((hold.body as { minutes: string }).minutes).toBe('纪要');
    expect((hold.body as { decisions: unknown }).decisions).toEqual([
      expect.objectContaining({ blockerId: 9, text: '调剂用地指标', resolves: true }),
      expect.objectContaining({ itemId: 21, text: '4 月 30 日前发证', resolves: false }),
    ]);
  });

  it('lets the service officer answer a request from the worklist, showing the rung it climbed to', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: session('department_officer', 'officer.fgj', 6) };
      if (c.path === '/api/enterprise-requests' && c.query.get('view') === 'mine')
        return { status: 200, body: { items: [request({ status: 'contacted', escalated: true, rung: 'department', overdue: 'contact' })] } };
      if (c.method === 'POST' && c.path === '/api/enterprise-requests/41/steps')
        return { status: 200, body: request({ status: 'answered', answer: (c.body as { answer: string }).answer }) };
      return undefined;
    });
    await open('/projects?tab=requests');
    await waitFor(() => expect(byTestId('request-41')).toBeTruthy());
    expect(byTestId('request-41').textContent).toContain('已提级至部门');
    expect(byTestId('request-case-41').textContent).toContain('案件 #88');
    await typeInto(byTestId<HTMLInputElement>('request-answer-text-41'), '已协调供电公司');
    await click(byTestId('request-answer-submit-41'));
    await waitFor(() =>
      expect(
        calls.some(
          (c) =>
            c.method === 'POST' && (c.body as { action?: string; answer?: string } | undefined)?.action === 'answer' && (c.body as { answer: string }).answer === '已协调供电公司',
        ),
      ).toBe(true),
    );
  });

  it('lets an enterprise follow its requests, accept an answered one and rate it', async () => {
    let status = 'answered';
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: session('applicant', 'applicant') };
      if (c.path === '/api/enterprises') return { status: 200, body: { total: 1, items: [{ uscc: '91370883MA3C0000A1', name: '邹城甲制造有限公司', tier: 'A' }] } };
      if (c.path === '/api/enterprise-requests') return { status: 200, body: { items: [request({ status, answer: '已协调供电公司，3 月 25 日送电', answeredLate: false })] } };
      if (c.method === 'POST' && c.path === '/api/enterprise-requests/41/steps') {
        status = 'closed';
        return { status: 200, body: request({ status }) };
      }
      if (c.method === 'POST' && c.path === '/api/ratings') return { status: 201, body: {} };
      return undefined;
    });
    await open('/projects');
    await waitFor(() => expect(byTestId('request-answer-41').textContent).toContain('按时'));
    expect(document.body.textContent).not.toContain('项目看板');
    await click(byTestId('request-close-41'));
    await waitFor(() => expect(byTestId('request-rate-41')).toBeTruthy());
    await click(byTestId('request-rate-41').querySelectorAll('li div[role="radio"]')[4] ?? byTestId('request-rate-41').querySelectorAll('li')[4]);
    await waitFor(() => expect(calls.find((c) => c.path === '/api/ratings')?.body).toMatchObject({ occurrenceKind: 'enterprise_request', occurrenceId: '41', level: 5 }));
  });
});
