// End to end: the real server (`zaizao serve` on a fresh embedded database) serving the built web
// shell, driven by headless Chromium. A reform-office user signs in, sees the dashboard in
// Chinese, switches to English, and signs out.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WEB = path.join(ROOT, 'web');
const DIST_INDEX = path.join(WEB, 'dist', 'index.html');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'e2e-Demo-2026';

/** Newest modification time of the web sources (the build is redone when they changed). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function ensureWebBuild(): void {
  if (fs.existsSync(DIST_INDEX) && fs.statSync(DIST_INDEX).mtimeMs >= newestSource(WEB)) return;
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHealth(base: string, child: ChildProcess, output: () => string, timeoutMs = 90_000): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(`${base}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server did not answer /health within ${timeoutMs} ms:\n${output()}`);
}

describe('sign-in end to end', () => {
  let server: ChildProcess | undefined;
  let serverOutput = '';
  let dataDir = '';
  let base = '';
  let browser: Browser | undefined;
  const screenshots = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-e2e-shots-'));

  beforeAll(async () => {
    ensureWebBuild();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-e2e-data-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', ZAIZAO_DATA: dataDir, ZAIZAO_DEMO_PASSWORD: PASSWORD, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL; // always the embedded database in the fresh directory
    server = spawn(process.execPath, [path.join(ROOT, 'bin', 'zaizao.js'), 'serve'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    server.stderr?.on('data', (chunk: Buffer) => (serverOutput += chunk.toString()));
    await waitForHealth(base, server, () => serverOutput);

    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install the Debian package chromium (and fonts-noto-cjk)`);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function shot(page: Page, name: string): Promise<void> {
    const file = path.join(screenshots, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  }

  it('signs in as the reform office, shows the dashboard in Chinese, switches to English and signs out', async () => {
    const context = await browser!.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    // A deep link without a session lands on sign-in (the server falls back to the SPA).
    await page.goto(`${base}/catalogue`);
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
    await page.getByText('前进社区').waitFor();
    await page.getByRole('tab', { name: '部门' }).click();
    await page.getByText('行政审批服务局').waitFor();
    await shot(page, '3-org-departments-zh');

    await page.getByRole('menuitem', { name: '首页' }).click();
    await page.waitForURL(`${base}/`);
    await page.getByText('您好，改革办 王主任').waitFor();
    const counts = page.getByTestId('dashboard-counts');
    await counts.getByText('行政区划').waitFor();
    const countsText = (await counts.textContent()) ?? '';
    for (const label of ['行政区划', '部门', '用户', '审计记录']) expect(countsText).toContain(label);
    expect(await page.getByTestId('current-user').textContent()).toMatch(/改革办 王主任.*改革办.*邹城市/);
    await page.locator('canvas').first().waitFor(); // the ECharts chart
    const menu = (await page.getByRole('menu').textContent()) ?? '';
    for (const label of ['事项目录', '再造分析', '一件事', '流程', '一窗受理', '诉求案件', '好差评', '流程挖掘', '重大项目']) expect(menu).toContain(label);
    expect(menu).not.toContain('审计'); // administrators only
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
    const me = await page.request.get(`${base}/api/auth/me`);
    expect(me.status()).toBe(401);
    await shot(page, '6-signed-out-en');

    expect(pageErrors).toEqual([]);
    await context.close();
    console.log(`screenshots: ${screenshots}`);
  }, 120_000);

  it('tells a user whose account is locked after repeated failures', async () => {
    const context = await browser!.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/login`);
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
    await alert.getByText('账户已暂时锁定').waitFor();
    expect(await alert.textContent()).toContain('登录失败次数过多');
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
