// End to end: an administrator adds a township, a department and an officer in the web UI;
// a task (due 230 working days on, in 2027, a year without its official arrangement: 暂定) is
// reassigned to the officer; the administrator loads 2027 on the working calendar page, which
// recounts the due date; the officer signs in with the one-time password, must choose their
// own, reads the notice (the header's bell counts it until marked read) and completes the task. Then every role's menu holds only pages that
// load without 403.
import { describe, expect, it } from 'vitest';
import type { APIRequestContext, BrowserContext, Page } from 'playwright-core';
import { PASSWORD, SHOWN, useServerAndBrowser } from './server.js';
import { opened } from './motion.js';
import { DEMO_USERS } from '../../src/org/demo.js';
import { ROLES } from '../../src/org/model.js';

const PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zaizao="http://zaizao.dev/schema/bpmn" id="defs_e2e" targetNamespace="http://example.org/e2e">
  <process id="e2e_review" name="端到端审查" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <userTask id="review" name="社会事务审查" zaizao:candidateDepartments="ZJJ" zaizao:dueDate="P230D" />
    <sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

async function apiSignIn(request: APIRequestContext, base: string, username: string, password = PASSWORD): Promise<string> {
  const res = await request.post(`${base}/api/auth/login`, { data: { username, password } });
  expect(res.status(), `sign in as ${username}`).toBe(200);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

async function chooseOption(page: Page, testId: string, text: string) {
  // In a dialog that has finished opening, from a list that has finished opening.
  await opened(page.getByTestId(testId));
  await page.getByTestId(testId).click();
  await opened(page.locator('.ant-select-dropdown:visible').first());
  await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text }).first().click();
  await page.locator('.ant-select-dropdown:visible').first().waitFor({ state: 'hidden' });
  expect(await page.getByTestId(testId).textContent()).toContain(text);
}

