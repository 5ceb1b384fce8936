// @vitest-environment jsdom
// The administrator's and the leader's configuration on the cases page, against a fetch double
// in the API's shapes: the responsibility list edited in place (a department row names its
// department; a refused list shows the server's reason, naming the row), the case categories
// with their Open311 attributes (created, deactivated), and rewards and penalties recorded
// against a unit of the month's ranking, listed with who decided.
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { pageTests } from '../page-test.js';
import { buttonByText, click, typeInto, waitFor } from '../../test-support.js';
import { fakeApi } from '../reform/fake-api.js';
import type { Session } from '../../api/types.js';

const session = (role: string, username: string, regionCode = '370883'): Session => ({
  user: { id: 7, username, displayName: username, role: role as Session['user']['role'], regionCode, regionName: '邹城市', departmentId: null, departmentName: null },
  csrfToken: 'csrf-1',
});
const settings = {
  regionCode: '370883',
  whistleMinutes: 30,
  bounceThreshold: 2,
  duplicateMetres: 200,
  duplicateHours: 72,
  smallSample: 5,
  weights: { response: 30, resolution: 35, satisfaction: 35 },
  bbox: null,
};
const regions = {
  items: [
    { code: '370883', name: '邹城市', level: 'county', parentCode: null },
    { code: '370883001', name: '钢山街道', level: 'township', parentCode: '370883' },
    { code: '370883001201', name: '前进社区', level: 'village', parentCode: '370883001' },
  ],
};
const departments = {
  items: [
    { id: 2, code: 'ZJJ', name: '住房和城乡建设局', regionCode: '370883' },
    { id: 3, code: 'SJJ', name: '市场监督管理局', regionCode: '370883' },
  ],
};
const rubbish = {
  code: 'ENV-RUBBISH',
  regionCode: '370883',
  name: { zh: '垃圾堆放', en: 'Rubbish' },
  description: '',
  keywords: '垃圾',
  group: '环境',
  attributes: [],
  active: true,
};
const oldSigns = { code: 'OLD-SIGN', regionCode: '370883', name: { zh: '旧路牌', en: 'Old signs' }, description: '', keywords: '', group: '', attributes: [], active: false };

/** Opens an Ant Design select and picks the option with this text. */
async function pick(select: Element, option: string) {
  await act(async () => {
    select.querySelector('input, .ant-select-selector, .ant-select-content')?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
  });
  const options = () => [...document.querySelectorAll('.ant-select-item-option')].filter((o) => o.textContent === option);
  await waitFor(() => expect(options().length).toBeGreaterThan(0));
  await click(options().at(-1)!);
}
const selectLabelled = (label: string) => document.querySelector(`[aria-label="${label}"]`)!.closest('.ant-select')!;
const bodyText = () => document.body.textContent ?? '';

