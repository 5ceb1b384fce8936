// End to end: the real server on a fresh embedded database serving the built web application,
// driven by headless Chromium. The reform office mines the public running-example log (process
// map by frequency and by waiting time, variants, bottlenecks, the discovered model and its
// conformance, before/after split at a date), then deploys a small permit process, starts an
// instance, works its first task from the worklist with the form, and sees the token move on.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { PASSWORD, useServerAndBrowser } from './server.js';
import { sharedData, sharedDataExists } from '../support/shared-data.js';
import { opened } from './motion.js';

const RUNNING_EXAMPLE = sharedData('eventlogs', 'running-example.xes');

/** A two-step permit: intake with a form (offered to the reform office), then a review due in two working days. */
const PERMIT_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:zaizao="http://zaizao.dev/schema/bpmn" id="permit-defs" targetNamespace="http://zaizao.dev/e2e">
  <process id="e2e-permit" name="建筑工程施工许可（端到端）" isExecutable="true">
    <startEvent id="received" name="收件"/>
    <userTask id="intake" name="受理" zaizao:candidateRoles="reform_office">
      <extensionElements>
        <zaizao:formField id="applicant" label="申请单位" type="string" required="true"/>
        <zaizao:formField id="complete" label="材料齐全" type="boolean" required="true"/>
      </extensionElements>
    </userTask>
    <userTask id="review" name="审查" zaizao:candidateRoles="reform_office" zaizao:dueDate="P2D"/>
    <endEvent id="done" name="办结"/>
    <sequenceFlow id="f1" sourceRef="received" targetRef="intake"/>
    <sequenceFlow id="f2" sourceRef="intake" targetRef="review"/>
    <sequenceFlow id="f3" sourceRef="review" targetRef="done"/>
  </process>
  <bpmndi:BPMNDiagram id="d1">
    <bpmndi:BPMNPlane id="p1" bpmnElement="e2e-permit">
      <bpmndi:BPMNShape id="received_di" bpmnElement="received"><dc:Bounds x="100" y="122" width="36" height="36"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="intake_di" bpmnElement="intake"><dc:Bounds x="200" y="100" width="100" height="80"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="review_di" bpmnElement="review"><dc:Bounds x="370" y="100" width="100" height="80"/></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="done_di" bpmnElement="done"><dc:Bounds x="540" y="122" width="36" height="36"/></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="136" y="140"/><di:waypoint x="200" y="140"/></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="300" y="140"/><di:waypoint x="370" y="140"/></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="470" y="140"/><di:waypoint x="540" y="140"/></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</definitions>
