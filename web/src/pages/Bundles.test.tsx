// @vitest-environment jsdom
// The bundle pages against a fetch double in the API's shapes: the wizard picks matters from
// any department, previews the draft and saves it; a saved bundle shows its before/after,
// unified form, materials, letter and process, links its print views and publishes.
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { pageTests } from './page-test.js';
import { byTestId, click, typeInto, waitFor } from '../test-support.js';
import { departments, fakeApi, permitSummary, qualitySummary, reformSession, step } from './reform/fake-api.js';

vi.mock('../components/BeforeAfterChart.js', () => ({ default: () => <div data-testid="chart" /> }));
vi.mock('../components/ProcessDiagram.js', () => ({ default: ({ xml }: { xml: string }) => <pre data-testid="diagram-xml">{xml}</pre> }));

const before = { matters: 2, forms: 2, materials: 20, steps: 9, departments: 2, stamps: 2, countersigns: 1, visits: 4, promisedWorkdays: 2 };
const after = { matters: 2, forms: 1, materials: 6, steps: 4, departments: 2, stamps: 1, countersigns: 0, visits: 1, promisedWorkdays: 1, commitmentLetters: 1 };
const draft = {
  name: '建筑工程施工许可一件事',
  regionCode: '370883',
  matterCodes: ['370883-JS-001', '370883-JS-002'],
  form: {
    title: '建筑工程施工许可一件事申请表',
    fields: [
      {
        key: 'applicant_name',
        canonicalKey: 'applicant_name',
        label: '申请单位名称',
        type: 'text',
        unit: '',
        options: [],
        required: true,
        matters: ['370883-JS-001', '370883-JS-002'],
        labels: ['建设单位名称', '申请单位'],
      },
    ],
    conflicts: [
      {
        canonicalKey: 'investment',
        aspects: ['unit'],
        reconcilable: true,
        definitions: [
          { matterCode: '370883-JS-001', fieldKey: 'F09', label: '合同价格', type: 'money', unit: '万元', options: [], required: true },
          { matterCode: '370883-JS-002', fieldKey: 'Q09', label: '工程造价', type: 'money', unit: '元', options: [], required: true },
        ],
        chosen: { type: 'money', unit: '万元', options: [] },
        decided: false,
        message: { zh: '字段「工程投资」在各事项中的单位不一致（万元、元），默认采用万元。', en: 'units differ; 万元 by default.' },
      },
    ],
    duplicatesRemoved: 1,
  },
  materials: [
    {
      key: 'construction_planning_permit',
      canonicalId: 'construction_planning_permit',
      name: '建设工程规划许可证',
      category: 'licence',
      disposition: 'shared',
      required: true,
      conditions: [],
      uses: [{ matterCode: '370883-JS-001', materialId: 'M08', name: '建设工程规划许可证及附件' }],
      issuer: '自然资源和规划局',
      issuerDepartmentCode: 'ZRZY',
      legalBases: [],
      commitmentExclusion: null,
    },
    {
      key: 'site_readiness',
      canonicalId: 'site_readiness',
      name: '施工场地已基本具备施工条件的证明',
      category: 'proof',
      disposition: 'commitment',
      required: true,
      conditions: [],
      uses: [{ matterCode: '370883-JS-001', materialId: 'M09', name: '施工场地已基本具备施工条件的证明' }],
      issuer: '',
      issuerDepartmentCode: null,
      legalBases: [],
      commitmentExclusion: null,
    },
    {
      key: 'safety_measures',
      canonicalId: 'safety_measures',
      name: '保证工程质量和安全的具体措施',
      category: 'report',
      disposition: 'submit',
      required: true,
      conditions: [],
      uses: [{ matterCode: '370883-JS-001', materialId: 'M14', name: '保证工程质量和安全的具体措施' }],
      issuer: '',
      issuerDepartmentCode: null,
      legalBases: [],
      commitmentExclusion: 'public_safety',
      checkedAfterDecision: {
        matters: ['370883-JS-001'],
        legalBases: [{ document: '《国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见》（国办发〔2019〕11号）', article: '', text: '' }],
      },
    },
  ],
  removedMaterials: [],
  letter: {
    title: '建筑工程施工许可一件事告知承诺书',
    bundleName: '建筑工程施工许可一件事',
    basis: { document: '《国务院办公厅关于全面推行证明事项和涉企经营许可事项告知承诺制的指导意见》（国办发〔2020〕42号）', article: '', text: '' },
    notice: [{ zh: '承诺的效力：行政机关不再索要有关证明。', en: 'Effect: no further proof is asked.' }],
    commitments: [
      {
        no: 1,
        materialKey: 'site_readiness',
        proof: '施工场地已基本具备施工条件的证明',
        content: { zh: '施工场地已基本具备施工条件。', en: 'The site is ready.' },
        legalBases: [],
        matters: ['370883-JS-001'],
        duty: { zh: '', en: '' },
        verification: { zh: '开工前现场核查', en: 'site check before work starts' },
      },
    ],
    consequences: { zh: '不实承诺的，依法撤销并纳入信用记录。', en: 'A false commitment is revoked and recorded.' },
    declaration: { zh: '本单位对上述承诺的真实性负责。', en: 'We answer for the truth of these commitments.' },
    excluded: [],
  },
  process: {
    processId: 'Bundle_1',
    branches: [
      {
        matterCode: '370883-JS-001',
        matterName: '建筑工程施工许可证核发',
        departmentCode: 'XZSP',
        steps: [step('S02', '材料审查', 'review', [])],
        workdays: 1,
        stepWorkdays: 1,
        commitmentBased: false,
        toExamine: ['施工图设计文件'],
        checkedAfterDecision: ['保证工程质量和安全的具体措施'],
        result: '建筑工程施工许可证',
      },
    ],
    workdays: 1,
    criticalBranch: '370883-JS-001',
    bpmnXml: '<definitions><process id="Bundle_1"><userTask id="Task_JointIntake" name="综合窗口一次受理" /></process></definitions>',
  },
  prerequisites: [{ matterCode: '370883-JS-001', prerequisite: '370883-JS-002', hasLegalBasis: true, outcome: 'joint' }],
  openFindings: [],
  before,
  after,
  legalBases: [],
  fees: [],
  resultPackage: [{ matterCode: '370883-JS-001', result: '建筑工程施工许可证', departmentCode: 'XZSP' }],
};
const stored = (status: 'draft' | 'published') => ({
  id: 7,
  regionCode: '370883',
  name: draft.name,
  status,
  leadDepartmentCode: 'XZSP',
  departments: ['XZSP', 'ZJJ'],
  matterNames: { '370883-JS-001': '建筑工程施工许可证核发', '370883-JS-002': '建设工程质量监督登记' },
  vetoes: [],
  publishChanges: null,
  latestVersion: 1,
  publishedVersion: status === 'published' ? 1 : null,
  serviceCode: status === 'published' ? '370883-YJS-0007' : null,
  processKey: 'Bundle_1',
  deploymentId: status === 'published' ? 3 : null,
  createdBy: 'reform',
  createdAt: '2026-11-29T14:00:00+08:00',
  updatedAt: '2026-11-29T14:00:00+08:00',
  publishedAt: status === 'published' ? '2026-11-29T14:05:00+08:00' : null,
  before,
  after,
  version: 1,
  matterCodes: draft.matterCodes,
  decisions: {},
  note: '',
  versionCreatedBy: 'reform',
  versionCreatedAt: '2026-11-29T14:00:00+08:00',
  draft,
});