describe('administration end to end', () => {
  const e2e = useServerAndBrowser();

  it('an administrator adds a township, a department and an officer, who signs in and completes a reassigned task', async () => {
    const admin: BrowserContext = await e2e.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const page = await admin.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${e2e.base}/login`);
    await page.locator('input#username').fill('admin');
    await page.locator('input#password').fill(PASSWORD);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(`${e2e.base}/`);

    // A township below the county.
    await page.getByRole('menuitem', { name: '组织机构' }).click();
    await page.getByTestId('add-below-370883').click();
    await page.getByTestId('region-code').fill('370883901');
    await page.getByTestId('region-name').fill('新区街道');
    await page.getByRole('button', { name: '新增', exact: true }).click();
    await page.getByTestId('region-tree').getByText('新区街道').waitFor();

    // A department in it.
    await page.getByRole('tab', { name: '部门' }).click();
    await page.getByTestId('add-department').click();
    await page.getByTestId('department-name').fill('新区社会事务办');
    await page.getByTestId('department-code').fill('XQ-SHB');
    await chooseOption(page, 'department-region', '新区街道');
    await page.getByRole('button', { name: '新增', exact: true }).click();
    await page.getByTestId('department-table').getByText('新区社会事务办').waitFor();
    await page.getByTestId('department-table').getByText('无在岗人员').first().waitFor();

    // An officer of that department: the one-time password is shown once.
    await page.getByRole('tab', { name: '用户' }).click();
    await page.getByTestId('add-user').click();
    await page.getByTestId('user-username').fill('xq.officer');
    await page.getByTestId('user-name').fill('新区 王强');
    await chooseOption(page, 'user-department', '新区社会事务办');
    await page.getByRole('button', { name: '保存' }).click();
    const oneTime = ((await page.getByTestId('one-time-password').textContent()) ?? '').trim();
    expect(oneTime).toMatch(/^\S{12}$/);
    await e2e.shot(page, 'admin-one-time-password');

    // A case waiting at 住建局 is reassigned to the new officer (through the API, as a dispatcher would).
    const csrf = await apiSignIn(admin.request, e2e.base, 'admin');
    expect((await admin.request.post(`${e2e.base}/api/engine/deployments`, { data: { xml: PROCESS }, headers: { 'x-csrf-token': csrf } })).status()).toBe(201);
    const started = await admin.request.post(`${e2e.base}/api/engine/instances`, { data: { processKey: 'e2e_review' }, headers: { 'x-csrf-token': csrf } });
    const instanceId = ((await started.json()) as { id: string }).id;
    const instance = (await (await admin.request.get(`${e2e.base}/api/engine/instances/${instanceId}`)).json()) as { tasks: Array<{ id: string }> };
    const moved = await admin.request.post(`${e2e.base}/api/engine/tasks/${instance.tasks[0].id}/reassign`, {
      data: { username: 'xq.officer', reason: '新区街道事项由新区办理' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(moved.status()).toBe(200);

    const dueBefore = (await (await admin.request.get(`${e2e.base}/api/engine/instances/${instanceId}`)).json()) as { tasks: Array<{ dueAt: string; dueProvisional?: boolean }> };
    expect(dueBefore.tasks[0].dueProvisional).toBe(true);

    // The administrator loads 2027's official arrangement on the working calendar page.
    await page.goto(`${e2e.base}/calendar`);
    await page.getByTestId('calendar-form').waitFor();
    await page.locator('input[data-testid="calendar-year"], [data-testid="calendar-year"] input').first().fill('2027');
    await page
      .getByTestId('calendar-days-off')
      .fill(
        '2027-01-01 2027-01-02 2027-01-03 2027-01-04 2027-02-05 2027-02-06 2027-02-07 2027-02-08 2027-02-09 2027-02-10 2027-02-11 2027-04-05 2027-05-01 2027-05-02 2027-05-03 2027-06-09 2027-09-15 2027-10-01 2027-10-02 2027-10-03 2027-10-04 2027-10-05 2027-10-06 2027-10-07',
      );
    await page.getByTestId('calendar-source').fill('端到端测试安排');
    await page.getByTestId('calendar-submit').click();
    await page.getByTestId('calendar-result').getByText('待办').waitFor();
    await e2e.shot(page, 'admin-year-loaded');
    const dueAfter = (await (await admin.request.get(`${e2e.base}/api/engine/instances/${instanceId}`)).json()) as { tasks: Array<{ dueAt: string; dueProvisional?: boolean }> };
    expect(dueAfter.tasks[0].dueProvisional).toBeUndefined();
    expect(dueAfter.tasks[0].dueAt).not.toBe(dueBefore.tasks[0].dueAt);
    expect(dueAfter.tasks[0].dueAt).toMatch(/T17:30:00\+08:00$/);

    // The officer: the one-time password opens only the password change.
    const officerContext = await e2e.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    const officer = await officerContext.newPage();
    officer.on('pageerror', (e) => errors.push(e.message));
    await officer.goto(`${e2e.base}/login`);
    await officer.locator('input#username').fill('xq.officer');
    await officer.locator('input#password').fill(oneTime);
    await officer.getByTestId('sign-in').click();
    await officer.getByTestId('change-password-form').waitFor();
    await officer.getByTestId('current-password').fill(oneTime);
    await officer.getByTestId('new-password').fill('xinqu-Officer-2026');
    await officer.getByTestId('repeat-password').fill('xinqu-Officer-2026');
    await officer.getByTestId('save-password').click();
    await officer.getByTestId('current-user').getByText('新区 王强').waitFor();
    // The notice of the recounted due date waits on the home page.
    await officer.goto(`${e2e.base}/`);
    await officer.getByTestId('notices').getByText('社会事务审查', { exact: false }).waitFor();
    // Unread until read: the bell counts it, 全部标为已读 clears it.
    await expect.poll(async () => Number(await officer.getByTestId('notice-bell').getAttribute('data-unread')), SHOWN).toBeGreaterThan(0);
    await officer.getByTestId('notices-read-all').click();
    await expect.poll(async () => officer.getByTestId('notice-bell').getAttribute('data-unread'), SHOWN).toBe('0');

    await officer.getByRole('menu').getByText('流程', { exact: true }).click();
    await officer.getByTestId('work-review').click();
    await opened(officer.getByTestId('task-complete'));
    await officer.getByTestId('task-complete').click();
    await officer.getByText('“社会事务审查”已办结').waitFor();
    await expect
      .poll(async () => ((await (await admin.request.get(`${e2e.base}/api/engine/instances/${instanceId}`)).json()) as { status: string }).status, { timeout: 20_000 })
      .toBe('completed');
    await e2e.shot(officer, 'officer-after-complete');
    expect(errors).toEqual([]);
    await officerContext.close();
    await admin.close();
  }, 240_000);

  it('gives every role a menu of pages that load without 403', async () => {
    for (const role of ROLES) {
      const user = DEMO_USERS.find((u) => u.role === role)!;
      const context = await e2e.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
      await apiSignIn(context.request, e2e.base, user.username);
      const page = await context.newPage();
      const refused: string[] = [];
      page.on('response', (res) => {
        if (res.status() === 403 && res.url().includes('/api/')) refused.push(`${res.request().method()} ${new URL(res.url()).pathname}`);
      });
      await page.goto(`${e2e.base}/`);
      await page.getByTestId('current-user').waitFor();
      const items = (await page.getByRole('menuitem').allTextContents()).map((l) => l.trim());
      for (const label of items.filter((l) => l && l !== '首页')) {
        await page.getByRole('menu').getByText(label, { exact: true }).click();
        await page.waitForLoadState('networkidle');
        expect(await page.getByText('无权访问').count(), `${role}: ${label}`).toBe(0);
      }
      expect(refused, role).toEqual([]);
      await context.close();
    }
  }, 300_000);
});
