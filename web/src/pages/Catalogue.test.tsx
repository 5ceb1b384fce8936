// @vitest-environment jsdom
// The catalogue pages against a fetch double in the API's shapes: list with search and
// filters, a matter drawn as a process and compared across versions, the import's problem
// table, and the ledger with overdue items highlighted.
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { pageTests } from './page-test.js';
import { byTestId, click, typeInto, waitFor } from '../test-support.js';
import { departments, fakeApi, figures, permitMatter, permitSummary, qualitySummary, reformSession, step } from './reform/fake-api.js';

// bpmn-js needs SVG layout jsdom lacks; what matters here is the XML the page hands it.
vi.mock('../components/ProcessDiagram.js', () => ({
  default: ({ xml }: { xml: string }) => <pre data-testid="diagram-xml">{xml}</pre>,
}));

describe('catalogue pages', () => {
  const pages = pageTests();

  it('lists the matters, searches by name and shows which are redesigned', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/org/departments') return { status: 200, body: departments };
      if (c.path === '/api/catalog/matters') {
        const all = [permitSummary(2), qualitySummary];
        const search = c.query.get('search');
        const items = search ? all.filter((m) => m.name.includes(search)) : all;
        return { status: 200, body: { total: items.length, items } };
      }
    });
    const view = await pages.open('/catalogue');
    await waitFor(() => expect(byTestId('catalogue-table').textContent).toContain('建设工程质量监督登记'));
    const table = byTestId('catalogue-table').textContent ?? '';
    expect(table).toContain('行政审批服务局');
    expect(table).toContain('已再造 · 版本 2');
    expect(table).toContain('未再造');
    expect(view.text()).toContain('共 2 项');

    const search = byTestId('catalogue-search').querySelector('input')!;
    await typeInto(search, '施工许可');
    await act(async () => {
      search.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', keyCode: 13, bubbles: true }));
    });
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/catalog/matters').map((c) => c.query.get('search'))).toContain('施工许可'));
    await waitFor(() => expect(byTestId('catalogue-table').textContent).not.toContain('建设工程质量监督登记'));
    const last = calls.filter((c) => c.path === '/api/catalog/matters').at(-1)!;
    expect(last.query.get('search')).toBe('施工许可');
    expect(last.query.get('limit')).toBe('20');
    expect(byTestId('catalogue-table').textContent).toContain('建筑工程施工许可证核发');
  });

  it('shows a published one-thing service, which exists only as redesigned, with its to-be materials, steps and limit instead of dashes', async () => {
    const service = {
      ...permitSummary(1),
      code: '370883-YJS-0001',
      name: '建筑工程施工许可一件事',
      asIsVersion: null,
      asIs: null,
      toBe: { ...permitSummary(1).toBe!, materials: 4, steps: 14, promisedDays: 0.5 },
    };
    fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/org/departments') return { status: 200, body: departments };
      if (c.path === '/api/catalog/matters') return { status: 200, body: { total: 1, items: [service] } };
    });
    await pages.open('/catalogue');
    await waitFor(() => expect(byTestId('catalogue-table').textContent).toContain('建筑工程施工许可一件事'));
    const cells = [...byTestId('catalogue-table').querySelectorAll('tbody tr td')].map((td) => td.textContent);
    expect(cells.slice(4, 7)).toEqual(['4', '14', '0.5']);
  });

  it('draws a matter’s steps as a process and compares its versions', async () => {
    const asIs = { matterCode: '370883-JS-001', version: 1, stage: 'as_is', createdAt: '2026-11-29T02:00:00.000Z', createdBy: 'system', note: '演示数据', matter: permitMatter() };
    const toBeMatter = permitMatter([step('S01', '窗口受理', 'intake', []), step('S02', '质量监督会签', 'countersign', ['S01'], 'ZJJ')]);
    const toBe = { ...asIs, version: 2, stage: 'to_be', createdBy: 'reform', note: '流程再造分析：stamp-only-step', matter: toBeMatter };
    const row = (key: string, status: string, before: unknown, after: unknown) => ({ key, status, before, after, changedFields: [] });
    let fixed = false;
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/org/departments') return { status: 200, body: departments };
      if (c.path === '/api/catalog/matters/370883-JS-001') return { status: 200, body: { summary: permitSummary(2), asIs, toBe } };
      if (c.path === '/api/analyze')
        return {
          status: 200,
          body: {
            findings: fixed
              ? []
              : [
                  {
                    key: 'extra-visit|370883-JS-001',
                    rule: 'extra-visit',
                    severity: 'warning',
                    matter: '370883-JS-001',
                    departmentCode: 'XZSP',
                    location: { matter: '370883-JS-001' },
                    message: { zh: '申请人需到现场 2 次，应压减为最多跑一次。', en: 'two visits; at most one.' },
                    fix: { matter: '370883-JS-001', description: { zh: '跑动次数压减为 1 次', en: 'Visits down to 1' }, operations: [{ op: 'setVisits', visits: 1 }] },
                  },
                ],
          },
        };
      if (c.path === '/api/analyze/fixes') {
        fixed = true;
        return {
          status: 201,
          body: {
            version: { matterCode: '370883-JS-001', version: 3, stage: 'to_be' },
            ledgerItem: { id: 4 },
            applied: [],
            figures: { before: figures(), after: figures({ visits: 1 }) },
          },
        };
      }
      if (c.path === '/api/catalog/matters/370883-JS-001/versions') return { status: 200, body: { items: [asIs, toBe] } };
      if (c.path === '/api/catalog/matters/370883-JS-001/compare') {
        const [a, b] = asIs.matter.steps;
        return {
          status: 200,
          body: {
            before: asIs,
            after: toBe,
            diff: {
              code: '370883-JS-001',
              fields: [],
              legalBases: [],
              materials: [row('M08', 'unchanged', asIs.matter.materials[0], asIs.matter.materials[0])],
              steps: [row('S01', 'unchanged', a, a), row('S02', 'unchanged', b, b), row('S03', 'removed', asIs.matter.steps[2], null)],
              prerequisites: [],
              formFields: [],
              figures: { before: figures(), after: figures({ steps: 2, stamps: 0 }) },
              identical: false,
            },
          },
        };
      }
    });
    const view = await pages.open('/catalogue/matters/370883-JS-001');
    await waitFor(() => expect(byTestId('matter-title').textContent).toBe('建筑工程施工许可证核发'));
    // The to-be version is shown first when there is one: two steps, drawn in order.
    await waitFor(() => expect(byTestId('diagram-xml').textContent).toContain('name="质量监督会签"'));
    expect(byTestId('diagram-xml').textContent).not.toContain('加盖行政审批专用章');
    expect(view.text()).toContain('住房和城乡建设局');

    // Materials: the safety measures are handed in and checked after the decision (收件备查).
    await click([...document.querySelectorAll('[role="tab"]')].find((tab) => tab.textContent?.startsWith('申请材料'))!);
    await waitFor(() => expect(byTestId('post-decision-check-M14').textContent).toBe('收件备查（决定后核查）'));
    expect(document.querySelector('[data-testid="post-decision-check-M08"]')).toBeNull();

    // The as-is version has the stamp step, which cites no legal basis.
    await click([...document.querySelectorAll('[data-testid="matter-stage"] label')].find((l) => l.textContent === '现状')!);
    await waitFor(() => expect(byTestId('diagram-xml').textContent).toContain('name="加盖行政审批专用章"'));
    expect(view.text()).toContain('无法律依据');

    await click([...document.querySelectorAll('[role="tab"]')].find((tab) => tab.textContent === '版本对比')!);
    await waitFor(() => expect(byTestId('compare-steps').textContent).toContain('S03 加盖行政审批专用章'));
    const compare = calls.find((c) => c.path.endsWith('/compare'))!;
    expect([compare.query.get('a'), compare.query.get('b')]).toEqual(['1', '2']);
    // Only the changes, unless asked for everything.
    expect(byTestId('compare-steps').textContent).toContain('删除');
    expect(byTestId('compare-steps').textContent).not.toContain('S01 窗口受理');
    expect(byTestId('compare-steps').textContent).toContain('另有 2 项未变');
    await click(byTestId('compare-changes-only'));
    await waitFor(() => expect(byTestId('compare-steps').textContent).toContain('S01 窗口受理'));
    expect(byTestId('compare-result').textContent).toContain('-1');

    // The matter's own findings, with the fix applied right there; the matter is read again.
    await click([...document.querySelectorAll('[role="tab"]')].find((tab) => tab.textContent === '再造分析')!);
    await waitFor(() => expect(byTestId('matter-findings').textContent).toContain('跑动次数压减为 1 次'));
    expect(calls.find((c) => c.path === '/api/analyze')!.query.get('matter')).toBe('370883-JS-001');
    const detailReads = calls.filter((c) => c.path === '/api/catalog/matters/370883-JS-001').length;
    await click(byTestId('apply-fix'));
    await waitFor(() => expect(document.querySelector('.ant-popconfirm')).not.toBeNull());
    await click([...document.querySelectorAll('.ant-popconfirm button')].find((b) => b.textContent === '应用修复')!);
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/catalog/matters/370883-JS-001').length).toBe(detailReads + 1));
    expect(calls.find((c) => c.path === '/api/analyze/fixes')!.body).toEqual({ matterCode: '370883-JS-001', findings: ['extra-visit|370883-JS-001'] });
    await waitFor(() => expect(view!.text()).toContain('没有发现问题'));
  });

  it('shows the model’s own fields read only: statutory routes and the one followed, issuer type, present-only, no sharing channel, the catalogue’s dictionary entries', async () => {
    const base = permitMatter();
    const matter = {
      ...base,
      materials: [
        { ...base.materials[0], source: { ...base.materials[0].source, issuerType: 'hospital', noSharingChannel: true } },
        { ...base.materials[1], source: { ...base.materials[1].source, issuerType: 'applicant', presentOnly: true } },
      ],
      routes: [
        {
          id: 'commitment',
          name: '告知承诺方式',
          legalBasis: { document: '《中华人民共和国消防法》', article: '第十五条', text: '' },
          promisedDays: 1,
          stepsAfterDecision: ['S02'],
          commitmentMaterials: ['M14'],
        },
      ],
      route: 'commitment',
    };
    const asIs = { matterCode: '370883-JS-001', version: 1, stage: 'as_is', createdAt: '2026-11-29T02:00:00.000Z', createdBy: 'system', note: '', matter };
    const dictionaries = {
      materials: [{ id: 'birth_certificate', name: '出生医学证明', synonyms: ['出生证'], category: 'certificate', certificate: '出生医学证明', commitmentExclusion: null }],
      fields: [{ id: 'newborn_blood_type', name: '新生儿血型', synonyms: [], type: 'enum', unit: '' }],
    };
    fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/org/departments') return { status: 200, body: departments };
      if (c.path === '/api/catalog/matters/370883-JS-001') return { status: 200, body: { summary: permitSummary(1), asIs, toBe: null, dictionaries } };
      if (c.path === '/api/analyze') return { status: 200, body: { findings: [] } };
      if (c.path === '/api/catalog/matters/370883-JS-001/versions') return { status: 200, body: { items: [asIs] } };
    });
    await pages.open('/catalogue/matters/370883-JS-001');
    await waitFor(() => expect(byTestId('matter-title').textContent).toBe('建筑工程施工许可证核发'));
    const tab = (prefix: string) => click([...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent?.startsWith(prefix))!);
    await tab('申请材料');
    const [first, second] = base.materials.map((m) => m.id);
    await waitFor(() => expect(byTestId(`issuer-type-${first}`).textContent).toBe('医疗机构'));
    expect(byTestId(`no-sharing-channel-${first}`).textContent).toBe('暂无共享渠道');
    expect(byTestId(`present-only-${second}`).textContent).toBe('仅出示');
    await tab('法定办理路径');
    await waitFor(() => expect(byTestId('route-followed').textContent).toBe('现行路径：告知承诺方式'));
    expect(byTestId('routes-table').textContent).toContain('第十五条');
    expect(byTestId('routes-table').textContent).toContain('质量监督会签');
    await tab('清单自有词条');
    await waitFor(() => expect(byTestId('dictionary-entries').textContent).toContain('出生医学证明'));
    expect(byTestId('dictionary-entries').textContent).toContain('新生儿血型');
    expect(byTestId('dictionary-entries').textContent).toContain('出生证');
  });

  it('lists every problem of a rejected import file with sheet, row, column, value and reason', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/catalog/import')
        return {
          status: 422,
          body: {
            error: {
              code: 'catalogue_problems',
              message: { zh: '文件有 2 处问题，未导入任何内容', en: '2 problem(s) in the file; nothing was imported' },
              details: {
                problems: [
                  { sheet: '事项', row: 3, column: 'kind', value: '许可', reason: { zh: '事项类型不在清单中', en: 'unknown matter kind' } },
                  { sheet: '环节', row: 7, column: 'dependsOn', value: 'S99', reason: { zh: '前序环节 S99 不存在', en: 'step S99 does not exist' } },
                ],
              },
            },
          },
        };
    });
    await pages.open('/catalogue?tab=import');
    await waitFor(() => byTestId('import-check'));
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    const file = new File(['code,name\n'], '事项清单.csv', { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file] });
    await click(input); // no-op in jsdom; the change event below hands the file over
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(byTestId<HTMLButtonElement>('import-check').disabled).toBe(false));
    await click(byTestId('import-check'));
    await waitFor(() => expect(byTestId('import-problems').textContent).toContain('前序环节 S99 不存在'));
    expect(byTestId('import-error').textContent).toContain('文件有 2 处问题，未导入任何内容');
    const cells = [...byTestId('import-problems').querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(cells).toEqual([
      // Columns by the template's Chinese headings, not their keys (kind, dependsOn).
      ['事项', '3', '事项类型', '许可', '事项类型不在清单中'],
      ['环节', '7', '前序环节', 'S99', '前序环节 S99 不存在'],
    ]);
    const sent = calls.find((c) => c.path === '/api/catalog/import')!;
    expect(sent.body).toEqual({ fileName: '事项清单.csv', content: btoa('code,name\n'), dryRun: true });
    expect(sent.headers['x-csrf-token']).toBe('csrf-abc');
  });

  it('asks before an import that would remove every step of a matter, and repeats it with allowRemovals when confirmed', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/catalog/import' && !(c.body as { allowRemovals?: boolean }).allowRemovals)
        return {
          status: 409,
          body: {
            error: {
              code: 'removals_need_confirmation',
              message: { zh: '导入将删除 1 个事项的全部办理环节', en: 'the import would remove every step of 1 matter' },
              details: {
                removals: [
                  {
                    matterCode: '370883-JS-001',
                    kind: 'steps',
                    count: 6,
                    reason: { zh: '导入将删除事项 370883-JS-001 的全部 6 项办理环节', en: 'the import would remove all 6 steps of matter 370883-JS-001' },
                  },
                ],
              },
            },
          },
        };
      if (c.path === '/api/catalog/import')
        return { status: 200, body: { imported: true, matters: 1, result: { matters: 1, created: 0, updated: 1, unchanged: 0, departmentsCreated: 0 } } };
    });
    await pages.open('/catalogue?tab=import');
    await waitFor(() => byTestId('import-run'));
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    Object.defineProperty(input, 'files', { value: [new File(['{}'], 'c.json', { type: 'application/json' })] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(byTestId<HTMLButtonElement>('import-run').disabled).toBe(false));
    await click(byTestId('import-run'));
    await waitFor(() => expect(byTestId('import-removals').textContent).toContain('导入将删除事项 370883-JS-001 的全部 6 项办理环节'));
    await click(byTestId('import-removals-confirm'));
    await waitFor(() => expect(byTestId('import-result').textContent).toContain('1'));
    const sent = calls.filter((c) => c.path === '/api/catalog/import').map((c) => c.body);
    expect(sent).toEqual([
      { fileName: 'c.json', content: btoa('{}'), dryRun: false },
      { fileName: 'c.json', content: btoa('{}'), dryRun: false, allowRemovals: true },
    ]);
  });

  it('highlights overdue ledger items and moves an item on', async () => {
    const item = (id: number, status: string, overdue: boolean, deadline: string) => ({
      id,
      regionCode: '370883',
      departmentCode: 'XZSP',
      departmentName: '行政审批服务局',
      matters: [{ matterCode: '370883-JS-001', beforeVersion: 1, afterVersion: null }],
      matterNames: ['建筑工程施工许可证核发'],
      problem: '环节「科长审核」没有法律法规依据',
      measure: '取消环节「科长审核」',
      owner: '改革办 王主任',
      startDate: '2026-10-09',
      deadlineWorkdays: 20,
      deadline,
      status,
      overdue,
      attachments: [],
      figures: { before: figures(), after: figures({ steps: 2 }) },
      createdAt: '2026-10-09T01:00:00.000Z',
      updatedAt: '2026-10-09T01:00:00.000Z',
    });
    const evidence = {
      id: 9,
      fileName: '整改前后流程图.pdf',
      contentType: 'application/pdf',
      size: 2048,
      sha256: 'ab',
      uploadedBy: 'reform',
      uploadedAt: '2026-11-20T02:00:00.000Z',
    };
    let items = [
      { ...item(1, 'planned', true, '2026-11-06'), deadlineProvisional: false },
      { ...item(2, 'done', false, '2027-01-18'), deadlineProvisional: true, attachments: [evidence] },
    ];
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/catalog/ledger') return { status: 200, body: { items } };
      if (c.path === '/api/catalog/ledger/2/attachments') return { status: 201, body: { ...evidence, id: 10, fileName: '验收记录.pdf' } };
      if (c.path === '/api/catalog/ledger/1/status') {
        items = [{ ...items[0], status: 'in_progress' }, items[1]];
        return { status: 200, body: items[0] };
      }
    });
    const view = await pages.open('/catalogue?tab=ledger');
    await waitFor(() => expect(byTestId('ledger-table').textContent).toContain('已逾期'));
    const overdueRows = document.querySelectorAll('[data-testid="ledger-table"] tr[data-overdue="true"]');
    expect(overdueRows).toHaveLength(1);
    expect(overdueRows[0].textContent).toContain('2026-11-06');
    expect(view.text()).toContain('逾期 1 项');
    // a deadline computed on a year without its official arrangement is marked 暂定
    expect(byTestId('ledger-provisional-2').textContent).toBe('暂定');
    expect(document.querySelector('[data-testid="ledger-provisional-1"]')).toBeNull();
    expect(byTestId('ledger-table').textContent).toContain('办理环节：3 → 2');
    // A done item can be verified by the reform office, or reopened.
    const doneRow = [...document.querySelectorAll('[data-testid="ledger-table"] tbody tr')].find((tr) => tr.textContent?.includes('2027-01-18'))!;
    expect([...doneRow.querySelectorAll('button:not(.ant-table-row-expand-icon)')].map((b) => b.textContent)).toEqual(['验收', '推进']);
    expect(doneRow.textContent).toContain('佐证 1 份');

    // The row opens on the whole problem, the measure and the evidence; evidence goes up base64-encoded with the CSRF token.
    await click(doneRow.querySelector('.ant-table-row-expand-icon')!);
    await waitFor(() => byTestId('ledger-evidence-2'));
    expect(byTestId('ledger-evidence-2').querySelector('a[href="/api/catalog/ledger/2/attachments/9"]')?.textContent).toContain('整改前后流程图.pdf');
    const input = byTestId('ledger-evidence-2').querySelector<HTMLInputElement>('input[type="file"]')!;
    Object.defineProperty(input, 'files', { value: [new File(['%PDF-1.7'], '验收记录.pdf', { type: 'application/pdf' })] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await waitFor(() => expect(calls.some((c) => c.path === '/api/catalog/ledger/2/attachments')).toBe(true));
    const upload = calls.find((c) => c.path === '/api/catalog/ledger/2/attachments')!;
    expect(upload.body).toEqual({ fileName: '验收记录.pdf', contentType: 'application/pdf', content: btoa('%PDF-1.7') });
    expect(upload.headers['x-csrf-token']).toBe('csrf-abc');

    // A status change is confirmed first: nothing is sent before.
    await click([...overdueRows[0].querySelectorAll('button')].find((b) => b.textContent === '推进')!);
    await waitFor(() => expect(document.querySelector('.ant-popconfirm')?.textContent).toContain('确认将台账第 1 项'));
    expect(calls.some((c) => c.path === '/api/catalog/ledger/1/status')).toBe(false);
    await click([...document.querySelectorAll<HTMLElement>('.ant-popconfirm button')].find((b) => b.textContent === '推进')!);
    await waitFor(() => expect(calls.some((c) => c.path === '/api/catalog/ledger/1/status')).toBe(true));
    expect(calls.find((c) => c.path === '/api/catalog/ledger/1/status')!.body).toEqual({ status: 'in_progress' });
    await waitFor(() => expect(byTestId('ledger-table').textContent).toContain('推进中'));
    // The upward report is a download of the server's xlsx.
    expect([...document.querySelectorAll('a')].find((a) => a.textContent?.includes('导出上报台账'))?.getAttribute('href')).toBe('/api/catalog/ledger/report');
  });
});
