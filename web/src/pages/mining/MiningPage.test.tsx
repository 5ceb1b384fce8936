// @vitest-environment jsdom
// The mining page against a fetch double whose answers are computed by the server's own mining
// functions on the public running-example log, exactly as POST /api/mining/* computes them.
import fs from 'node:fs';
import { act } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { Providers, RootBoundary, routes } from '../../App.js';
import { apiError, byTestId, click, installBrowserShims, mockApi, render, waitFor, type Answer, type Handler, type Rendered } from '../../test-support.js';
import { importXesString } from '../../../../src/mining/import/xes.js';
import { LogImportError } from '../../../../src/mining/import/errors.js';
import { summarizeLog } from '../../../../src/mining/summary.js';
import { discoverProcessTree } from '../../../../src/mining/discover/inductive.js';
import { bpmnToXml, treeToBpmn } from '../../../../src/mining/discover/bpmn.js';
import { treeToString } from '../../../../src/mining/discover/process-tree.js';
import { defaultCalendar } from '../../../../src/calendar/index.js';
import { sharedData, sharedDataExists } from '../../../../test/support/shared-data.js';

// Canvas and SVG drawing need a real browser (the end-to-end test draws them); here the chart shows
// its labels as text and the diagram its badges.
vi.mock('./Chart.js', () => ({
  default: ({ option, ariaLabel }: { option: { series?: Array<{ links?: Array<{ label: { formatter: string } }>; data?: unknown[] }> }; ariaLabel: string }) => (
    <div data-testid="chart" aria-label={ariaLabel}>
      {(option.series ?? []).flatMap((s) => (s.links ?? []).map((l) => l.label.formatter)).join('|')}
    </div>
  ),
}));
vi.mock('../../components/ProcessDiagram.js', () => ({
  default: ({ xml, badges = [] }: { xml: string; badges?: Array<{ elementId: string; incidents?: number }> }) => (
    <div data-testid="bpmn">{`${xml.includes('<bpmndi:BPMNDiagram') ? 'diagram' : 'no diagram'} ${badges.map((b) => `${b.elementId}:${b.incidents}`).join(',')}`}</div>
  ),
}));

const LOG_FILE = sharedData('eventlogs', 'running-example.xes');
const session = {
  user: { id: 2, username: 'reform', displayName: '改革办 王主任', role: 'reform_office', regionCode: '370883', regionName: '邹城市', departmentId: null, departmentName: null },
  csrfToken: 'csrf-abc',
};

/** Reads the log of a request body as the route does, or answers 422 with the position. */
function withLog(content: string, answer: (log: ReturnType<typeof importXesString>) => unknown): Answer {
  try {
    return { status: 200, body: answer(importXesString(content)) };
  } catch (err) {
    if (err instanceof LogImportError) return apiError(err.status, err.publicCode, err.messages.zh, err.messages.en, err.details);
    throw err;
  }
}

const summary: Handler = (call) => {
  const body = call.body as { log: { content: string }; variants?: number };
  return withLog(body.log.content, (log) => {
    const s = summarizeLog(log, { calendar: defaultCalendar() });
    const totalVariants = s.variants.length;
    if (body.variants !== undefined) s.variants = s.variants.slice(0, body.variants);
    return { ...s, totalVariants };
  });
};
const discover: Handler = (call) => {
  const body = call.body as { log: { content: string }; noiseThreshold: number; name?: string };
  return withLog(body.log.content, (log) => {
    const tree = discoverProcessTree(log, { noiseThreshold: body.noiseThreshold });
    const model = treeToBpmn(tree, { name: body.name });
    return {
      bpmn: bpmnToXml(model),
      tree: treeToString(tree),
      tasks: model.nodes.filter((n) => n.kind === 'task').length,
      gateways: model.nodes.filter((n) => n.kind.endsWith('Gateway')).length,
    };
  });
};

async function renderAt(path: string): Promise<Rendered> {
  const router = createMemoryRouter([{ element: <RootBoundary />, children: routes }], { initialEntries: [path] });
  return render(
    <Providers lang="zh-CN">
      <RouterProvider router={router} />
    </Providers>,
  );
}

