// End to end, the one-window service in Chromium: an applicant applies on a phone-sized
// screen, the clerk sends one supplement notice, the applicant supplements, the clerk
// accepts, departments complete in parallel, the decision issues the result package, the
// applicant downloads a certificate whose verification page verifies, the public tracking
// page shows it concluded, and `zaizao audit verify` passes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as pwRequest, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_SETS } from '../../src/catalogue/demo/index.js';
import { DEMO_FIELD_DECISIONS } from '../../src/bundle/demo-decisions.js';
import { sampleCreditCode, sampleForm } from '../../src/window/sample.js';
import type { FormSchema } from '../../src/window/form.js';
import { PASSWORD, ROOT, SHOWN, ensureWebBuild, launchBrowser, startServer, type RunningServer } from './server.js';
import { opened } from './motion.js';

const CLI = path.join(ROOT, 'bin', 'zaizao.js');
const PDF = { name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n% scanned material\n') };

describe('one-window journey end to end', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer(120_000, {
      // The demo organisation (with an officer of every bundle department) before the server starts.
      // Post-decision checks due in a year without its official arrangement fall on its
      // provisional calendar, so the journey does not depend on the date it runs.
      prepare: (env) => {
        execFileSync(process.execPath, [CLI, 'seed', 'demo'], { env, stdio: 'pipe' });
      },
    });
    browser = await launchBrowser();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function signedIn(username: string, viewport = { width: 1280, height: 860 }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.base}/login`);
    await page.locator('input#username').fill(username);
    await page.locator('input#password').fill(PASSWORD);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(`${server.base}/`);
    return { context, page, errors };
  }

  /** Completes every open task a user's worklist offers, through the task pages; returns how many. */
  async function completeAll(page: Page, skip: string[] = []): Promise<number> {
    let done = 0;
    for (;;) {
      await page.goto(`${server.base}/window`);
      await page.locator('.ant-list').first().waitFor();
      await page.waitForLoadState('networkidle');
      const items = page.locator('[data-testid^="task-"]').filter({ hasNot: page.locator('xx') });
      const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
      const next = ids.find((id) => !skip.includes(id.slice(5)));
      if (!next) return done;
      await page.getByTestId(next).first().click();
      await page.getByTestId('complete').click();
      const failed = page.locator('.ant-message-error');
      await Promise.race([
        page.waitForURL(`${server.base}/window`),
        failed.waitFor().then(async () => {
          throw new Error(`completing ${next} failed: ${await failed.textContent()}\n${server.output().slice(-3000)}`);
        }),
      ]);
      done++;
    }
  }

  it('applies on a phone, supplements once, is accepted, decided, delivered, verified and tracked', async () => {
    // The reform office publishes the construction bundle (the flagship service).
    const api = await pwRequest.newContext({ baseURL: server.base });
    const login = await (await api.post('/api/auth/login', { data: { username: 'reform', password: PASSWORD } })).json();
    const headers = { 'x-csrf-token': login.csrfToken };
    const bundle = await (
      await api.post('/api/bundles', { data: { name: '建筑工程施工许可一件事', matterCodes: DEMO_SETS.construction, decisions: DEMO_FIELD_DECISIONS.construction }, headers })
    ).json();
    expect((await api.post(`/api/bundles/${bundle.id}/publish`, { headers })).status()).toBe(200);
    const schema = (await (await api.get(`/api/window/services/${bundle.id}`)).json()).form.schema as FormSchema;
    await api.dispose();

    // The applicant, on a phone.
    const applicant = await signedIn('applicant', { width: 390, height: 844 });
    const a = applicant.page;
    await a.goto(`${server.base}/window`);
    await a.getByTestId(`apply-${bundle.id}`).click();
    await a
      .getByTestId('apply-form')
      .waitFor({ timeout: 15_000 })
      .catch(async () => {
        throw new Error(`no form: ${(await a.locator('body').textContent())?.slice(0, 500)} ${applicant.errors.join(' | ')}`);
      });
    const values = sampleForm(schema, { uscc: sampleCreditCode(), applicant_name: '邹城市示例建设有限公司' });
    for (const [key, value] of Object.entries(values)) {
      const field = a.locator(`[id="${key}"]`);
      const prop = schema.properties![key];
      if (prop.enum) {
        await field.click();
        await a
          .locator('.ant-select-item-option')
          .filter({ hasText: String(value) })
          .first()
          .click();
      } else await field.fill(String(value));
    }
    await a.getByTestId('form-next').click();
    const uploads = a.locator('[data-testid^="file-"]');
    await uploads.first().waitFor({ state: 'attached' });
    const codes = await uploads.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(5)));
    expect(codes).toContain('safety_measures');
    for (const code of codes) {
      await a.getByTestId(`file-${code}`).setInputFiles(PDF);
      await expect.poll(async () => a.getByTestId(`file-${code}`).locator('xpath=ancestor::li').locator('.anticon-check-circle').count(), SHOWN).toBe(1);
    }
    await a.getByTestId('materials-next').click();
    await a.getByTestId('letter').waitFor();
    expect(await a.getByTestId('letter').textContent()).toContain('不实承诺');
    await a.getByTestId('signed-name').fill('周敏');
    await a.getByTestId('agree').click();
    await a.getByTestId('submit').click();
    const codeText = (await a.getByTestId('query-code').textContent()) ?? '';
    const queryCode = /([A-Z2-9]{8})/.exec(codeText)![1];
    await a.getByRole('button', { name: '办理进度' }).click();
    await a.waitForURL(/\/window\/applications\/\d+$/);
    const appId = Number(/applications\/(\d+)/.exec(a.url())![1]);
    const receiptNo = (await a.getByTestId('receipt-no').textContent())!.trim();
    await applicant.context.close();

    // The clerk sends one supplement notice.
    const clerk = await signedIn('clerk');
    const c = clerk.page;
    await c.goto(`${server.base}/window`);
    await c.getByTestId(`intake-${appId}`).click();
    await c.getByTestId('open-supplement').click();
    await opened(c.getByTestId('pick-safety_measures'));
    await c.getByTestId('pick-safety_measures').check();
    await c.getByTestId('reason-safety_measures').fill('缺少施工单位签章');
    await c.locator('#send-supplement').click();
    await c.getByText('补正材料通知书').waitFor();

    // The applicant supplements on the phone.
    const again = await signedIn('applicant', { width: 390, height: 844 });
    await again.page.goto(`${server.base}/window/applications/${appId}`);
    await again.page.getByTestId('supplement-card').waitFor();
    await again.page.getByTestId('file-safety_measures').setInputFiles({ ...PDF, buffer: Buffer.from('%PDF-1.7\n% stamped\n') });
    await again.page.waitForResponse((r) => r.url().includes(`/api/window/applications/${appId}`) && r.request().method() === 'GET');
    await again.page.getByTestId('resubmit').click();
    await again.page.getByTestId('supplement-card').waitFor({ state: 'detached' });

    // The clerk accepts; the process starts.
    await c.goto(`${server.base}/window/applications/${appId}`);
    await c.getByTestId('accept').click();
    await c.getByText('受理通知书').waitFor();

    // The departments work in parallel: housing (ZJJ), labour (RSJ) and the approval bureau (the clerk's XZSP).
    const zjj = await signedIn('officer');
    const rsj = await signedIn('officer.rsj');
    const total = { zjj: 0, rsj: 0, xzsp: 0 };
    for (let round = 0; round < 10; round++) {
      // A step may wait for another department's: each works its list until none has any left.
      const [nZjj, nRsj, nXzsp] = await Promise.all([completeAll(zjj.page), completeAll(rsj.page), completeAll(c, ['Task_ResultPackage'])]);
      total.zjj += nZjj;
      total.rsj += nRsj;
      total.xzsp += nXzsp;
      if (nZjj + nRsj + nXzsp === 0) break;
    }
    expect(total.rsj).toBe(1);
    expect(total.zjj).toBeGreaterThan(5);
    expect(total.xzsp).toBeGreaterThan(1); // the permit's own steps and the joint decision
    // The result package goes out: electronic download.
    await c.goto(`${server.base}/window`);
    await c.getByTestId('task-Task_ResultPackage').click();
    await c.getByTestId('complete').click();
    await c.waitForURL(`${server.base}/window`);

    // The applicant downloads a certificate and opens its verification page.
    const done = await signedIn('applicant', { width: 390, height: 844 });
    const d = done.page;
    await d.goto(`${server.base}/window/applications/${appId}`);
    const firstResult = d.locator('[data-testid^="result-"]').first();
    await firstResult.waitFor();
    const [download] = await Promise.all([d.waitForEvent('download'), firstResult.click()]);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    await d.getByRole('link', { name: '证照核验' }).first().click();
    await d.getByTestId('verify-title').waitFor();
    expect(await d.getByTestId('verify-title').textContent()).toContain('核验通过');
    await d.screenshot({ path: path.join(server.dataDir, '..', 'zaizao-window-verify.png') });

    // Public tracking: no sign-in.
    const visitor = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const v = await visitor.newPage();
    await v.goto(`${server.base}/track`);
    await v.getByTestId('track-receipt').fill(receiptNo);
    await v.getByTestId('track-code').fill(queryCode);
    await v.getByTestId('track-search').click();
    await v.getByTestId('track-status').waitFor();
    expect(await v.getByTestId('track-status').textContent()).toBe('已办结');
    expect(await v.getByTestId('track-answer').textContent()).not.toContain('示例建设');

    for (const s of [applicant, clerk, again, zjj, rsj, done]) expect(s.errors).toEqual([]);

    // The audit trail verifies with the command, on the server's data once it has stopped.
    await server.halt();
    const out = execFileSync(process.execPath, [CLI, 'audit', 'verify'], { env: server.env, encoding: 'utf8' });
    expect(out).toMatch(/^audit trail intact: \d+ rows/);
  }, 600_000);
});
