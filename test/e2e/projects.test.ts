// End to end: a provincial key project on the real server, driven by headless Chromium where a
// person works on a screen. The leader creates the project with its agent and task force; the
// agent links the construction approval filed at the one window; a land-use blocker passes its
// deadline (the server's virtual clock is moved, not waited for), climbs to the coordination
// meeting's agenda, and the meeting's decision closes it; an A-tier enterprise's request reaches
// its service officer, who answers it within the tier's target.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_SETS } from '../../src/catalogue/demo/index.js';
import { DEMO_FIELD_DECISIONS } from '../../src/bundle/demo-decisions.js';
import { rosterWorkbook, type RosterExportRow } from '../../src/enterprise/roster.js';
import { sampleCreditCode, sampleForm } from '../../src/window/sample.js';
import { PASSWORD, useServerAndBrowser } from './server.js';
import { opened } from './motion.js';

const A_FIRM = sampleCreditCode('91370883MA3C0000A');
const firm = (uscc: string, name: string, taxPaid: number, designations: string[], contact: string | null): RosterExportRow => ({
  uscc,
  name,
  regionCode: '370883',
  industry: '装备制造',
  taxPaid,
  employees: 300,
  outputValue: 20000,
  designations,
  officer: 'officer.fgj',
  contact,
  tier: null,
});

interface Api {
  cookie: string;
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
}

async function apiAs(base: string, username: string): Promise<Api> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  expect(login.status).toBe(200);
  const cookie = (login.headers.getSetCookie?.() ?? [login.headers.get('set-cookie') ?? '']).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    cookie,
    async call(method, path, body) {
      const headers: Record<string, string> = { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
      const res = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} as ${username}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as never;
    },
  };
}

