// End to end: the real server (`zaizao serve` on a fresh embedded database) serving the built web
// shell, driven by headless Chromium. A reform-office user signs in, sees the dashboard in
// Chinese, switches to English, and signs out.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD, useServerAndBrowser } from './server.js';

describe('sign-in end to end', () => {
  const e2e = useServerAndBrowser();
  const shot = (page: Page, name: string) => e2e.shot(page, name);

  it('signs in as the reform office, shows the dashboard in Chinese, switches to English and signs out', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // The Content-Security-Policy every answer carries must not stop the web UI (scripts, Ant Design's inline styles, fonts, the chart).
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });

    // A deep link without a session lands on sign-in (the server falls back to the SPA).
    await page.goto(`${e2e.base}/catalogue`);
    await page.waitForURL(/\/login$/);
    const signInButton = page.getByTestId('sign-in');
    await expect(signInButton.textContent()).resolves.toBe('登录');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');

    // A wrong password: the API's Chinese message.
    await page.locator('input#username').fill('reform');
    await page.locator('input#password').fill('not-the-password');
    await signInButton.click();
    await page.getByTestId('signin-error').waitFor();
    expect(await page.getByTestId('signin-error').textContent()).toContain('用户名或密码错误');
    await page.locator('[data-testid="sign-in"]:not(.ant-btn-loading)').waitFor();
    await shot(page, '1-signin-error-zh');

    // The right one: back to the page asked for, then home.
    await page.locator('input#password').fill(PASSWORD);
    await signInButton.click();
    await page.waitForURL(/\/catalogue$/);
    await page.getByTestId('catalogue-table').getByText('建筑工程施工许可证核发').waitFor();
    expect(await page.getByTestId('capability-description').textContent()).toContain('设定依据');
    await shot(page, '2-catalogue-zh');

    // The organisation the reform office can see, from the API.
    await page.getByRole('menuitem', { name: '组织机构' }).click();
    await page.waitForURL(/\/org$/);
    await page.getByText('钢山街道').waitFor();
    await page.getByText('千泉街道').waitFor();
    await page.getByRole('tab', { name: '部门' }).click();
    await page.getByText('行政审批服务局').waitFor();
    await shot(page, '3-org-departments-zh');

    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.waitForURL(`${e2e.base}/`);
    await page.getByText('您好，改革办 王主任').waitFor();
    const counts = page.getByTestId('dashboard-counts');
    await counts.getByText('行政区划').waitFor();
    const countsText = (await counts.textContent()) ?? '';
    for (const label of ['行政区划', '部门', '用户', '审计记录']) expect(countsText).toContain(label);
    expect(await page.getByTestId('current-user').textContent()).toMatch(/改革办 王主任.*改革办.*邹城市/);
    await page.locator('canvas').first().waitFor(); // the ECharts chart
    const menu = (await page.getByRole('menu').textContent()) ?? '';
    for (const label of ['事项目录', '再造分析', '一件事', '流程', '重大项目', '流程挖掘', '组织机构', '审计']) expect(menu).toContain(label);
    await shot(page, '4-dashboard-zh');

    // English, remembered across a reload; the session survives the reload too.
    await page.getByTestId('lang-switch').click();
    await page.getByText('Hello, 改革办 王主任').waitFor();
    expect(await page.getByTestId('sign-out').textContent()).toBe('Sign out');
    await page.reload();
    await page.getByText('Hello, 改革办 王主任').waitFor();
    await counts.getByText('Regions').waitFor();
    expect(await page.getByTestId('current-user').textContent()).toContain('Reform office');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.locator('canvas').first().waitFor();
    await shot(page, '5-dashboard-en');

    // Sign out: back to sign-in, and the session is gone on the server.
    await page.getByTestId('sign-out').click();
    await page.waitForURL(/\/login$/);
    expect(await page.getByTestId('sign-in').textContent()).toBe('Sign in');
    const me = await page.request.get(`${e2e.base}/api/auth/me`);
    expect(me.status()).toBe(401);
    await shot(page, '6-signed-out-en');

    expect(pageErrors).toEqual([]);
    expect(cspViolations).toEqual([]);
    await context.close();
    console.log(`screenshots: ${e2e.screenshots}`);
  }, 120_000);

  it('tells a user whose account is locked after repeated failures', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${e2e.base}/login`);
    await page.locator('input#username').fill('grid');
    const messages: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.locator('input#password').fill(`wrong-${attempt}`);
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
      await page.getByTestId('sign-in').click();
      messages.push(`${(await answered).status()}`);
      await page.getByTestId('signin-error').waitFor();
    }
    expect(messages).toEqual(['401', '401', '401', '401', '423']);
    const alert = page.getByTestId('signin-error');
    await alert.getByText('账户已暂时锁定', { exact: true }).waitFor();
    expect(await alert.textContent()).toContain('登录失败次数过多');
    expect(await alert.textContent()).not.toMatch(/\d{1,2}:\d{2}/); // never until when
    await page.locator('[data-testid="sign-in"]:not(.ant-btn-loading)').waitFor();
    await shot(page, '7-locked-zh');

    // Even the right password is refused while the lock lasts.
    await page.locator('input#password').fill(PASSWORD);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.getByTestId('sign-in').click();
    expect((await answered).status()).toBe(423);
    expect(page.url()).toMatch(/\/login$/);
    await context.close();
  }, 120_000);
});
