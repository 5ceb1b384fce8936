// @vitest-environment jsdom
// The analyzer page against a fetch double in the API's shapes: findings grouped by
// department and by rule with their explanations, the figures before and after, and
// "apply fix" sending the finding's key and showing the new version and ledger item.
import { describe, expect, it, vi } from 'vitest';
import { pageTests } from './page-test.js';
import { byTestId, click, waitFor } from '../test-support.js';
import { departments, fakeApi, figures, permitSummary, qualitySummary, reformSession } from './reform/fake-api.js';

vi.mock('../components/BeforeAfterChart.js', () => ({
  default: ({ categories, before, after }: { categories: string[]; before: number[]; after: number[] }) => (
    <ol data-testid="chart">
      {categories.map((c, i) => (
        <li key={c}>{`${c}:${before[i]}→${after[i]}`}</li>
      ))}
    </ol>
  ),
}));

const group = (f: Record<string, number>) => ({ matters: 2, ...figures(f) });

/** GET /api/analyze as the server answers it: filters and the decision state before paging, counts over every page. */
function analysis(fixed: boolean, query = new URLSearchParams()) {
  const every = [
    {
      key: 'stamp-only-step|370883-JS-001 / step S03',
      rule: 'stamp-only-step',
      severity: 'warning',
      matter: '370883-JS-001',
      matterName: '建筑工程施工许可证核发',
      departmentCode: 'XZSP',
      location: { matter: '370883-JS-001', step: 'S03' },
      message: { zh: '环节「加盖行政审批专用章」(S03)只盖章，应并入决定环节。', en: 'step S03 only stamps; fold it into the decision.' },
      fix: {
        matter: '370883-JS-001',
        description: { zh: '将「加盖行政审批专用章」并入「审批决定」', en: 'Fold S03 into the decision' },
        operations: [{ op: 'foldStep', step: 'S03', into: 'S02' }],
      },
    },
    {
      key: 'mutual-prerequisite|370883-JS-002 / prerequisite 370883-JS-001',
      rule: 'mutual-prerequisite',
      severity: 'error',
      matter: '370883-JS-002',
      matterName: '建设工程质量监督登记',
      departmentCode: 'ZJJ',
      decision: { decision: 'deferred', reason: '待省厅答复', decidedBy: '改革办', decidedAt: '2026-11-28T10:00:00+08:00' },
      location: { matter: '370883-JS-002', prerequisite: '370883-JS-001' },
      message: { zh: '建设工程质量监督登记与建筑工程施工许可证核发互为前置。', en: 'the two matters wait for each other.' },
    },
  ].filter((f) => !fixed || f.rule !== 'stamp-only-step');
  const state = (f: (typeof every)[number]) => f.decision?.decision ?? 'undecided';
  const byDecision: Record<string, number> = { all: every.length, undecided: 0, accepted: 0, deferred: 0, rejected: 0 };
  for (const f of every) byDecision[state(f)]++;
  const decision = query.get('decision') ?? 'all';
  const findings = every.filter(
    (f) =>
      (!query.get('rule') || f.rule === query.get('rule')) &&
      (!query.get('department') || f.departmentCode === query.get('department')) &&
      (decision === 'all' || state(f) === decision),
  );
  const offset = Number(query.get('offset') ?? 0);
  const limit = Number(query.get('limit') ?? 500);
  const sev = (rule: string) => ({ error: 0, warning: 0, suggestion: 0, [every.find((f) => f.rule === rule)?.severity ?? 'error']: every.filter((f) => f.rule === rule).length });
  return {
    regionCode: '370883',
    stage: 'to_be',
    summary: { findings: every.length, bySeverity: { error: 1, warning: fixed ? 0 : 1, suggestion: 0 }, byRule: {}, fixable: fixed ? 0 : 1, remainingErrors: 1 },
    total: findings.length,
    offset,
    limit,
    nextOffset: offset + limit < findings.length ? offset + limit : null,
    byDecision,
    findings: findings.slice(offset, offset + limit),
    byDepartment: [
      ...(fixed
        ? []
        : [{ departmentCode: 'XZSP', departmentName: '行政审批服务局', count: 1, raised: 1, fixable: 1, bySeverity: { error: 0, warning: 1, suggestion: 0 }, findings: [] }]),
      { departmentCode: 'ZJJ', departmentName: '住房和城乡建设局', count: 1, raised: 1, fixable: 0, bySeverity: { error: 1, warning: 0, suggestion: 0 }, findings: [] },
    ],
    byRule: [
      {
        rule: 'mutual-prerequisite',
        docs: { zh: '互为前置的事项，取消没有法律依据的一方。', en: 'Mutual prerequisites are cut.', principle: 'mutual_prerequisite' },
        principle: { zh: '凡是互为前置的环节坚决减掉', en: 'Steps that are each other’s prerequisite are cut' },
        severity: 'error',
        count: 1,
        raised: 1,
        fixable: 0,
        bySeverity: sev('mutual-prerequisite'),
        findings: [],
      },
      ...(fixed
        ? []
        : [
            {
              rule: 'stamp-only-step',
              docs: { zh: '只盖章的环节并入决定环节。', en: 'Stamp-only steps are folded.', principle: 'unnecessary_review' },
              principle: { zh: '没有必要的审核、会签和盖章坚决减掉', en: 'Unnecessary reviews, countersigns and stamps are cut' },
              severity: 'warning',
              count: 1,
              raised: 1,
              fixable: 1,
              bySeverity: sev('stamp-only-step'),
              findings: [],
            },
          ]),
    ],
    figures: {
      asIs: { catalogue: group({ materials: 29, materialsToSubmit: 29, steps: fixed ? 7 : 8, stamps: fixed ? 1 : 2 }), departments: {}, matters: {} },
      toBe: { catalogue: group({ materials: 20, materialsToSubmit: 12, steps: 6, stamps: 1 }), departments: {}, matters: {} },
    },
  };
}