describe('cases configuration pages', () => {
  const { open } = pageTests();

  it('edits the responsibility list in place and shows the server’s reason when it refuses the list', async () => {
    let refuse = true;
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: session('admin', 'admin') };
      if (c.path === '/api/cases/config')
        return {
          status: 200,
          body: { responsibilities: [{ id: 1, regionCode: '370883001201', categoryCode: 'ENV-RUBBISH', tier: 'village', departmentId: null }], settings, timeLimits: [] },
        };
      if (c.path === '/api/org/regions') return { status: 200, body: regions };
      if (c.path === '/api/org/departments') return { status: 200, body: departments };
      if (c.path === '/api/cases/categories') return { status: 200, body: { items: [rubbish, oldSigns] } };
      if (c.method === 'PUT' && c.path === '/api/cases/responsibilities') {
        if (refuse)
          return {
            status: 422,
            body: {
              error: { code: 'invalid', message: { zh: '第 2 行：未知类别 OLD', en: 'rows[1].categoryCode: unknown category OLD' }, details: { field: 'rows[1].categoryCode' } },
            },
          };
        return { status: 204 };
      }
      return undefined;
    });
    await open('/cases?tab=responsibilities');
    await waitFor(() => expect(bodyText()).toContain('前进社区（370883001201）'));
    expect(buttonByText('保存责任清单').disabled).toBe(true); // nothing changed yet

    // Row 1 goes to a county department: the department picker appears and must be used.
    await pick(selectLabelled('层级 1'), '县级部门');
    await click(buttonByText('保存责任清单'));
    await waitFor(() => expect(bodyText()).toContain('第 1 行：县级部门层级须选择部门'));
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    await pick(selectLabelled('部门 1'), '住房和城乡建设局');
    await click(buttonByText('添加一行'));
    await waitFor(() => expect(document.querySelector('[aria-label="层级 2"]')).not.toBeNull());
    await click(buttonByText('保存责任清单'));
    await waitFor(() => expect(bodyText()).toContain('第 2 行：未知类别 OLD'));
    expect(calls.filter((c) => c.method === 'PUT')[0].body).toEqual({
      rows: [
        { regionCode: '370883001201', categoryCode: 'ENV-RUBBISH', tier: 'department', departmentId: 2 },
        { regionCode: '370883', categoryCode: '*', tier: 'village', departmentId: null },
      ],
    });

    refuse = false;
    await click(document.querySelector('[aria-label="删除第 2"]')!);
    await click(buttonByText('保存责任清单'));
    await waitFor(() => expect(bodyText()).toContain('已保存'));
    expect(calls.filter((c) => c.method === 'PUT')[1].body).toEqual({ rows: [{ regionCode: '370883001201', categoryCode: 'ENV-RUBBISH', tier: 'department', departmentId: 2 }] });
  });

  it('creates a category with a list attribute, deactivates one, and shows a refusal', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: session('admin', 'admin') };
      if (c.method === 'GET' && c.path === '/api/cases/categories') return { status: 200, body: { items: [rubbish, oldSigns] } };
      if (c.method === 'PUT' && c.path === '/api/cases/categories/ROAD-HOLE') return { status: 204 };
      if (c.method === 'PUT' && c.path === '/api/cases/categories/ENV-RUBBISH')
        return { status: 409, body: { error: { code: 'conflict', message: { zh: '类别代码已被占用：ENV-RUBBISH', en: 'in use' } } } };
      return undefined;
    });
    await open('/cases?tab=categories');
    await waitFor(() => expect(bodyText()).toContain('垃圾堆放'));
    const rows = () => [...document.querySelectorAll('tbody tr.ant-table-row')].map((r) => r.textContent ?? '');
    expect(rows().find((r) => r.includes('OLD-SIGN'))).toContain('已停用');

    await click(buttonByText('新建类别'));
    await typeInto(document.querySelector<HTMLInputElement>('input[aria-label="类别代码"]')!, 'ROAD-HOLE');
    await typeInto(document.querySelector<HTMLInputElement>('input[aria-label="中文名称"]')!, '道路坑洼');
    await typeInto(document.querySelector<HTMLInputElement>('input[aria-label="英文名称"]')!, 'Pothole');
    await click(buttonByText('添加属性'));
    await typeInto(document.querySelector<HTMLInputElement>('input[aria-label="属性代码 1"]')!, 'size');
    await typeInto(document.querySelector<HTMLInputElement>('input[aria-label="提问（说明） 1"]')!, '坑洼大小');
    await pick(selectLabelled('数据类型 1'), 'singlevaluelist');
    await click(buttonByText('保存类别'));
    await waitFor(() => expect(bodyText()).toContain('列表类型须填写可选值')); // a list without values is not sent
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    await typeInto(document.querySelector<HTMLTextAreaElement>('textarea[aria-label="可选值 1"]')!, 'big=大于一米\nsmall=小于一米');
    await click(buttonByText('保存类别'));
    await waitFor(() => expect(calls.find((c) => c.method === 'PUT')).toBeTruthy());
    expect(calls.find((c) => c.method === 'PUT')).toMatchObject({
      path: '/api/cases/categories/ROAD-HOLE',
      body: {
        name: { zh: '道路坑洼', en: 'Pothole' },
        description: '',
        keywords: '',
        group: '',
        active: true,
        attributes: [
          {
            code: 'size',
            datatype: 'singlevaluelist',
            required: false,
            description: '坑洼大小',
            order: 1,
            values: [
              { key: 'big', name: '大于一米' },
              { key: 'small', name: '小于一米' },
            ],
          },
        ],
      },
    });

    const rubbishRow = [...document.querySelectorAll('tbody tr.ant-table-row')].find((r) => r.textContent?.includes('ENV-RUBBISH'))!;
    await click([...rubbishRow.querySelectorAll('button')].find((b) => b.textContent === '停用')!);
    await waitFor(() => expect(bodyText()).toContain('类别代码已被占用：ENV-RUBBISH'));
    expect(calls.filter((c) => c.method === 'PUT')[1]).toMatchObject({ path: '/api/cases/categories/ENV-RUBBISH', body: { name: rubbish.name, active: false, attributes: [] } });
  });

  it('records a penalty against a unit of the month’s ranking and lists the decisions with who decided', async () => {
    const unit = (key: string, name: string, rank: number) => ({
      tier: 'department',
      key,
      name,
      rank,
      assigned: 6,
      respondedInTime: 6,
      resolved: 6,
      evaluated: 0,
      satisfied: 0,
      overdue: 0,
      reopened: 0,
      whistles: 1,
      reportInsOnTime: 0,
      reportInsLate: 1,
      responseRate: 1,
      resolutionRate: 1,
      satisfactionRate: null,
      overdueRate: 0,
      reopenedRate: 0,
      punctuality: 0,
      score: 65,
      smallSample: false,
    });
    const rewards: unknown[] = [
      {
        id: 1,
        month: '2026-03',
        unitKind: 'township',
        unitKey: '370883001',
        unitName: '钢山街道',
        kind: 'reward',
        note: '三率第一，通报表扬',
        decidedBy: 'leader',
        decidedAt: '2026-04-02T02:00:00.000Z',
      },
    ];
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: session('leader', 'leader') };
      if (c.path === '/api/cases/rankings')
        return {
          status: 200,
          body: {
            month: '2026-03',
            tier: c.query.get('tier'),
            weights: settings.weights,
            smallSample: 5,
            units: c.query.get('tier') === 'department' ? [unit('2', '住房和城乡建设局', 1), unit('3', '市场监督管理局', 2)] : [],
          },
        };
      if (c.path === '/api/cases/problems') return { status: 200, body: { items: [] } };
      if (c.method === 'GET' && c.path === '/api/cases/rewards') return { status: 200, body: { items: rewards } };
      if (c.method === 'POST' && c.path === '/api/cases/rewards') {
        rewards.push({ id: 2, ...(c.body as object), unitName: '市场监督管理局', decidedBy: 'leader', decidedAt: '2026-04-02T03:00:00.000Z' });
        return { status: 201, body: { id: 2 } };
      }
      return undefined;
    });
    await open('/cases?tab=rankings&month=2026-03');
    await waitFor(() => expect(bodyText()).toContain('三率第一，通报表扬'));
    expect(bodyText()).toContain('奖惩记录');
    await click([...document.querySelectorAll('.ant-segmented-item')].find((i) => i.textContent === '县级部门')!);
    await waitFor(() => expect(bodyText()).toContain('市场监督管理局'));

    await click(buttonByText('记录奖惩'));
    await waitFor(() => expect(bodyText()).toContain('请选择单位并填写事由'));
    await pick(selectLabelled('选择本榜单位'), '2. 市场监督管理局');
    await typeInto(document.querySelector<HTMLInputElement>('input[aria-label="事由及措施"]')!, '吹哨报到迟到，通报批评');
    await click(buttonByText('记录奖惩'));
    await waitFor(() => expect(bodyText()).toContain('吹哨报到迟到，通报批评'));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ month: '2026-03', unitKind: 'department', unitKey: '3', kind: 'penalty', note: '吹哨报到迟到，通报批评' });
    const row = [...document.querySelectorAll('tbody tr.ant-table-row')].find((r) => r.textContent?.includes('吹哨报到迟到'))!;
    expect(row.textContent).toContain('惩戒');
    expect(row.textContent).toContain('leader');
  });
});
