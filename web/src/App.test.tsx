// @vitest-environment jsdom
// The web shell against a fetch double that answers exactly like the API contract.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { Providers, RootBoundary, routes } from './App.js';
import type { Role, Session } from './api/types.js';
import { apiError, buttonByText, byTestId, click, installBrowserShims, mockApi, render, typeInto, waitFor, type Handler, type Rendered } from './test-support.js';

// ECharts needs a canvas, which jsdom does not have; the chart's data is what matters here.
vi.mock('./components/BarChart.js', () => ({
  default: ({ categories, values }: { categories: string[]; values: number[] }) => (
    <ol data-testid="chart">
      {categories.map((c, i) => (
        <li key={c}>{`${c}=${values[i]}`}</li>
      ))}
    </ol>
  ),
}));

const sessionOf = (role: Role, username = 'reform', displayName = '改革办 王主任'): Session => ({
  user: { id: 2, username, displayName, role, regionCode: '370883', regionName: '邹城市', departmentId: null, departmentName: null },
  csrfToken: 'csrf-abc',
});

const dashboard = {
  region: { code: '370883', name: '邹城市' },
  counts: { regions: 10, departments: 17, users: 10, auditRows: 3, matters: 5, newThing: 7, hidden: null },
  byDepartment: [
    { name: '市场监督管理局', matters: 2 },
    { name: '住房和城乡建设局', matters: 3 },
  ],
};

async function renderApp(path: string): Promise<Rendered> {
  const router = createMemoryRouter([{ element: <RootBoundary />, children: routes }], { initialEntries: [path] });
  return render(
    <Providers>
      <RouterProvider router={router} />
    </Providers>,
  );
}

function input(name: string): HTMLInputElement {
  const element = document.querySelector<HTMLInputElement>(`input#${name}`);
  if (!element) throw new Error(`no input #${name}`);
  return element;
}

