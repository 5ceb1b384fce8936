// End to end: the closed loop of a case on the real server, driven by headless Chromium where a
// person works on a screen. A grid worker reports with a photo on a phone-sized screen and the
// village escalates it; the township whistles two departments, one reports in late; the case
// is handled, checked, reopened once, closed and evaluated; the leader's monthly ranking shows
// the late report-in; an Open311 client files a request and later sees the same case closed.
import { describe, expect, it } from 'vitest';
import { CLOCK_START, PASSWORD, useServerAndBrowser } from './server.js';
import { Open311Client } from '../support/open311-client.js';
import { opened } from './motion.js';

// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

interface Api {
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
}

async function apiAs(base: string, username: string): Promise<Api> {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  expect(login.status).toBe(200);
  const cookie = (login.headers.getSetCookie?.() ?? [login.headers.get('set-cookie') ?? '']).map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    async call(method, path, body) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} as ${username}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as never;
    },
  };
}

describe('cases end to end', () => {
  const e2e = useServerAndBrowser();

  it('runs the closed loop from a phone report to the monthly ranking, and Open311 sees its request closed', async () => {
    const base = e2e.base;
    const [admin, grid, dispatcher, zjj, sjj] = await Promise.all(['admin', 'grid', 'dispatcher', 'officer', 'officer.sjj'].map((u) => apiAs(base, u)));
    const departments = await admin.call<{ items: Array<{ id: number; code: string }> }>('GET', '/api/org/departments');
    const dept = (code: string) => departments.items.find((d) => d.code === code)!.id;

    // An Open311 client files a request with a key the administrator issued.
    const { key } = await admin.call<{ key: string }>('POST', '/api/cases/open311-keys', { name: 'e2e client' });
    const client = new Open311Client(`${base}/open311/v2`, key);
    const posted = await client.post<Array<{ service_request_id: string }>>({
      service_code: 'STREETLIGHT',
      lat: '35.39',
      long: '116.95',
      address_string: '千泉街道 东关',
      description: '路灯不亮',
    });
    expect(posted.status).toBe(200);
    const requestId = posted.body[0].service_request_id;
    expect((await client.request<Array<{ status: string }>>(requestId)).body[0].status).toBe('open');

    // The grid worker reports from a phone, with a photo.
    const phone = await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await phone.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/login`);
    await page.locator('input#username').fill('grid');
    await page.locator('input#password').fill(PASSWORD);
    await page.getByTestId('sign-in').click();
    await page.waitForURL((url) => !url.pathname.endsWith('/login'));
    await page.goto(`${base}/cases`);
    await page.getByRole('button', { name: '提交上报' }).waitFor();
    await page.getByLabel('类别').click();
    await opened(page.locator('.ant-select-item-option', { hasText: '垃圾堆放' }));
    await page.locator('.ant-select-item-option', { hasText: '垃圾堆放' }).click();
    await page.getByLabel('问题描述').fill('前进社区东门垃圾堆放三天未清运');
    await page.locator('input[type=file]').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PNG });
    await page.getByLabel('纬度').fill('35.405');
    await page.getByLabel('经度').fill('116.965');
    await page.getByLabel('地址').fill('前进社区东门');
    await e2e.shot(page, '1-grid-report-phone');
    await page.getByRole('button', { name: '提交上报' }).click();
    await page.waitForURL(/\/cases\/\d+$/);
    const caseId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByText('曾家沟村（村（社区））').waitFor();
    expect(await page.locator('img[alt^="report"]').count()).toBe(1);

    // The village cannot solve it: the grid worker escalates it to the township, on the phone.
    await page.getByLabel('说明').fill('需要执法力量');
    await page.getByRole('button', { name: '上报上级' }).click();
    await page.getByText('钢山街道（镇（街道））').waitFor();
    await e2e.shot(page, '2-escalated-phone');

    // The township responds and whistles two departments with a one-minute report-in deadline.
    await dispatcher.call('POST', `/api/cases/${caseId}/steps`, { action: 'respond' });
    await dispatcher.call('POST', `/api/cases/${caseId}/whistles`, { departmentIds: [dept('ZJJ'), dept('SJJ')], minutes: 1 });
    const photo = PNG.toString('base64');
    await zjj.call('POST', `/api/cases/${caseId}/report-in`, { step: 'on_site', lat: 35.405, lng: 116.965, photo });
    await new Promise((resolve) => setTimeout(resolve, 62_000)); // the deadline passes
    const late = await sjj.call<{ whistles: Array<{ departmentId: number; late: boolean }> }>('POST', `/api/cases/${caseId}/report-in`, {
      step: 'on_site',
      lat: 35.405,
      lng: 116.965,
      photo,
    });
    expect(Object.fromEntries(late.whistles.map((w) => [w.departmentId, w.late]))).toEqual({ [dept('ZJJ')]: false, [dept('SJJ')]: true });

    // Handled, checked and reopened once, handled again, checked, closed, evaluated.
    await dispatcher.call('POST', `/api/cases/${caseId}/steps`, { action: 'handle', feedback: '已清运', photos: [photo] });
    await grid.call('POST', `/api/cases/${caseId}/steps`, { action: 'check', passed: false, note: '仍有残留' });
    await dispatcher.call('POST', `/api/cases/${caseId}/steps`, { action: 'handle', feedback: '已彻底清理' });
    await grid.call('POST', `/api/cases/${caseId}/steps`, { action: 'check', passed: true, note: '现场已干净' });
    await dispatcher.call('POST', `/api/cases/${caseId}/steps`, { action: 'close', note: '结案' });
    const evaluated = await grid.call<{ status: string; reopened: number }>('POST', `/api/cases/${caseId}/steps`, { action: 'evaluate', satisfaction: 5 });
    expect(evaluated).toMatchObject({ status: 'evaluated', reopened: 1 });
    await page.reload();
    await page.getByText('已评价').first().waitFor();
    await e2e.shot(page, '3-evaluated-phone');
    await phone.close();

    // The leader's ranking of departments this month shows the late report-in.
    const desk = await e2e.browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN' });
    const leaderPage = await desk.newPage();
    leaderPage.on('pageerror', (e) => errors.push(e.message));
    await leaderPage.goto(`${base}/login`);
    await leaderPage.locator('input#username').fill('leader');
    await leaderPage.locator('input#password').fill(PASSWORD);
    await leaderPage.getByTestId('sign-in').click();
    await leaderPage.waitForURL((url) => !url.pathname.endsWith('/login'));
    // The month the server's clock is in (the browser's own clock is today's).
    await leaderPage.goto(`${base}/cases?tab=rankings&month=${CLOCK_START.slice(0, 7)}`);
    await leaderPage.getByText('县级部门').click();
    const row = leaderPage.locator('tr', { hasText: '市场监督管理局' });
    await row.waitFor();
    expect(await row.textContent()).toContain('0.0%'); // punctuality
    expect(await row.locator('.ant-tag-red').textContent()).toBe('1'); // one late report-in
    await e2e.shot(leaderPage, '4-leader-ranking');
    await desk.close();

    // The county handles the Open311 request; the client sees the same case closed.
    // The responsibility list sends street lights to the housing and construction bureau.
    const filed = await admin.call<{ unitName: string; channel: string }>('GET', `/api/cases/${requestId}`);
    expect(filed).toMatchObject({ unitName: '住房和城乡建设局', channel: 'open311' });
    await zjj.call('POST', `/api/cases/${requestId}/steps`, { action: 'respond' });
    await zjj.call('POST', `/api/cases/${requestId}/steps`, { action: 'handle', feedback: '已更换灯具', photos: [photo] });
    await admin.call('POST', `/api/cases/${requestId}/steps`, { action: 'check', passed: true, note: '已亮' });
    await admin.call('POST', `/api/cases/${requestId}/steps`, { action: 'close', note: '已修复' });
    const seen = await client.request<Array<{ status: string; status_notes: string; agency_responsible: string }>>(requestId);
    expect(seen.body[0]).toMatchObject({ status: 'closed', status_notes: '已修复', agency_responsible: '住房和城乡建设局' });
    expect(errors).toEqual([]);
  }, 300_000);
});