describe('major projects end to end', () => {
  const e2e = useServerAndBrowser();
  const errors: string[] = [];

  /** A signed-in page (the session cookie set from an API sign-in: the sign-in form is tested elsewhere). */
  async function signedIn(username: string): Promise<Page> {
    const api = await apiAs(e2e.base, username);
    const context = await e2e.browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const [name, value] = api.cookie.split('=');
    await context.addCookies([{ name, value, url: e2e.base, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${username}: ${e.message}`));
    return page;
  }

  it('takes a provincial key project from its creation to the coordination meeting, and answers an A-tier enterprise within its target', async () => {
    const base = e2e.base;
    // Monday 2026-03-02 09:30 on the server's clock.
    const [reform, clerk, fgj] = await Promise.all(['reform', 'clerk', 'officer.fgj'].map((u) => apiAs(base, u)));
    const roster = [
      firm(A_FIRM, '邹城甲制造有限公司', 600, [], 'applicant'),
      firm(sampleCreditCode('91370883MA3C0000B'), '邹城乙科技有限公司', 50, ['专精特新'], null),
      firm(sampleCreditCode('91370883MA3C0000C'), '邹城丙商贸有限公司', 5, [], null),
    ];
    await reform.call('POST', '/api/enterprises/import', { content: rosterWorkbook(roster).toString('base64') });
    // The construction bundle is published; the agent files its application at the counter for the investor.
    const bundle = await reform.call<{ id: number }>('POST', '/api/bundles', {
      name: '建筑工程施工许可一件事',
      matterCodes: DEMO_SETS.construction,
      decisions: DEMO_FIELD_DECISIONS.construction,
    });
    await reform.call('POST', `/api/bundles/${bundle.id}/publish`);
    const service = await clerk.call<{ form: { schema: never } }>('GET', `/api/window/services/${bundle.id}`);
    const application = await clerk.call<{ id: number }>('POST', '/api/window/applications', {
      serviceId: bundle.id,
      form: sampleForm(service.form.schema, { uscc: A_FIRM, applicant_name: '邹城甲制造有限公司' }),
    });

    // The leader creates the provincial key project with its agent and task force.
    const leader = await signedIn('leader');
    await leader.goto(`${base}/projects`);
    await leader.getByTestId('project-new').click();
    await leader.getByTestId('project-name').fill('邹城高端装备产业园');
    await leader.getByTestId('project-investor').fill(A_FIRM);
    await leader.getByTestId('project-investment').fill('150000');
    await leader.getByTestId('project-location').fill('邹城经济开发区');
    await leader.getByTestId('project-industry').fill('高端装备');
    await leader.getByTestId('project-level').click();
    await opened(leader.locator('.ant-select-item-option[title="省级重点"]'));
    await leader.locator('.ant-select-item-option[title="省级重点"]').click();
    await leader.getByTestId('project-leader').fill('leader');
    await leader.getByTestId('project-agent').fill('clerk');
    await leader.getByTestId('project-lead').fill('officer.fgj');
    await leader.getByTestId('project-members').fill('officer.zrzy, officer');
    await leader.getByTestId('project-start').fill('2026-03-02');
    await leader.getByTestId('project-start').press('Enter');
    await leader.getByTestId('project-create').click();
    await leader.getByTestId('project-view').waitFor();
    const projectId = Number(new URL(leader.url()).pathname.split('/').pop());
    expect(await leader.getByTestId('project-view').textContent()).toContain('省级重点');
    await leader.context().close();

    // The agent links the filed application to the construction-permit milestone.
    const agent = await signedIn('clerk');
    await agent.goto(`${base}/projects/${projectId}`);
    await agent.getByTestId('link-milestone').click();
    await opened(agent.locator('.ant-select-item-option[title="施工许可"]'));
    await agent.locator('.ant-select-item-option[title="施工许可"]').click();
    await agent.getByTestId('link-application').fill(String(application.id));
    await agent.getByTestId('link-submit').click();
    await agent.getByTestId('project-approvals').getByText('建筑工程施工许可一件事').waitFor();
    // No history of this approval yet: the path is not predicted, and the page says so.
    expect(await agent.getByTestId(`predicted-path-${application.id}`).textContent()).toContain('历史不足');
    await e2e.shot(agent, 'project-approvals');
    await agent.context().close();

    // A land-use blocker owned by 自然资源局, due today.
    const departments = await reform.call<{ items: Array<{ id: number; code: string }> }>('GET', '/api/org/departments');
    const zrzy = departments.items.find((d) => d.code === 'ZRZY')!.id;
    const blocker = await fgj.call<{ id: number }>('POST', `/api/projects/${projectId}/blockers`, {
      title: '土地指标未落实',
      category: '用地',
      ownerDepartmentId: zrzy,
      dueDate: '2026-03-02',
    });
    // Tuesday: past its deadline, it climbs to the task-force lead (five working days)...
    e2e.setClock('2026-03-03T09:00:00+08:00');
    const admin = await apiAs(base, 'admin');
    expect(await admin.call('POST', '/api/projects/sweep')).toMatchObject({ toTaskForce: 1 });
    // ...and, still open the Wednesday after, onto the coordination meeting's agenda.
    e2e.setClock('2026-03-11T09:00:00+08:00');
    // Sessions last hours, not days: sign in again on the new day.
    const admin2 = await apiAs(base, 'admin');
    expect(await admin2.call('POST', '/api/projects/sweep')).toMatchObject({ toCoordination: 1 });

    // The leader holds the meeting: its decision closes the blocker.
    const chair = await signedIn('leader');
    await chair.goto(`${base}/projects?tab=coordination`);
    await chair.getByTestId(`agenda-${blocker.id}`).waitFor();
    expect(await chair.getByTestId(`agenda-${blocker.id}`).textContent()).toContain('土地指标未落实');
    await chair.getByTestId(`decision-text-${blocker.id}`).fill('自然资源局调剂用地指标，3 月 20 日前办结供地手续');
    await chair.getByTestId(`decision-owner-${blocker.id}`).click();
    await opened(chair.locator('.ant-select-item-option[title="自然资源和规划局"]'));
    await chair.locator('.ant-select-item-option[title="自然资源和规划局"]').click();
    await chair.getByTestId(`decision-due-${blocker.id}`).fill('2026-03-20');
    await chair.getByTestId(`decision-due-${blocker.id}`).press('Enter');
    await chair.getByTestId(`decision-resolves-${blocker.id}`).check();
    await chair.getByTestId('coordination-minutes').fill('县调度会研究重点项目用地问题。');
    await chair.getByTestId('coordination-hold').click();
    await chair.getByText('自然资源局调剂用地指标，3 月 20 日前办结供地手续（自然资源和规划局').waitFor();
    const project = await admin2.call<{ blockers: Array<{ id: number; status: string }>; items: Array<{ text: string; dueDate: string }> }>('GET', `/api/projects/${projectId}`);
    expect(project.blockers).toEqual([expect.objectContaining({ id: blocker.id, status: 'resolved' })]);
    expect(project.items).toEqual([expect.objectContaining({ dueDate: '2026-03-20' })]);
    await chair.context().close();

    // The A-tier enterprise files a request (first contact within 1 working day, the answer within 3).
    const applicant = await apiAs(base, 'applicant');
    const request = await applicant.call<{ id: number; tier: string; caseId: number; answerDue: string }>('POST', '/api/enterprise-requests', {
      uscc: A_FIRM,
      title: '新厂区用电增容',
      description: '需要增容 2000 kVA',
    });
    expect(request).toMatchObject({ tier: 'A', answerDue: '2026-03-16T17:30:00+08:00' });
    // It reaches its service officer's worklist; the officer contacts the enterprise and answers.
    const officer = await signedIn('officer.fgj');
    await officer.goto(`${base}/projects?tab=requests`);
    await officer.getByTestId(`request-contact-${request.id}`).click();
    await officer.getByTestId(`request-answer-text-${request.id}`).fill('已协调供电公司，3 月 25 日送电');
    await officer.getByTestId(`request-answer-submit-${request.id}`).click();
    await officer.getByTestId(`request-answer-${request.id}`).waitFor();
    expect(await officer.getByTestId(`request-answer-${request.id}`).textContent()).toContain('按时');
    await e2e.shot(officer, 'request-answered');
    const answered = await applicant.call<{ status: string; answeredLate: boolean }>('GET', `/api/enterprise-requests/${request.id}`);
    expect(answered).toMatchObject({ status: 'answered', answeredLate: false });
    // The request is a case of the closed loop: handled, awaiting the enterprise's acceptance.
    expect(await applicant.call('GET', `/api/cases/${request.caseId}`)).toMatchObject({ channel: 'enterprise', status: 'checking' });
    await officer.context().close();
    expect(errors).toEqual([]);
  }, 240_000);
});