async function upload(name: string, content: string): Promise<void> {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  const file = new File([content], name, { type: 'application/xml' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

function tab(name: string): Element {
  const found = [...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent === name);
  if (!found) throw new Error(`no tab ${name}`);
  return found;
}

describe.runIf(sharedDataExists('eventlogs', 'running-example.xes'))('process mining page', () => {
  let view: Rendered | undefined;
  beforeAll(installBrowserShims);
  afterEach(() => {
    view?.unmount();
    view = undefined;
    localStorage.clear();
    vi.unstubAllGlobals();
  });

  it('analyses an uploaded XES log: figures in working days, the map by frequency and by waiting time, variants and bottlenecks', async () => {
    const calls = mockApi({ 'GET /api/auth/me': { status: 200, body: session }, 'POST /api/mining/summary': summary });
    view = await renderAt('/mining');
    await waitFor(() => expect(view!.text()).toContain('点击或拖入事件日志文件'));
    await upload('running-example.xes', fs.readFileSync(LOG_FILE, 'utf8'));

    await waitFor(() => expect(byTestId('mining-overview').textContent).toContain('running-example.xes'), 10_000);
    const overview = byTestId('mining-overview').textContent ?? '';
    expect(overview).toContain('案件数6');
    expect(overview).toContain('事件数42');
    expect(overview).toContain('变体数6');
    expect(overview).toContain('5.5 个工作日');
    const request = calls.find((c) => c.path === '/api/mining/summary')!;
    expect(request.headers['x-csrf-token']).toBe('csrf-abc');
    expect(request.body).toMatchObject({ log: { format: 'xes' }, calendar: 'cn-workday', variants: 500 });

    // Frequency: the paths carry counts; performance: waiting times.
    const map = () => byTestId('process-map');
    expect(map().dataset.mode).toBe('frequency');
    expect(map().dataset.nodes).toBe('10');
    expect(map().textContent!.split('|')).toContain('6');
    const performance = [...document.querySelectorAll('.ant-segmented-item')].find((i) => i.textContent === '耗时')!;
    await click(performance.querySelector('input') ?? performance);
    await waitFor(() => expect(map().dataset.mode).toBe('performance'));
    expect(map().textContent!.split('|')).toContain('6 天');
    expect(view.text()).toContain('等待时间的中位数');

    await click(tab('变体'));
    await waitFor(() => expect(byTestId('variant-table').querySelectorAll('tbody tr.ant-table-row')).toHaveLength(6));
    expect(byTestId('variant-coverage').textContent).toContain('共 6 种变体、6 个案件；最常见的 5 种变体覆盖 80% 的案件');
    await click(byTestId('variant-table').querySelectorAll('tbody tr.ant-table-row')[4]);
    await waitFor(() => expect(byTestId('variant-detail').textContent).toContain('变体 #5'));
    expect(byTestId('variant-detail').textContent).toContain('13. reject request');

    await click(tab('瓶颈'));
    await waitFor(() => byTestId('bottleneck-table'));
    const first = byTestId('bottleneck-table').querySelector('tbody tr.ant-table-row')!.textContent ?? '';
    expect(first).toMatch(/decide.*pay compensation/);
    expect(first).toContain('6 天');
    expect(view.text()).toContain('返工：2 个案件（33.3%）有重复活动');
  });

  it('discovers the model with its diagram and checks the log against it', async () => {
    const calls = mockApi({
      'GET /api/auth/me': { status: 200, body: session },
      'POST /api/mining/summary': summary,
      'POST /api/mining/discover': discover,
      'POST /api/mining/conform': {
        status: 200,
        body: { fitness: 1, averageTraceFitness: 1, fitTraces: 6, percentageFitTraces: 1, deviatingActivities: [], activitiesNotInModel: [], traces: [] },
      },
    });
    view = await renderAt('/mining');
    await waitFor(() => document.querySelector('input[type="file"]') ?? Promise.reject(new Error('no input')));
    await upload('running-example.xes', fs.readFileSync(LOG_FILE, 'utf8'));
    await waitFor(() => byTestId('mining-overview'), 10_000);

    await click(tab('模型发现与符合性'));
    await click(byTestId('discover'));
    await waitFor(() => expect(byTestId('bpmn').textContent).toContain('diagram'), 10_000);
    expect(view.text()).toContain('发现的模型：8 个任务、8 个网关');
    expect(view.text()).toContain("'register request'");
    expect(calls.find((c) => c.path === '/api/mining/discover')!.body).toMatchObject({ noiseThreshold: 0.2, name: 'running-example' });
    await click(byTestId('conform'));
    await waitFor(() => expect(byTestId('conformance').textContent).toContain('100%'));
    expect(typeof (calls.find((c) => c.path === '/api/mining/conform')!.body as { bpmn: string }).bpmn).toBe('string');
    // The reform office may deploy what was found.
    expect(byTestId('deploy-discovered')).toBeTruthy();
  });

  it('stores an uploaded file on the server and analyses the stored log by its id', async () => {
    const content = fs.readFileSync(LOG_FILE, 'utf8');
    const entry = {
      id: 7,
      name: 'running-example.xes',
      source: 'xes',
      fileName: 'running-example.xes',
      fileBytes: content.length,
      storedBytes: 900,
      cases: 6,
      events: 42,
      activities: 8,
      period: { from: null, to: null },
      regionCode: '370883',
      departmentCode: null,
      createdBy: 'reform',
      createdAt: '2026-11-29T08:00:00.000Z',
    };
    let list: unknown[] = [];
    const calls = mockApi({
      'GET /api/auth/me': { status: 200, body: session },
      'POST /api/mining/summary': summary,
      'GET /api/mining/logs': () => ({ status: 200, body: { items: list } }),
      'GET /api/mining/logs/7/summary?calendar=cn-workday&variants=500': withLog(content, (log) => ({ ...summarizeLog(log, { calendar: defaultCalendar() }), totalVariants: 6 })),
    });
    // the upload sends the file itself, not JSON: answered here
    const inner = globalThis.fetch;
    const uploads: Array<{ path: string; headers: Record<string, string>; body: unknown }> = [];
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
      if (typeof input === 'string' && input.startsWith('/api/mining/logs?') && init.method === 'POST') {
        uploads.push({ path: input, headers: init.headers as Record<string, string>, body: init.body });
        list = [entry];
        return new Response(JSON.stringify(entry), { status: 201, headers: { 'content-type': 'application/json' } });
      }
      return inner(input, init);
    });
    view = await renderAt('/mining');
    await waitFor(() => byTestId('stored-logs'));
    expect(byTestId('stored-logs').textContent).toContain('尚无已保存的日志');
    await upload('running-example.xes', content);
    await waitFor(() => byTestId('mining-overview'), 10_000);
    await click(byTestId('store-log'));
    await waitFor(() => expect(uploads).toHaveLength(1));
    expect(uploads[0].path).toContain('fileName=running-example.xes');
    expect(uploads[0].path).toContain('format=xes');
    expect(uploads[0].headers).toMatchObject({ 'content-type': 'application/octet-stream', 'x-csrf-token': 'csrf-abc' });
    expect(uploads[0].body).toBeInstanceOf(File);
    await waitFor(() => expect(calls.some((c) => c.path.startsWith('/api/mining/logs/7/summary'))).toBe(true), 10_000);
    await waitFor(() => expect(byTestId('stored-logs').textContent).toContain('running-example.xes · 6 个案件 · 42 个事件'));
    expect(byTestId('mining-overview').textContent).toContain('案件数6');
    expect(byTestId('delete-stored')).toBeTruthy();
  });

  it('stores the grass-roots cases’ own history and analyses it like any stored log', async () => {
    const content = fs.readFileSync(LOG_FILE, 'utf8');
    const entry = {
      id: 8,
      name: '诉求案件办理历史',
      source: 'cases',
      fileName: null,
      fileBytes: 0,
      storedBytes: 900,
      cases: 6,
      events: 42,
      activities: 8,
      period: { from: null, to: null },
      regionCode: '370883',
      departmentCode: null,
      createdBy: 'reform',
      createdAt: '2026-11-29T08:00:00.000Z',
    };
    let list: unknown[] = [];
    const calls = mockApi({
      'GET /api/auth/me': { status: 200, body: session },
      'GET /api/mining/logs': () => ({ status: 200, body: { items: list } }),
      'POST /api/mining/logs/cases': () => {
        list = [entry];
        return { status: 201, body: entry };
      },
      'GET /api/mining/logs/8/summary?calendar=cn-workday&variants=500': withLog(content, (log) => ({ ...summarizeLog(log, { calendar: defaultCalendar() }), totalVariants: 6 })),
    });
    view = await renderAt('/mining');
    await waitFor(() => byTestId('store-cases'));
    await click(byTestId('store-cases'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/mining/logs/cases')).toBe(true));
    await waitFor(() => expect(calls.some((c) => c.path.startsWith('/api/mining/logs/8/summary'))).toBe(true), 10_000);
    await waitFor(() => byTestId('mining-overview'), 10_000);
    expect(byTestId('mining-overview').textContent).toContain('案件数6');
  });

  it('shows where an unreadable log breaks', async () => {
    mockApi({ 'GET /api/auth/me': { status: 200, body: session }, 'POST /api/mining/summary': summary });
    view = await renderAt('/mining');
    await waitFor(() => document.querySelector('input[type="file"]') ?? Promise.reject(new Error('no input')));
    await upload('broken.xes', '<?xml version="1.0"?>\n<log xes.version="1.0">\n  <trace>\n    <event><string key="concept:name" value="a"/>\n  </trace>\n</log>\n');
    await waitFor(() => expect(byTestId('mining-error').textContent).toContain('事件日志无法读取'), 10_000);
    expect(byTestId('mining-error').textContent).toMatch(/第 \d+ 行，第 \d+ 列/);
    expect(document.querySelector('[data-testid="mining-overview"]')).toBeNull();
  });
});