describe('analyzer page', () => {
  const pages = pageTests();

  it('groups findings by department and rule, explains them, and applies a fix as a to-be version and a ledger item', async () => {
    let fixed = false;
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/org/departments') return { status: 200, body: departments };
      if (c.path === '/api/catalog/matters') return { status: 200, body: { total: 2, items: [permitSummary(), qualitySummary] } };
      if (c.path === '/api/analyze') return { status: 200, body: analysis(fixed, c.query) };
      if (c.path === '/api/analyze/fixes' && c.method === 'POST') {
        fixed = true;
        return {
          status: 201,
          body: {
            version: {
              matterCode: '370883-JS-001',
              version: 2,
              stage: 'to_be',
              note: '流程再造分析：stamp-only-step',
              createdBy: 'reform',
              createdAt: '2026-11-29T14:00:00+08:00',
            },
            ledgerItem: { id: 5 },
            applied: [analysis(false).findings[0]],
            figures: { before: figures(), after: figures({ steps: 2, stamps: 0 }) },
          },
        };
      }
    });
    await pages.open('/analyzer');
    await waitFor(() => expect(byTestId('by-department').textContent).toContain('行政审批服务局'));
    expect(calls.find((c) => c.path === '/api/analyze')!.query.get('stage')).toBe('to_be');
    // Paged on the server: the page asks for counts and groups only, each open group for one page of its own.
    expect(calls.find((c) => c.path === '/api/analyze')!.query.get('limit')).toBe('0');
    const groupCall = calls.find((c) => c.path === '/api/analyze' && c.query.get('department') === 'XZSP')!;
    expect(Object.fromEntries(groupCall.query)).toMatchObject({ stage: 'to_be', limit: '10', offset: '0', decision: 'all', decided: 'include' });
    expect(byTestId('analyzer-summary').textContent).toContain('发现问题2');
    expect(byTestId('chart').textContent).toContain('办理环节:8→6');
    expect(byTestId('analyzer-figures').textContent).toContain('需提交材料29');

    // The first department is open: the finding with its matter's name and the fix.
    const dept = byTestId('by-department');
    expect(dept.textContent).toContain('建筑工程施工许可证核发');
    expect(dept.textContent).toContain('370883-JS-001 · 环节 S03');
    expect(dept.textContent).toContain('将「加盖行政审批专用章」并入「审批决定」');

    // By rule: the rule's explanation and the reform principle.
    await click([...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent === '按规则')!);
    const header = [...byTestId('by-rule').querySelectorAll('.ant-collapse-header')].find((h) => h.textContent?.includes('互为前置的事项'))!;
    await click(header);
    await waitFor(() => expect(byTestId('by-rule').textContent).toContain('凡是互为前置的环节坚决减掉'));
    expect(byTestId('by-rule').textContent).toContain('需人工处理'); // no fix for a cycle with a legal basis

    // Apply the fix: confirm, then the server's answer.
    await click([...document.querySelectorAll('[role="tab"]')].find((t) => t.textContent === '按部门')!);
    await click(byTestId('apply-fix'));
    await waitFor(() => expect(document.querySelector('.ant-popconfirm')).not.toBeNull());
    await click([...document.querySelectorAll('.ant-popconfirm button')].find((b) => b.textContent === '应用修复')!);
    await waitFor(() => expect(byTestId('fix-result').textContent).toContain('「建筑工程施工许可证核发」已生成再造后版本 2，并登记台账第 5 项'));
    const post = calls.find((c) => c.path === '/api/analyze/fixes')!;
    expect(post.body).toEqual({ matterCode: '370883-JS-001', findings: ['stamp-only-step|370883-JS-001 / step S03'] });
    expect(post.headers['x-csrf-token']).toBe('csrf-abc');
    // The analysis is run again: the fixed finding is gone.
    await waitFor(() => expect(byTestId('by-department').textContent).not.toContain('行政审批服务局'));
    expect(byTestId('analyzer-summary').textContent).toContain('发现问题1');
  });

  it('shows the as-is baseline read only, and a department officer cannot apply fixes', async () => {
    const officer = {
      ...reformSession,
      user: { ...reformSession.user, username: 'officer', role: 'department_officer' as const, departmentId: 2, departmentName: '住房和城乡建设局' },
    };
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: officer };
      if (c.path === '/api/catalog/matters') return { status: 200, body: { total: 0, items: [] } };
      if (c.path === '/api/analyze') return { status: 200, body: { ...analysis(false, c.query), stage: c.query.get('stage') } };
    });
    const view = await pages.open('/analyzer');
    await waitFor(() => expect(byTestId('by-department').textContent).toContain('行政审批服务局'));
    expect(document.querySelector('[data-testid="apply-fix"]')).toBeNull();
    await click([...document.querySelectorAll('[data-testid="analyzer-stage"] label')].find((l) => l.textContent === '再造前现状')!);
    // The counts, then the open group's page, for each stage.
    await waitFor(() =>
      expect(
        calls
          .filter((c) => c.path === '/api/analyze')
          .map((c) => `${c.query.get('stage')}:${c.query.get('limit')}`)
          .sort(),
      ).toEqual(['as_is:0', 'as_is:10', 'to_be:0', 'to_be:10']),
    );
    expect(view.text()).toContain('基线，只读');
  });

  it('decides findings in bulk and one by one: shows each decision with who and when, filters by it, needs a reason to reject', async () => {
    const calls = fakeApi((c) => {
      if (c.path === '/api/auth/me') return { status: 200, body: reformSession };
      if (c.path === '/api/org/departments') return { status: 200, body: departments };
      if (c.path === '/api/analyze') return { status: 200, body: analysis(false, c.query) };
      if (c.path === '/api/analyze/decisions' && c.method === 'POST')
        return { status: 201, body: { decision: (c.body as { decision: string }).decision === 'accept' ? 'accepted' : 'rejected', decided: 1, skipped: [], fixes: [] } };
    });
    await pages.open('/analyzer');
    await waitFor(() => expect(byTestId('by-department').textContent).toContain('行政审批服务局'));
    // Rejected findings are asked for too: the office filters by decision itself.
    expect(calls.find((c) => c.path === '/api/analyze')!.query.get('decided')).toBe('include');
    const filter = byTestId('decision-filter');
    expect(filter.textContent).toContain('待决定 1');
    expect(filter.textContent).toContain('暂缓 1');
    await click([...filter.querySelectorAll('label')].find((l) => l.textContent?.startsWith('暂缓'))!);
    // Only the deferred finding is left in the open department panel: the XZSP one is filtered out.
    await waitFor(() => expect(byTestId('by-department').textContent).not.toContain('将「加盖行政审批专用章」并入「审批决定」'));
    // The decision state is the server's filter, applied before paging.
    expect(calls.some((c) => c.path === '/api/analyze' && c.query.get('department') === 'XZSP' && c.query.get('decision') === 'deferred')).toBe(true);
    await click([...filter.querySelectorAll('label')].find((l) => l.textContent?.startsWith('全部'))!);

    // One by one: reject needs a reason; the server gets the finding and the reason.
    await waitFor(() => expect(document.querySelectorAll('[data-testid="reject-finding"]').length).toBeGreaterThan(0));
    await click(document.querySelector<HTMLElement>('[data-testid="reject-finding"]')!);
    await waitFor(() => expect(document.querySelector('[data-testid="decision-modal"]')).not.toBeNull());
    const ok = () => [...document.querySelectorAll('.ant-modal button')].find((b) => b.textContent === '不采纳') as HTMLElement;
    await click(ok());
    expect(calls.some((c) => c.path === '/api/analyze/decisions')).toBe(false);
    const reason = document.querySelector<HTMLTextAreaElement>('[data-testid="decision-reason"]')!;
    const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')!.set!;
    setter.call(reason, '省级设定，县级无权取消');
    reason.dispatchEvent(new Event('input', { bubbles: true }));
    await click(ok());
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/analyze/decisions')).toHaveLength(1));
    expect(calls.find((c) => c.path === '/api/analyze/decisions')!.body).toEqual({
      decision: 'reject',
      findings: [{ matterCode: '370883-JS-001', key: 'stamp-only-step|370883-JS-001 / step S03' }],
      reason: '省级设定，县级无权取消',
    });

    // In bulk: every undecided finding of a department in one request, not one per finding.
    const bulk = byTestId('bulk-department-XZSP');
    await click([...bulk.querySelectorAll('button')].find((b) => b.textContent === '全部采纳 1')!);
    await waitFor(() => expect(byTestId('decision-modal').textContent).toContain('行政审批服务局全部待决定的问题'));
    await click([...document.querySelectorAll('.ant-modal button')].find((b) => b.textContent === '采纳') as HTMLElement);
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/analyze/decisions')).toHaveLength(2));
    expect(calls.filter((c) => c.path === '/api/analyze/decisions')[1].body).toEqual({ decision: 'accept', department: 'XZSP' });
  });
});