function checkboxOf(row: string): HTMLInputElement {
  const tr = [...document.querySelectorAll('[data-testid="picker-table"] tbody tr')].find((r) => r.textContent?.includes(row));
  if (!tr) throw new Error(`no row ${row}`);
  return tr.querySelector('input[type="checkbox"]')!;
}

describe('bundle pages', () => {
  const pages = pageTests();

  it('picks matters from two departments, previews the draft and saves it', async () => {
    let saved = false;
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/org/departments') return { status: 200, body: departments };
      if (c.path === '/api/catalog/matters') {
        const dept = c.query.get('department');
        const items = [permitSummary(), qualitySummary].filter((m) => !dept || m.departmentCode === dept);
        return { status: 200, body: { total: items.length, items } };
      }
      if (c.path === '/api/bundles' && c.method === 'GET') return { status: 200, body: { items: saved ? [stored('draft')] : [] } };
      if (c.path === '/api/bundles/preview') return { status: 200, body: { before, after, draft } };
      if (c.path === '/api/bundles' && c.method === 'POST') {
        saved = true;
        return { status: 201, body: stored('draft') };
      }
      if (c.path === '/api/bundles/7') return { status: 200, body: stored('draft') };
    });
    const view = await pages.open('/bundles');
    await waitFor(() => expect(view!.text()).toContain('还没有一件事'));
    await click(byTestId('bundle-new'));
    await waitFor(() => checkboxOf('建设工程质量监督登记'));
    await click(checkboxOf('建筑工程施工许可证核发'));
    await click(checkboxOf('建设工程质量监督登记'));
    await waitFor(() => expect(byTestId('picker-selected').textContent).toContain('已选 2 项'));
    expect(byTestId<HTMLButtonElement>('bundle-preview').disabled).toBe(true); // no name yet
    await typeInto(byTestId<HTMLInputElement>('bundle-name'), '建筑工程施工许可一件事');
    await waitFor(() => expect(byTestId<HTMLButtonElement>('bundle-preview').disabled).toBe(false));
    await click(byTestId('bundle-preview'));
    await waitFor(() => expect(byTestId('bundle-figures').textContent).toContain('申请表'));
    expect(calls.find((c) => c.path === '/api/bundles/preview')!.body).toEqual({ name: '建筑工程施工许可一件事', matterCodes: ['370883-JS-001', '370883-JS-002'] });
    const figureRows = [...byTestId('bundle-figures').querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(figureRows.find((r) => r[0] === '需提交材料')).toEqual(['需提交材料', '20', '', '6', '-14']);
    expect(figureRows.find((r) => r[0] === '承诺书')).toEqual(['承诺书', '—', '', '1', '']);

    // A field the matters define differently: the reform office picks the unit, and the draft is computed again.
    await click([...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent === '统一申请表 (1)')!);
    await waitFor(() => expect(view!.text()).toContain('单位不一致（万元、元）'));
    const select = byTestId('conflict-investment').querySelector('.ant-select')!;
    await act(async () => {
      select.querySelector('input, .ant-select-selector, .ant-select-content')?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    });
    await waitFor(() => expect([...document.querySelectorAll('.ant-select-item-option')].map((o) => o.textContent)).toContain('元'));
    await click([...document.querySelectorAll('.ant-select-item-option')].find((o) => o.textContent === '元')!);
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/bundles/preview')).toHaveLength(2));
    expect(calls.filter((c) => c.path === '/api/bundles/preview')[1].body).toEqual({
      name: '建筑工程施工许可一件事',
      matterCodes: ['370883-JS-001', '370883-JS-002'],
      decisions: { investment: { unit: '元' } },
    });

    await click(byTestId('bundle-save'));
    await waitFor(() => expect(byTestId('bundle-title').textContent).toBe('建筑工程施工许可一件事'));
    const post = calls.find((c) => c.path === '/api/bundles' && c.method === 'POST')!;
    expect(post.body).toEqual({ name: '建筑工程施工许可一件事', matterCodes: ['370883-JS-001', '370883-JS-002'], decisions: { investment: { unit: '元' } } });
    expect(post.headers['x-csrf-token']).toBe('csrf-abc');
  });

  it('shows a saved bundle’s form, materials, letter and process, links its print views and publishes it', async () => {
    let published = false;
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/org/departments') return { status: 200, body: departments };
      if (c.path === '/api/catalog/matters') return { status: 200, body: { total: 2, items: [permitSummary(), qualitySummary] } };
      if (c.path === '/api/bundles/7' && c.method === 'PUT')
        return { status: 200, body: { ...stored('draft'), version: 2, latestVersion: 2, versionCreatedAt: '2026-11-29T14:10:00+08:00' } };
      if (c.path === '/api/bundles/7') return { status: 200, body: stored(published ? 'published' : 'draft') };
      if (c.path === '/api/bundles/7/publish-preview') return { status: 200, body: { version: 2, publishedVersion: null, undecided: [], changes: null } };
      if (c.path === '/api/bundles/7/publish') {
        published = true;
        return { status: 200, body: { bundle: stored('published'), serviceCode: '370883-YJS-0007', serviceVersion: 1, deployment: { id: 3, processKey: 'Bundle_1', version: 1 } } };
      }
    });
    const view = await pages.open('/bundles/7');
    await waitFor(() => expect(byTestId('bundle-title').textContent).toBe('建筑工程施工许可一件事'));
    const links = Object.fromEntries([...document.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')]));
    expect(links['申请表 PDF']).toBe('/api/bundles/7/form.pdf?version=1');
    expect(links['打印承诺书']).toBe('/api/bundles/7/letter.html?version=1');
    expect(links['下载流程 BPMN']).toBe('/api/bundles/7/process.bpmn?version=1&download=true');

    const tab = async (name: string) => {
      await click([...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent?.startsWith(name))!);
    };
    await tab('统一申请表');
    await waitFor(() => expect(byTestId('bundle-form').textContent).toContain('建设单位名称、申请单位'));
    await tab('材料清单');
    await waitFor(() => expect(byTestId('bundle-materials').textContent).toContain('数据共享获取（免提交）'));
    expect(byTestId('bundle-materials').textContent).toContain('自然资源和规划局');
    // Handed in, but received now and checked after the decision (收件备查).
    expect(byTestId('checked-after-decision-safety_measures').textContent).toBe('收件备查，决定后核查');
    expect(byTestId('bundle-materials').querySelectorAll('[data-testid^="checked-after-decision-"]')).toHaveLength(1);
    await tab('告知承诺书');
    await waitFor(() => expect(byTestId('bundle-letter').textContent).toContain('1. 施工场地已基本具备施工条件的证明'));
    expect(byTestId('bundle-letter').textContent).toContain('开工前现场核查');
    await tab('并联审批流程');
    await waitFor(() => expect(byTestId('diagram-xml').textContent).toContain('综合窗口一次受理'));
    expect(view.text()).toContain('合并后承诺时限 1 个工作日，由「建筑工程施工许可证核发」决定。');
    expect(view.text()).toContain('决定前审查的材料');
    expect(view.text()).toContain('施工图设计文件');
    expect(view.text()).toContain('保证工程质量和安全的具体措施');

    // Recomputing from the catalogue as it stands makes version 2.
    await click(byTestId('bundle-revise'));
    await waitFor(() => expect(document.querySelector('.ant-popconfirm')).not.toBeNull());
    await act(async () => {
      [...document.querySelectorAll<HTMLButtonElement>('.ant-popconfirm button')].find((b) => b.textContent === '按当前清单重新计算')!.click();
    });
    await waitFor(() => expect(view!.text()).toContain('已保存为版本 2'));
    expect(calls.find((c) => c.method === 'PUT')!.body).toEqual({ name: '建筑工程施工许可一件事' });
    expect(byTestId('bundle-version').textContent).toContain('版本 2');

    await click(byTestId('bundle-publish'));
    await waitFor(() => expect(document.querySelector('.ant-popconfirm')).not.toBeNull());
    await act(async () => {
      [...document.querySelectorAll<HTMLButtonElement>('.ant-popconfirm button')].find((b) => b.textContent === '发布')!.click();
    });
    await waitFor(() => expect(view!.text()).toContain('已发布为服务 370883-YJS-0007'));
    expect(calls.filter((c) => c.path === '/api/bundles/7/publish').map((c) => c.method)).toEqual(['POST']);
    expect(byTestId<HTMLButtonElement>('bundle-publish').disabled).toBe(true);
  });
  it('shows the official figures a government published beside the computed ones, with the difference', async () => {
    const official = [
      { figure: 'materials', stage: 'before', value: 22, source: '县政府网站', publishedOn: '2026-06-30', recordedBy: 'reform', recordedAt: '2026-11-29T14:00:00+08:00' },
    ];
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/org/departments') return { status: 200, body: departments };
      if (c.path === '/api/catalog/matters') return { status: 200, body: { total: 2, items: [permitSummary(), qualitySummary] } };
      if (c.path === '/api/bundles/7') return { status: 200, body: stored('draft') };
      if (c.path === '/api/bundles/7/official-figures') return { status: 200, body: { figures: official } };
    });
    const view = await pages.open('/bundles/7');
    await waitFor(() => expect(byTestId('bundle-title').textContent).toBe('建筑工程施工许可一件事'));
    await click([...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent === '官方公布数据')!);
    await waitFor(() => expect(byTestId('official-figures').textContent).toContain('县政府网站'));
    const row = [...byTestId('official-figures').querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    // published 22 beside the computed 20: +2
    expect(row[0].slice(0, 5)).toEqual(['需提交材料', '合并前', '22', '20', '+2']);
    expect(view.text()).toContain('不替代计算值');
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });
});
