// End to end, 好差评 in headless Chromium: an applicant rates a finished application 非常不满意
// on a phone-sized screen; the reform office verifies it; the department rectifies in time
// with evidence; the follow-up call is recorded; a second, malicious rating is appealed and
// excluded; the month's ranking and the leader's board show both correctly.
//
// The server runs in this process on a fixed clock (Tuesday 1 December 2026), so the
// working-day deadlines it shows never depend on the day the test runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import { applicationFor, deployRatedProcess } from '../../src/rating/testing.js';
import { seedDemoData } from '../../src/server/seed.js';
import { openStore, type Store } from '../../src/store/database.js';
import { ROOT, ensureWebBuild, launchBrowser } from './server.js';

const PASSWORD = 'e2e-Ratings-2026';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

describe('ratings end to end', () => {
  let store: Store;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let clock = new Date('2026-12-01T09:00:00+08:00');
  const later = (minutes: number) => {
    clock = new Date(clock.getTime() + minutes * 60_000);
  };
  let first: string;
  let second: string;
  let third: string;
  const contexts: BrowserContext[] = [];
  const screenshots = fs.mkdtempSync(path.join(os.tmpdir(), 'zaizao-e2e-ratings-'));
  /** A full-page screenshot; a blank page (a tiny file) fails the test. */
  const shot = async (page: Page, name: string) => {
    const file = path.join(screenshots, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    store = await openStore({ kind: 'pglite', dataDir: null });
    await seedDemoData(store, PASSWORD);
    const engine = await deployRatedProcess(store, () => clock);
    first = await applicationFor(engine, 'applicant');
    second = await applicationFor(engine, 'applicant2');
    third = await applicationFor(engine, 'applicant2');
    app = await buildApp({ store, webDist: path.join(ROOT, 'web', 'dist'), now: () => clock });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  async function signIn(username: string, viewport = DESKTOP): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', ...(viewport === PHONE ? { isMobile: true, hasTouch: true } : {}) });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(`${username}: ${e.message}`));
    // The sign-in form is the same as everywhere (test/e2e/signin.test.ts); here the session
    // cookie is set directly, because its Expires (12 hours after sign-in on the server's fixed
    // clock) lies in the browser's past and the browser would drop it.
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies[0];
    await context.addCookies([{ name: cookie.name, value: cookie.value, url: base, httpOnly: true, sameSite: 'Strict' }]);
    await page.goto(`${base}/`);
    // Signed in: the header names the user (on a phone the menu is folded away).
    await page.getByTestId('current-user').waitFor();
    return page;
  }

  async function rateOnPhone(username: string, occurrence: string, comment: string): Promise<Page> {
    const page = await signIn(username, PHONE);
    await page.goto(`${base}/ratings`);
    const card = page.locator(`[data-testid="rateable"][data-occurrence="${occurrence}"]`);
    await card.waitFor();
    await card.getByTestId('level-1').click();
    await card.getByRole('checkbox', { name: '办理时间长' }).check();
    await card.getByTestId('rating-comment').fill(comment);
    await card.getByTestId('rating-submit').click();
    await card.getByTestId('my-level').waitFor();
    expect(await card.getByTestId('my-level').textContent()).toBe('非常不满意');
    return page;
  }

  /** Rows of an Ant Design table as text, cell by cell. */
  async function rows(page: Page, testId: string): Promise<string[][]> {
    return page
      .getByTestId(testId)
      .locator('tbody tr.ant-table-row')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
  }

  async function openCase(page: Page, nth: number): Promise<void> {
    await page.goto(`${base}/ratings?tab=cases`);
    await page.getByTestId('cases-table').locator('tbody tr.ant-table-row').first().waitFor();
    const ids = (await rows(page, 'cases-table')).map((r) => r[0]).sort((a, b) => Number(a) - Number(b));
    await page.goto(`${base}/ratings/cases/${ids[nth]}`);
    await page.getByTestId('case-view').waitFor();
  }

  it('runs a 差评 through the closed loop, excludes a malicious one on appeal, and shows both in the ranking and on the board', async () => {
    // The applicant rates on the phone; the rating pad layout fits the screen.
    const phone = await rateOnPhone('applicant', first, '补正了一次材料，审批超时');
    // The rating page fits the phone's width (the shared header is the layout's own).
    const box = await phone.getByTestId('rate-mine').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await shot(phone, '1-phone-rated');

    // The reform office opens the case on its facts and verifies it.
    later(30);
    const reform = await signIn('reform');
    await openCase(reform, 0);
    expect(await reform.getByTestId('supplement-notices').textContent()).toBe('1');
    expect(await reform.getByTestId('case-facts').textContent()).toContain('审批决定');
    await reform.getByTestId('verify-note').fill('经核实，审批环节超时属实');
    await reform.getByTestId('do-verify').click();
    await expect.poll(() => reform.getByTestId('case-status').textContent()).toBe('整改中');
    expect(await reform.getByTestId('case-view').textContent()).toContain('2026-12-08');
    await shot(reform, '2-case-verified');

    // The department rectifies in time, with evidence.
    later(60);
    const officer = await signIn('officer');
    await openCase(officer, 0);
    await officer.getByTestId('rectify-measures').fill('约谈经办人，审批改为当日办结');
    await officer.getByTestId('rectify-feedback').fill('您反映的问题已整改，今后当日办结');
    await officer.getByTestId('rectify-evidence').fill('整改报告.pdf');
    await officer.getByTestId('do-rectify').click();
    await expect.poll(() => officer.getByTestId('case-status').textContent()).toBe('已整改待回访');

    // The follow-up call closes it; the applicant sees the feedback.
    later(30);
    await reform.reload();
    await reform.getByTestId('follow-up-note').fill('电话回访，群众表示满意');
    await reform.getByTestId('do-follow-up').click();
    await expect.poll(() => reform.getByTestId('case-status').textContent()).toBe('已办结');
    await phone.reload();
    await phone.getByTestId('my-feedback').waitFor();
    expect(await phone.getByTestId('my-feedback').textContent()).toContain('今后当日办结');

    // A second, malicious rating: appealed by the department, upheld by the reform office.
    later(30);
    await rateOnPhone('applicant2', second, '乱评');
    later(10);
    await openCase(reform, 1);
    await reform.getByTestId('verify-note').fill('请部门说明');
    await reform.getByTestId('do-verify').click();
    await expect.poll(() => reform.getByTestId('case-status').textContent()).toBe('整改中');
    later(10);
    await openCase(officer, 1);
    await officer.getByTestId('appeal-statement').fill('该申请人当日辱骂工作人员，有录像为证');
    await officer.getByTestId('do-appeal').click();
    await expect.poll(() => officer.getByTestId('case-status').textContent()).toBe('申诉中');
    later(10);
    await reform.reload();
    await reform.getByTestId('review-note').fill('调阅录像，申诉成立');
    await reform.getByTestId('do-review').click();
    await expect.poll(() => reform.getByTestId('case-status').textContent()).toBe('申诉成立（不计分）');

    // The month's ranking: one scored 差评 for the department, rectified in time, one appeal upheld.
    const leader = await signIn('leader');
    await leader.goto(`${base}/ratings?tab=rankings`);
    await leader.getByTestId('ranking-table').locator('tbody tr.ant-table-row').first().waitFor();
    const ranking = await rows(leader, 'ranking-table');
    // Columns: rank, name, ratings, 好评率, score, 差评, default ratings, average, smoothed average, rectified in time, appeals upheld.
    expect(ranking).toEqual([['样本不足', '住房和城乡建设局', '1', '0.0%', '0.0%', '1', '0', '1.00', expect.any(String), '1/1', '1']]);

    // The board: one rating counted, one excluded, nothing open; the cases section says it is not connected.
    await shot(leader, '3-ranking');
    await leader.goto(`${base}/`);
    await leader.getByTestId('open-board').click();
    await leader.getByTestId('reform-board').waitFor();
    expect(await leader.getByTestId('board-negative').textContent()).toContain('1');
    expect(await leader.getByTestId('board-excluded').textContent()).toContain('1');
    expect(await leader.getByTestId('board-positive-rate').textContent()).toContain('0.0%');
    // The closed loop's three rates come from the grass-roots cases (none reported in this journey).
    expect(await leader.getByTestId('board-closed-loop').textContent()).toContain('响应率');
    await leader.locator('[data-testid="board-ratings"] canvas').first().waitFor();
    await shot(leader, '4-board');
    // Drill down to the department: its officer.
    await leader.getByTestId('drill-ZJJ').click();
    await leader.getByTestId('board-breakdown-officer').waitFor();
    expect((await rows(leader, 'board-breakdown-officer'))[0][1]).toBe('住建局 张伟');

    // The notice's signed link rates without sign-in, on the phone.
    const clerk = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'clerk', password: PASSWORD } });
    const link = await app.inject({
      method: 'POST',
      url: '/api/ratings/links',
      headers: { cookie: `${clerk.cookies[0].name}=${clerk.cookies[0].value}`, 'x-csrf-token': clerk.json().csrfToken },
      payload: { occurrenceKind: 'instance', occurrenceId: third },
    });
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
    contexts.push(context);
    const anonymous = await context.newPage();
    anonymous.on('pageerror', (e) => pageErrors.push(`link: ${e.message}`));
    await anonymous.goto(`${base}${link.json().path}`);
    await anonymous.getByTestId('rate-by-link').waitFor();
    await anonymous.getByTestId('level-5').click();
    await anonymous.getByTestId('rating-submit').click();
    await anonymous.getByText('感谢您的评价').first().waitFor();
    const stored = await store.db.selectFrom('ratings').select(['rater', 'channel', 'level']).where('occurrence_id', '=', third).execute();
    expect(stored).toEqual([{ rater: 'applicant2', channel: 'notice_link', level: 5 }]);

    expect(pageErrors).toEqual([]);
  }, 240_000);
});