`;

describe.runIf(sharedDataExists('eventlogs', 'running-example.xes'))('process mining and the process engine end to end', () => {
  const e2e = useServerAndBrowser();
  const shot = (page: Page, name: string) => e2e.shot(page, name);

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${e2e.base}/login`);
    await page.locator('input#username').fill('reform');
    await page.locator('input#password').fill(PASSWORD);
    await page.getByTestId('sign-in').click();
    await page.getByText('您好，改革办 王主任').waitFor();
  }

  it('mines the running example: map by frequency and waiting time, variants, bottlenecks, discovered model, before/after', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);

    await page.getByRole('menuitem', { name: '流程挖掘' }).click();
    await page.waitForURL(/\/mining$/);
    const analysed = page.waitForResponse((r) => r.url().endsWith('/api/mining/summary'));
    await page.locator('input[type="file"]').first().setInputFiles(RUNNING_EXAMPLE);
    expect((await analysed).status()).toBe(200);
    const overview = page.getByTestId('mining-overview');
    await overview.getByText('running-example.xes').waitFor();
    const figures = (await overview.textContent()) ?? '';
    expect(figures).toMatch(/案件数\s*6/);
    expect(figures).toMatch(/事件数\s*42/);
    expect(figures).toMatch(/变体数\s*6/);
    expect(figures).toContain('5.5 个工作日'); // median throughput on China's working days

    // The process map: start, eight activities, end; paths with counts.
    const map = page.getByTestId('process-map');
    await map.locator('canvas').waitFor();
    expect(await map.getAttribute('data-nodes')).toBe('10');
    expect(await map.getAttribute('data-mode')).toBe('frequency');
    await page.waitForTimeout(300);
    await shot(page, '11-mining-map-frequency');
    await page.getByTestId('process-map-mode').getByText('耗时').click();
    await page.locator('[data-testid="process-map"][data-mode="performance"]').waitFor();
    await page.getByText('连线上为两个活动之间等待时间的中位数').waitFor();
    await page.waitForTimeout(300);
    await shot(page, '12-mining-map-performance');

    await page.getByRole('tab', { name: '变体' }).click();
    const variants = page.getByTestId('variant-table');
    await variants.locator('tbody tr').first().waitFor();
    expect(await variants.locator('tbody tr').count()).toBe(6);
    expect(await page.getByTestId('variant-coverage').textContent()).toContain('共 6 种变体、6 个案件');
    await variants.locator('tbody tr').nth(4).click();
    await page.getByTestId('variant-detail').getByText('变体 #5').waitFor();
    await shot(page, '13-mining-variants');

    await page.getByRole('tab', { name: '瓶颈' }).click();
    const bottlenecks = page.getByTestId('bottleneck-table');
    await bottlenecks.locator('tbody tr').first().waitFor();
    // The longest median wait of the running example: decide → pay compensation (521,400 s ≈ 6 days).
    expect(await bottlenecks.locator('tbody tr').first().textContent()).toMatch(/decide.*pay compensation.*6 天/);
    await shot(page, '14-mining-bottlenecks');

    await page.getByRole('tab', { name: '模型发现与符合性' }).click();
    await page.getByTestId('discover').click();
    await page.getByTestId('discovered-model').locator('.djs-element[data-element-id]').first().waitFor();
    await page.getByText('发现的模型：8 个任务').waitFor();
    await page.getByTestId('conform').click();
    await page.getByTestId('conformance').getByText('拟合度', { exact: true }).waitFor();
    expect(await page.getByTestId('conformance').textContent()).toContain('100%');
    await shot(page, '15-mining-discovered-model');

    await page.getByRole('tab', { name: '改革前后对比' }).click();
    await page.getByTestId('split-date').click();
    await page.keyboard.type('2011-01-05');
    await page.keyboard.press('Enter');
    await page.getByTestId('compare').click();
    const compared = page.getByTestId('compare-figures');
    await compared.locator('tbody tr').first().waitFor();
    const table = (await compared.textContent()) ?? '';
    expect(table).toContain('办理工作日中位数');
    expect(table).toMatch(/改革前: 3/);
    await page.waitForTimeout(300);
    await shot(page, '16-mining-before-after');

    // English: the same analysis, relabelled.
    await page.getByTestId('lang-switch').click();
    await page.getByRole('tab', { name: 'Before and after' }).waitFor();
    await page.getByRole('tab', { name: 'Process map' }).click();
    await page.getByText('Arrows show the waiting time between two activities (Median)').waitFor();
    await shot(page, '17-mining-map-en');
    await page.getByTestId('lang-switch').click();

    expect(pageErrors).toEqual([]);
    await context.close();
  }, 180_000);

  it('reads a CSV log with its detected columns and a gzip-compressed XES log with due dates; large maps start with the most frequent activities', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
    await page.goto(`${e2e.base}/mining`);

    await page.locator('input[type="file"]').first().setInputFiles(sharedData('eventlogs', 'receipt.csv'));
    const overview = page.getByTestId('mining-overview');
    await overview.getByText('receipt.csv').waitFor();
    const csv = (await overview.textContent()) ?? '';
    expect(csv).toMatch(/案件数\s*1,434/);
    expect(csv).toContain('CSV：8577 行');
    expect(csv).toContain('time:timestamp: ISO 8601');
    // 27 activities: the map opens with the 20 most frequent, plus start and end, and at most 60 paths between them.
    const map = page.getByTestId('process-map');
    await map.locator('canvas').waitFor();
    expect(await map.getAttribute('data-nodes')).toBe('22');
    await page.waitForTimeout(300);
    await shot(page, '18-mining-csv-map');

    await page.locator('input[type="file"]').first().setInputFiles(sharedData('eventlogs', 'BPIC15_1.xes.gz'));
    await overview.getByText('BPIC15_1.xes.gz').waitFor({ timeout: 60_000 });
    expect((await overview.textContent()) ?? '').toMatch(/案件数\s*1,199/);
    await page.getByRole('tab', { name: '瓶颈' }).click();
    const deadlines = page.getByTestId('deadlines');
    await deadlines.getByText('按日志属性 dueDate').waitFor();
    await page.waitForTimeout(300);
    await shot(page, '19-mining-bpic15-bottlenecks');

    expect(pageErrors).toEqual([]);
    await context.close();
  }, 180_000);

  it('deploys a permit, starts it, completes intake from the worklist with its form, and the token moves to review', async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);

    await page
      .locator('li[role="menuitem"]')
      .filter({ hasText: /^流程$/ })
      .click();
    await page.waitForURL(/\/processes$/);
    await page.getByRole('tab', { name: '流程定义' }).click();
    const deployed = page.waitForResponse((r) => r.url().endsWith('/api/engine/deployments') && r.request().method() === 'POST');
    await page
      .locator('input[type="file"]')
      .first()
      .setInputFiles({ name: 'permit.bpmn', mimeType: 'application/xml', buffer: Buffer.from(PERMIT_BPMN) });
    expect((await deployed).status()).toBe(201);
    await page.getByTestId('deployments').getByText('建筑工程施工许可（端到端）').waitFor();
    await shot(page, '21-processes-deployed');

    await page.getByTestId('start-e2e-permit').click();
    await page.getByTestId('start-business-key').fill('ZC-2026-001');
    await page.getByTestId('start-ok').click();
    await page.waitForURL(/\/processes\/instances\//);
    await page.getByTestId('instance-status').getByText('办理中').waitFor();
    const diagram = page.getByTestId('instance-diagram');
    await diagram.locator('[data-element-id="intake"]').first().waitFor();
    await diagram.locator('.djs-overlay [data-badge="active"]').first().waitFor();
    expect(await page.getByTestId('tokens').textContent()).toContain('受理 × 1');
    await shot(page, '22-instance-at-intake');
    const instanceUrl = page.url();

    // The worklist: the intake task, in time (it has no deadline), review will have one.
    await page.getByRole('link', { name: '返回流程' }).click();
    const worklist = page.getByTestId('worklist');
    await worklist.getByTestId('work-intake').waitFor();
    await shot(page, '23-worklist');
    await worklist.getByTestId('work-intake').click();
    // The form is checked before it is sent (once the dialog shows it, as a user would see it).
    await opened(page.getByRole('dialog').locator('input#applicant'));
    // Sending the empty form shows what is missing.
    const missing = page.getByText('请填写申请单位');
    await page.getByTestId('task-complete').click();
    await missing.waitFor();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input#applicant').fill('邹城市某建筑有限公司');
    await dialog.getByRole('switch').click();
    await shot(page, '24-task-form');
    const completed = page.waitForResponse((r) => r.url().includes('/complete'));
    await page.getByTestId('task-complete').click();
    expect((await completed).status()).toBe(200);
    await page.getByText('“受理”已办结').waitFor();
    await worklist.getByTestId('work-review').waitFor();
    const review = worklist.locator('tr', { has: page.getByTestId('work-review') });
    expect(await review.locator('[data-deadline]').getAttribute('data-deadline')).toMatch(/^(ok|due-soon)$/);
    await shot(page, '25-worklist-review-with-deadline');

    // Back on the instance: the token has moved to review, intake counts one completion.
    await page.goto(instanceUrl);
    await page.getByTestId('tokens').getByText('审查 × 1').waitFor();
    await page.getByTestId('instance-diagram').locator('.djs-overlay [data-badge="done"]').first().waitFor();
    expect(await page.getByTestId('instance-history').textContent()).toContain('任务办结');
    expect(await page.getByTestId('instance-history').textContent()).toContain('改革办 王主任'); // the person's name, not the login name;
    await shot(page, '26-instance-at-review');

    // The engine's own history is an event log the mining page reads: one case so far.
    await page
      .locator('li[role="menuitem"]')
      .filter({ hasText: /^流程挖掘$/ })
      .click();
    await page.getByTestId('engine-history').click();
    const overview = page.getByTestId('mining-overview');
    await overview.getByText('流程引擎办理历史').waitFor();
    expect((await overview.textContent()) ?? '').toMatch(/案件数\s*1/);
    await page.getByTestId('process-map').locator('canvas').waitFor();
    await page.waitForTimeout(300);
    await shot(page, '27-mining-engine-history');

    expect(pageErrors).toEqual([]);
    await context.close();
    console.log(`screenshots: ${e2e.screenshots}`);
  }, 180_000);
});
