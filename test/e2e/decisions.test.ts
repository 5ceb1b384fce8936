// End to end, the reform office deciding as a county's office does: import the county's
// catalogue, decide the analyzer's findings one by one and in bulk, build a bundle and veto one
// replacement it relies on, decide its form conflicts and publish it, record an official
// figure beside the computed one, and print the letter. One server, one page.
import { describe, expect, it } from 'vitest';
import { PASSWORD, SHOWN, useServerAndBrowser } from './server.js';
import { opened } from './motion.js';

describe('the reform office decides findings, bundles and figures end to end', () => {
  const e2e = useServerAndBrowser();

  it('imports a catalogue, decides findings one by one and in bulk, vetoes in a bundle, records an official figure and prints', async () => {
    const base = e2e.base;
    const context = await e2e.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${base}/login`);
    await page.locator('input#username').fill('reform');
    await page.locator('input#password').fill(PASSWORD);
    await page.getByTestId('sign-in').click();
    await page.waitForURL(`${base}/`);

    // The county's catalogue file: the one it exported, with one matter more.
    const exported = JSON.parse((await (await page.request.get(`${base}/api/catalog/export?format=json`)).body()).toString('utf8')) as { matters: Array<Record<string, unknown>> };
    const extra = { ...exported.matters.find((m) => m.code === '370883-JS-004')!, code: '370883-JS-901', name: '县级补充登记事项' };
    await page.goto(`${base}/catalogue?tab=import`);
    await page
      .getByTestId('import-panel')
      .locator('input[type="file"]')
      .setInputFiles({ name: '县事项清单.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...exported, matters: [...exported.matters, extra] })) });
    await page.getByTestId('import-run').click();
    await page
      .getByTestId('import-result')
      .getByText(/新增 1/)
      .waitFor();
    await e2e.shot(page, 'd1-import');

    // One by one: reject a finding with the reason the office gives.
    await page.goto(`${base}/analyzer`);
    await page.getByTestId('decision-filter').waitFor();
    await page.getByTestId('reject-finding').first().click();
    await opened(page.getByTestId('decision-reason'));
    await page.getByTestId('decision-reason').fill('省级设定，县级无权取消');
    await page.locator('.ant-modal').getByRole('button', { name: '不采纳' }).click();
    await expect.poll(async () => (await page.getByTestId('decision-filter').textContent()) ?? '', SHOWN).toContain('不采纳 1');
    await page
      .getByTestId('decision-filter')
      .getByText(/^不采纳 1$/)
      .click();
    await page.getByTestId('decision-tag').filter({ hasText: '不采纳' }).first().waitFor();
    await e2e.shot(page, 'd2-rejected');
    await page.getByTestId('decision-filter').getByText(/^全部/).click();

    // In bulk: every stamp-only step, one request, one decision per finding.
    await page.getByRole('tab', { name: '按规则' }).click();
    await page.getByTestId('bulk-rule-stamp-only-step').getByRole('button', { name: '全部采纳' }).click();
    await opened(page.locator('.ant-modal').getByRole('button', { name: '采纳', exact: true }));
    await page.locator('.ant-modal').getByRole('button', { name: '采纳', exact: true }).click();
    await page.getByText(/已采纳 \d+ 项问题/).waitFor();
    const decisions = (await (await page.request.get(`${base}/api/analyze/decisions`)).json()) as {
      items: Array<{ decision: string; rule: string; reason: string; decidedByName: string }>;
    };
    expect(decisions.items.filter((d) => d.decision === 'rejected').map((d) => d.reason)).toEqual(['省级设定，县级无权取消']);
    expect(decisions.items.filter((d) => d.decision === 'accepted' && d.rule === 'stamp-only-step').length).toBeGreaterThan(1);
    await e2e.shot(page, 'd3-bulk-accepted');

    // A bundle of the nine construction matters.
    await page.goto(`${base}/bundles/new`);
    await page.getByTestId('picker-search').locator('input').fill('370883-JS-00');
    await page.getByTestId('picker-search').locator('input').press('Enter');
    await expect.poll(async () => page.getByTestId('picker-table').locator('tbody tr.ant-table-row').count(), SHOWN).toBe(9);
    await page.getByTestId('picker-table').locator('thead input[type="checkbox"]').check();
    await page.getByTestId('bundle-name').fill('建筑工程施工许可一件事');
    await page.getByTestId('bundle-preview').click();
    await page.getByTestId('bundle-figures').waitFor();
    await page.getByTestId('bundle-save').click();
    await page.waitForURL(/\/bundles\/\d+$/);
    const bundleId = /\/bundles\/(\d+)$/.exec(page.url())![1];
    const afterFigure = async (row: string) =>
      Object.fromEntries(
        (
          await page
            .getByTestId('bundle-figures')
            .locator('tbody tr')
            .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())))
        ).map((r) => [r[0], r[3]]),
      )[row];
    const criticalPath = () => afterFigure('办理用时（工作日，关键路径）');
    const toHandIn = () => afterFigure('需提交材料');
    await page.getByTestId('bundle-title').getByText('建筑工程施工许可一件事').waitFor();
    // The removals the office has not decided yet (materials citing no provision of their own) stay.
    await expect.poll(criticalPath, SHOWN).toBe('1.5');
    const handedInBefore = await toHandIn();

    // Veto one replacement: the site-readiness proof is examined before the decision again.
    await page.getByRole('tab', { name: /依赖的修复与替代/ }).click();
    const reliances = page.getByTestId('bundle-reliances');
    await reliances.locator('.ant-segmented-item').filter({ hasText: '告知承诺代替' }).click();
    await reliances.locator('tr.ant-table-row').filter({ hasText: '施工场地' }).filter({ hasText: '以告知承诺代替，不再提交' }).getByTestId('veto-button').click();
    await page.getByTestId('veto-reason').fill('施工场地条件须审查后决定');
    await opened(page.getByTestId('veto-confirm'));
    await page.getByTestId('veto-confirm').click();
    await page.getByRole('tab', { name: /否决 1/ }).waitFor();
    await reliances.getByTestId('vetoed-tag').first().waitFor();
    await e2e.shot(page, 'd4-veto');
    await page.getByRole('tab', { name: '再造前后对比' }).click();
    // The vetoed commitment: the proof is handed in again.
    await expect.poll(async () => Number(await toHandIn()), SHOWN).toBe(Number(handedInBefore) + 1);

    // Publishing waits for the form's conflicts: refused, then decided one click each, then published.
    await page.getByTestId('bundle-publish').click();
    await opened(page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }));
    await page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click();
    await page
      .getByTestId('undecided-conflicts')
      .getByText(/工程总投资/)
      .waitFor();
    await opened(page.locator('.ant-modal-confirm').getByRole('button').last());
    await page.locator('.ant-modal-confirm').getByRole('button').last().click();
    await page.getByRole('tab', { name: /统一申请表/ }).click();
    for (const field of ['investment', 'structure_type']) {
      await page.getByTestId(`decide-${field}`).click();
      await page.getByTestId(`conflict-${field}`).getByText('已确定').waitFor();
    }
    await page.getByTestId('bundle-publish').click();
    await opened(page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }));
    await page.locator('.ant-popconfirm').getByRole('button', { name: '发布' }).click();
    await page
      .getByText(/已发布：服务编码/)
      .first()
      .waitFor();
    // The published service has its materials, steps and limit in the catalogue.
    const serviceCode = ((await (await page.request.get(`${base}/api/bundles/${bundleId}`)).json()) as { serviceCode: string }).serviceCode;
    const listed = (
      (await (await page.request.get(`${base}/api/catalog/matters?search=${encodeURIComponent(serviceCode)}`)).json()) as {
        items: Array<{ code: string; toBe: { materials: number; steps: number; promisedDays: number } | null }>;
      }
    ).items.find((m) => m.code === serviceCode)!;
    expect(listed.toBe!.materials).toBeGreaterThan(0);
    expect(listed.toBe!.steps).toBeGreaterThan(0);
    expect(listed.toBe!.promisedDays).toBeGreaterThan(0);

    // The official figure beside the computed one.
    await page.getByRole('tab', { name: '官方公布数据' }).click();
    const form = page.getByTestId('official-figure-form');
    await form.locator('.ant-select').first().click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^表单字段$/ })
      .click();
    await form.getByPlaceholder('公布值').fill('58');
    await form.getByPlaceholder('出处').fill('县政府网站：建筑工程施工许可一件事改革成效');
    await form.locator('input[type="date"]').fill('2026-06-30');
    await page.getByTestId('official-figure-save').click();
    await page.getByTestId('official-figures').locator('tr.ant-table-row').filter({ hasText: '县政府网站' }).waitFor();
    await e2e.shot(page, 'd5-official-figure');

    // Print: the letter names every matter with its basis, never "（无设定依据）", and no commitment replaces another letter.
    const letter = await page.request.get(`${base}/api/bundles/${bundleId}/letter.html`);
    expect(letter.ok()).toBe(true);
    const html = await letter.text();
    expect(html).toContain('建筑工程施工许可一件事告知承诺书');
    expect(html).not.toContain('无设定依据');
    expect(html).not.toContain('施工场地已基本具备施工条件的证明」所证明');
    await page.goto(`${base}/api/bundles/${bundleId}/letter.html`);
    await page.getByText('建筑工程施工许可一件事告知承诺书').first().waitFor();
    await e2e.shot(page, 'd6-letter-print');

    expect(pageErrors).toEqual([]);
    await context.close();
  }, 300_000);
});
