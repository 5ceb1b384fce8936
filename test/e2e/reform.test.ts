// End to end, the reform office's work on the demo catalogue: find the construction permit in
// the catalogue and see its process drawn, run the analyzer and apply one fix (a to-be version
// and a ledger item), then merge the nine construction matters into one bundle and see its
// before/after — every figure computed by the server from the catalogue.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { crossings, readDiagram } from '../support/bpmn-geometry.js';
import { PASSWORD, useServerAndBrowser } from './server.js';
import { opened } from './motion.js';

describe('reform office journey end to end', () => {
  const e2e = useServerAndBrowser();
  const shot = (page: Page, name: string) => e2e.shot(page, name);

  /** Rows of an Ant Design table as text, cell by cell. */
  async function rows(page: Page, testId: string): Promise<string[][]> {
    return page
      .getByTestId(testId)
      .locator('tbody tr.ant-table-row')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));
  }

  it('searches the catalogue, draws a matter, applies a fix and builds the construction bundle', async () => {
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

    // The catalogue: the demo matters, then a search.
    await page.getByRole('menuitem', { name: '事项目录' }).click();
    await page.waitForURL(/\/catalogue$/);
    const table = page.getByTestId('catalogue-table');
    await table.getByText('企业设立登记').waitFor();
    await page.getByTestId('catalogue-search').locator('input').fill('施工许可');
    await page.getByTestId('catalogue-search').locator('input').press('Enter');
    await page.waitForURL(/q=/);
    await table.getByText('建筑工程施工许可证核发').waitFor();
    await expect.poll(async () => (await rows(page, 'catalogue-table')).map((r) => r[0])).toEqual(['370883-JS-001']);
    await shot(page, '1-catalogue-search');

    // The matter, its steps drawn by bpmn-js.
    await table.getByRole('link', { name: '建筑工程施工许可证核发' }).click();
    await page.waitForURL(/\/catalogue\/matters\/370883-JS-001$/);
    await page.locator('[data-testid="process-diagram"][data-state="ready"]').waitFor();
    const diagram = page.getByTestId('process-diagram');
    for (const step of ['窗口受理', '科长审核', '质量监督会签', '审批决定']) await diagram.locator('.djs-element').getByText(step, { exact: true }).first().waitFor();
    expect(await diagram.locator('.djs-shape[data-element-id^="Task_"]').count()).toBe(9);
    await shot(page, '2-matter-process');

    // The analyzer: findings by department; apply the fix of the first finding on the permit.
    await page.getByRole('menuitem', { name: '再造分析' }).click();
    await page.waitForURL(/\/analyzer$/);
    await page.getByTestId('analyzer-summary').waitFor();
    await page.locator('canvas').first().waitFor();
    const xzsp = page.getByTestId('by-department').locator('.ant-collapse-item').filter({ hasText: '行政审批服务局' });
    // The department with the most findings is open; open this one unless it is that one.
    if (!((await xzsp.getAttribute('class')) ?? '').includes('ant-collapse-item-active')) await xzsp.locator('.ant-collapse-header').click();
    const finding = xzsp.locator('tr').filter({ hasText: '「科长审核」(S03)没有法律法规依据' });
    await finding.getByTestId('apply-fix').click();
    await opened(page.locator('.ant-popconfirm').getByRole('button', { name: '应用修复' }));
    await page.locator('.ant-popconfirm').getByRole('button', { name: '应用修复' }).click();
    const result = page.getByTestId('fix-result');
    await result.waitFor();
    expect(await result.textContent()).toMatch(/「建筑工程施工许可证核发」已生成再造后版本 2，并登记台账第 \d+ 项/);
    expect(await result.textContent()).toContain('取消环节「科长审核」(S03)');
    await shot(page, '3-analyzer-fix-applied');

    // The fix is the matter's to-be version: one step fewer, and the comparison shows it removed.
    await result.getByRole('link', { name: '查看事项' }).click();
    await page.waitForURL(/\/catalogue\/matters\/370883-JS-001$/);
    await page.locator('[data-testid="process-diagram"][data-state="ready"]').waitFor();
    expect(await page.getByTestId('process-diagram').locator('.djs-shape[data-element-id^="Task_"]').count()).toBe(8);
    await page.getByRole('tab', { name: '版本对比' }).click();
    await page.getByTestId('compare-steps').waitFor();
    const removed = (await rows(page, 'compare-steps')).filter((r) => r[0] === '删除');
    expect(removed.map((r) => r[1])).toEqual(['S03 科长审核']);
    await shot(page, '4-matter-compare');

    // And a ledger item.
    await page.goto(`${base}/catalogue?tab=ledger`);
    await page.getByTestId('ledger-table').getByRole('cell', { name: '建筑工程施工许可证核发', exact: true }).waitFor();
    // Evidence for the item, kept by the server and listed for download.
    const ledgerRow = page.getByTestId('ledger-table').locator('tr.ant-table-row').filter({ hasText: '建筑工程施工许可证核发' }).first();
    await ledgerRow.locator('.ant-table-row-expand-icon').click();
    const evidence = page.locator('[data-testid^="ledger-evidence-"]').first();
    await evidence
      .locator('input[type="file"]')
      .setInputFiles({ name: '取消科长审核的会议纪要.txt', mimeType: 'text/plain', buffer: Buffer.from('局务会议纪要：取消科长审核环节。') });
    await evidence.getByRole('link', { name: '取消科长审核的会议纪要.txt' }).waitFor();
    await ledgerRow.getByText('佐证 1 份').waitFor();
    await shot(page, '5-ledger');

    // Import: the catalogue as exported is accepted; a broken file is refused with every problem listed.
    const exported = await page.request.get(`${base}/api/catalog/export?format=json`);
    expect(exported.ok()).toBe(true);
    await page.getByRole('tab', { name: '导入' }).click();
    const chooser = page.getByTestId('import-panel').locator('input[type="file"]');
    await chooser.setInputFiles({ name: '事项清单.json', mimeType: 'application/json', buffer: Buffer.from(await exported.body()) });
    await page.getByTestId('import-check').click();
    // Every matter of the export: the demo's 15 and the one-thing service published on first start.
    const exportedMatters = (JSON.parse((await exported.body()).toString('utf8')) as { matters: unknown[] }).matters.length;
    expect(exportedMatters).toBeGreaterThanOrEqual(15);
    await page.getByTestId('import-result').getByText(`检查通过：${exportedMatters} 个事项，可以导入。`).waitFor();
    await chooser.setInputFiles({
      name: '有错误的清单.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ matters: [{ code: '370883-T-1', name: '测试', kind: '许可' }] })),
    });
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-problems').getByText('缺少区划代码').waitFor();
    expect(await page.getByTestId('import-error').textContent()).toMatch(/文件有 \d+ 处问题，未导入任何内容/);
    await shot(page, '5b-import-problems');

    // The construction bundle: pick the nine matters, preview, save, see before/after.
    await page.getByRole('menuitem', { name: '一件事' }).click();
    await page.waitForURL(/\/bundles$/);
    await page.getByTestId('bundle-new').click();
    await page.waitForURL(/\/bundles\/new$/);
    await page.getByTestId('picker-search').locator('input').fill('370883-JS');
    await page.getByTestId('picker-search').locator('input').press('Enter');
    await expect.poll(async () => (await rows(page, 'picker-table')).length).toBe(9);
    await page.getByTestId('picker-table').locator('thead input[type="checkbox"]').check();
    await expect.poll(async () => (await page.getByTestId('picker-selected').textContent()) ?? '').toContain('已选 9 项');
    await page.getByTestId('bundle-name').fill('建筑工程施工许可一件事');
    await page.getByTestId('bundle-preview').click();
    await page.getByTestId('bundle-figures').waitFor();
    await shot(page, '6-bundle-preview');
    await page.getByTestId('bundle-save').click();
    await page.waitForURL(/\/bundles\/\d+$/);
    await page.getByTestId('bundle-title').getByText('建筑工程施工许可一件事').waitFor();
    const figures = Object.fromEntries((await rows(page, 'bundle-figures')).map((r) => [r[0], [r[1], r[3]]]));
    expect(figures['事项']).toEqual(['9', '9']);
    expect(figures['申请表']).toEqual(['9', '1']);
    expect(figures['跑动次数'][1]).toBe('1');
    expect(Number(figures['需提交材料'][1])).toBeLessThan(Number(figures['需提交材料'][0]));
    expect(figures['承诺书']).toEqual(['—', '1']);
    // 2 working days become 1.5: the public-safety documents are checked after the decision, but the
    // permit still examines the power of attorney and the contract, which cite no provision of their
    // own, until the office decides their removal (no-legal-basis leaves that to the office).
    expect(figures['办理用时（工作日，关键路径）']).toEqual(['2', '1.5']);
    // What governments publish: the promised limits added up; and the form's fields, asked once.
    expect(Number(figures['承诺时限合计（工作日）'][1])).toBeLessThan(Number(figures['承诺时限合计（工作日）'][0]));
    expect(Number(figures['表单字段'][1])).toBeLessThan(Number(figures['表单字段'][0]));
    await page.locator('canvas').first().waitFor();
    await shot(page, '7-bundle-before-after');

    await page.getByRole('tab', { name: '并联审批流程' }).click();
    await page.locator('[data-testid="process-diagram"][data-state="ready"]').waitFor();
    await page.getByTestId('process-diagram').locator('.djs-element').getByText('综合窗口一次受理').waitFor();
    // The flows bpmn-js draws fan out and join without crossing.
    const bundleId = /\/bundles\/(\d+)$/.exec(page.url())![1];
    const xml = ((await (await page.request.get(`${base}/api/bundles/${bundleId}`)).json()) as { draft: { process: { bpmnXml: string } } }).draft.process.bpmnXml;
    const model = readDiagram(xml);
    const drawn = await page
      .getByTestId('process-diagram')
      .locator('.djs-connection')
      .evaluateAll((els) => els.map((el) => ({ id: el.getAttribute('data-element-id') ?? '', d: el.querySelector('.djs-hit')?.getAttribute('d') ?? '' })));
    expect(drawn).toHaveLength(model.edges.length);
    const rendered = drawn.map(({ id, d }) => {
      const flow = model.edges.find((e) => e.id === id)!;
      const points = [...d.matchAll(/(-?[\d.]+)[ ,](-?[\d.]+)/g)].map((m): [number, number] => [Number(m[1]), Number(m[2])]);
      return { ...flow, points };
    });
    expect(rendered.map((e) => e.points)).toEqual(rendered.map((e) => model.edges.find((m) => m.id === e.id)!.points));
    expect(crossings({ shapes: model.shapes, edges: rendered })).toEqual([]);
    await shot(page, '8-bundle-process');

    await page.getByRole('tab', { name: '告知承诺书' }).click();
    await page.getByTestId('bundle-letter').getByText('建筑工程施工许可一件事告知承诺书').waitFor();
    await shot(page, '9-bundle-letter');

    // The same bundle in English.
    await page.getByTestId('lang-switch').click();
    await page.getByRole('tab', { name: 'Before / after' }).click();
    await page.getByTestId('bundle-figures').getByText('Application forms').waitFor();
    await shot(page, '10-bundle-en');

    expect(pageErrors).toEqual([]);
    await context.close();
    console.log(`screenshots: ${e2e.screenshots}`);
  }, 240_000);
});