describe('web shell', () => {
  let view: Rendered | undefined;
  beforeAll(installBrowserShims);
  afterEach(() => {
    view?.unmount();
    view = undefined;
    localStorage.clear();
    vi.unstubAllGlobals();
  });

  it('sends a visitor without a session to sign-in, shows the API message, then the dashboard', async () => {
    let signedIn = false;
    const login: Handler = (call) => {
      const { username, password } = call.body as { username: string; password: string };
      if (username === 'reform' && password === 'right') {
        signedIn = true;
        return { status: 200, body: sessionOf('reform_office') };
      }
      return apiError(401, 'invalid_credentials', '用户名或密码错误', 'wrong username or password');
    };
    const calls = mockApi({
      'GET /api/auth/me': () => (signedIn ? { status: 200, body: sessionOf('reform_office') } : apiError(401, 'unauthorized', '未登录', 'not signed in')),
      'POST /api/auth/login': login,
      'GET /api/dashboard': () => (signedIn ? { status: 200, body: dashboard } : apiError(401, 'unauthorized', '未登录', 'not signed in')),
      'POST /api/auth/logout': () => {
        signedIn = false;
        return { status: 204 };
      },
    });
    view = await renderApp('/');
    await waitFor(() => expect(byTestId('sign-in').textContent).toBe('登录'));

    await typeInto(input('username'), 'reform');
    await typeInto(input('password'), 'wrong');
    await click(byTestId('sign-in'));
    await waitFor(() => expect(byTestId('signin-error').textContent).toContain('用户名或密码错误'));
    expect(byTestId('signin-error').textContent).toContain('登录失败');

    // The message follows the language switch.
    await click(byTestId('lang-switch'));
    await waitFor(() => expect(byTestId('signin-error').textContent).toContain('wrong username or password'));
    await click(byTestId('lang-switch'));

    await typeInto(input('password'), 'right');
    await click(byTestId('sign-in'));
    await waitFor(() => expect(view!.text()).toContain('您好，改革办 王主任'));
    expect(byTestId('current-user').textContent).toContain('改革办');
    expect(byTestId('current-user').textContent).toContain('邹城市');

    await waitFor(() => expect(byTestId('dashboard-counts').textContent).toContain('部门17'));
    const cards = byTestId('dashboard-counts').textContent ?? '';
    expect(cards).toContain('行政区划10');
    expect(cards).toContain('审计记录3');
    expect(cards).toContain('事项5');
    expect(cards).toContain('newThing7'); // a figure the shell has no label for yet is still shown
    expect(cards).not.toContain('hidden'); // a figure withheld from this role (null) is not
    // The chart shows matters by department, the largest first.
    await waitFor(() => expect(byTestId('chart').textContent).toBe('住房和城乡建设局=3市场监督管理局=2'));

    // Sign-out sends the CSRF token and returns to sign-in.
    await click(byTestId('sign-out'));
    await waitFor(() => expect(byTestId('sign-in')).toBeTruthy());
    const logout = calls.find((c) => c.path === '/api/auth/logout');
    expect(logout?.method).toBe('POST');
    expect(logout?.headers['x-csrf-token']).toBe('csrf-abc');
  });

  it('shows the lock-out message', async () => {
    mockApi({
      'GET /api/auth/me': apiError(401, 'unauthorized', '未登录', 'not signed in'),
      'POST /api/auth/login': apiError(423, 'locked', '失败次数过多，账户已锁定15分钟', 'too many failures, account locked for 15 minutes'),
    });
    view = await renderApp('/login');
    await waitFor(() => byTestId('sign-in'));
    await typeInto(input('username'), 'reform');
    await typeInto(input('password'), 'whatever');
    await click(byTestId('sign-in'));
    await waitFor(() => expect(byTestId('signin-error').textContent).toContain('账户已暂时锁定'));
    expect(byTestId('signin-error').textContent).toContain('失败次数过多，账户已锁定15分钟');
  });

  it('puts field problems from a validation error next to the field', async () => {
    mockApi({
      'GET /api/auth/me': apiError(401, 'unauthorized', '未登录', 'not signed in'),
      'POST /api/auth/login': apiError(400, 'validation', '请求不合法：用户名过长', 'invalid request: username is too long', {
        problems: [{ field: 'username', message: { zh: '用户名过长', en: 'username is too long' } }],
      }),
    });
    view = await renderApp('/login');
    await waitFor(() => byTestId('sign-in'));
    await typeInto(input('username'), 'x'.repeat(10));
    await typeInto(input('password'), 'whatever');
    await click(byTestId('sign-in'));
    await waitFor(() => expect(view!.text()).toContain('用户名过长'));
  });

  it('returns to sign-in, saying why, when the session ends while working', async () => {
    mockApi({
      'GET /api/auth/me': { status: 200, body: sessionOf('reform_office') },
      'GET /api/dashboard': apiError(401, 'unauthorized', '登录已过期', 'session expired'),
    });
    view = await renderApp('/');
    await waitFor(() => expect(byTestId('sign-in')).toBeTruthy());
    expect(view.text()).toContain('登录已失效，请重新登录');
  });

  it('offers every built capability in the reform office’s menu', async () => {
    // Every capability of the mission now has its page (重大项目 was the last); the under-construction
    // page remains for a capability listed before its page exists.
    mockApi({ 'GET /api/auth/me': { status: 200, body: sessionOf('reform_office') }, 'GET /api/projects': { status: 200, body: { columns: [], done: [], today: '2026-03-02' } } });
    view = await renderApp('/projects');
    await waitFor(() => expect(document.querySelector('[role="menu"]')).toBeTruthy());
    const menu = document.querySelector('[role="menu"]')?.textContent ?? '';
    for (const label of ['一窗受理', '诉求案件', '好差评', '重大项目']) expect(menu).toContain(label);
  });

  it('offers each role only the pages the shared rule table lets it use', async () => {
    mockApi({ 'GET /api/auth/me': { status: 200, body: sessionOf('applicant', 'applicant', '申请人 周敏') } });
    view = await renderApp('/analyzer');
    await waitFor(() => expect(view!.text()).toContain('无权访问'));
    let menu = document.querySelector('[role="menu"]')?.textContent ?? '';
    expect(menu).toContain('事项目录');
    expect(menu).toContain('一件事');
    for (const label of ['再造分析', '流程挖掘', '组织机构', '审计']) expect(menu).not.toContain(label);
    view.unmount();

    mockApi({
      'GET /api/auth/me': { status: 200, body: sessionOf('admin', 'admin', '系统管理员') },
      'GET /api/audit': { status: 200, body: { total: 0, items: [] } },
      'GET /api/audit/head': { status: 200, body: { id: 7, hash: 'ab', at: null, anchor: '7:ab' } },
    });
    view = await renderApp('/audit');
    await waitFor(() => expect(byTestId('audit-head').textContent).toContain('7:ab'));
    menu = document.querySelector('[role="menu"]')?.textContent ?? '';
    for (const label of ['事项目录', '再造分析', '一件事', '流程', '流程挖掘', '组织机构', '审计']) expect(menu).toContain(label);
  });

  it('lists the organisation the caller can see', async () => {
    mockApi({
      'GET /api/auth/me': { status: 200, body: sessionOf('reform_office') },
      'GET /api/org/regions': {
        status: 200,
        body: {
          items: [
            { code: '370883', name: '邹城市', level: 'city', parentCode: null },
            { code: '370883001', name: '钢山街道', level: 'township', parentCode: '370883' },
            { code: '370883001201', name: '前进社区', level: 'village', parentCode: '370883001' },
          ],
        },
      },
      'GET /api/org/departments': {
        status: 200,
        body: {
          items: [
            { id: 1, code: 'XZSP', name: '行政审批服务局', regionCode: '370883' },
            { id: 2, code: 'RSJ', name: '人力资源和社会保障局', regionCode: '370883' },
          ],
        },
      },
      'GET /api/org/users': {
        status: 200,
        body: {
          items: [
            {
              id: 3,
              username: 'clerk',
              displayName: '综合窗口 李娜',
              role: 'window_clerk',
              regionCode: '370883',
              departmentId: 1,
              disabled: false,
              mustChangePassword: false,
              locked: false,
            },
          ],
        },
      },
      'GET /api/org/departments/unstaffed': { status: 200, body: { ids: [2] } },
    });
    view = await renderApp('/org');
    await waitFor(() => expect(view!.text()).toContain('钢山街道'));
    expect(view.text()).toContain('乡镇（街道）');
    // Villages are folded under their township: a county has hundreds.
    expect(view.text()).not.toContain('前进社区');
    // The reform office sees, but does not administer.
    expect(view.text()).not.toContain('新增村（社区）');
    await click([...document.querySelectorAll('[role="tab"]')].find((tab) => tab.textContent === '部门')!);
    await waitFor(() => expect(view!.text()).toContain('行政审批服务局'));
    expect(view.text()).toContain('无在岗人员');
    await click([...document.querySelectorAll('[role="tab"]')].find((tab) => tab.textContent === '用户')!);
    await waitFor(() => expect(view!.text()).toContain('综合窗口 李娜'));
    buttonByText('退出登录');
  });

  it('says so when the server cannot be reached, and retries', async () => {
    let up = false;
    mockApi({
      'GET /api/auth/me': () => (up ? { status: 200, body: sessionOf('reform_office') } : apiError(502, 'bad_gateway', '网关错误', 'bad gateway')),
      'GET /api/dashboard': { status: 200, body: dashboard },
    });
    view = await renderApp('/');
    await waitFor(() => expect(view!.text()).toContain('网关错误'));
    expect(document.querySelector('[data-testid="sign-in"]')).toBeNull();
    up = true;
    await click(buttonByText('重试'));
    await waitFor(() => expect(view!.text()).toContain('您好，改革办 王主任'));
  });
});
